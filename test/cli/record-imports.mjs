// A module-loading hook for test/cli/startup.test.ts: prints every module URL a process loads to stderr.
export async function load(url, context, nextLoad) {
  process.stderr.write(`loaded ${url}\n`);
  return nextLoad(url, context);
}
