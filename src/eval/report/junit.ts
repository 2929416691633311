import junit, { type Builder } from 'junit-report-builder';
import type { CaseResult, ErrorKind } from '../records/case-result.js';

const ERROR_TYPES: Partial<Record<ErrorKind, string>> = { judge: 'JudgeFailed', grader: 'GraderError' };

/** JUnit XML for CI: one test suite per model, one test case per (case, repeat). */
export function toJUnit(suiteName: string, results: readonly CaseResult[]): string {
  // the package's CommonJS export is the builder itself, while its types describe an ES default export
  const builder = (junit as unknown as Builder).newBuilder();
  const byModel = new Map<string, CaseResult[]>();
  for (const result of results) {
    const list = byModel.get(result.modelRef) ?? [];
    list.push(result);
    byModel.set(result.modelRef, list);
  }
  for (const [modelRef, list] of byModel) {
    const suite = builder.testSuite().name(`${suiteName} — ${modelRef}`);
    for (const result of list) {
      const testCase = suite
        .testCase()
        .className(modelRef)
        .name(result.repeat === 0 ? result.caseId : `${result.caseId} #${result.repeat + 1}`);
      // no time attribute when the latency was not measured (JUnit's time is optional; 0 would read as measured)
      if (result.latencyMs !== null) testCase.time(result.latencyMs / 1000);
      if (result.error !== null) testCase.error(`${result.error.cause}: ${result.error.message}`, ERROR_TYPES[result.error.kind] ?? 'ModelCallFailed');
      else if (!result.pass) testCase.failure(result.reason, 'GraderFailed');
    }
  }
  return builder.build();
}
