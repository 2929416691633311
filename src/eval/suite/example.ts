/** The commented example suite that `parity eval init` writes. */
export const EXAMPLE_SUITE = `# yaml-language-server: $schema=./node_modules/parity/schemas/suite.schema.json
# A parity evaluation suite. Run it with:  parity eval suite.yaml
# Every field is described in schemas/suite.schema.json (your editor can use it for completion).
name: support-triage
description: Does an open model classify support tickets as well as a frontier model?

# The models to compare: provider/model. Keys come from environment variables (OPENAI_API_KEY, GROQ_API_KEY,
# ...), never from this file. Prices come from parity's catalog; set \`price\` for a model it does not know.
providers:
  - ref: ollama/qwen2.5:7b            # a local open model (Ollama on http://localhost:11434)
    label: qwen2.5-7b
    catalogModel: alibaba/qwen2.5-7b-instruct
    price: { inputPerMtok: 0.05, outputPerMtok: 0.10 }   # what you pay to host it, per million tokens
  - ref: openai/gpt-4o-mini           # a proprietary model
    label: gpt-4o-mini

# The prompt, with {{variables}} filled from each case.
prompt:
  system: You are a support triage assistant. Answer with one word.
  user: "Classify this ticket as billing, bug or other: {{ticket}}"

# Default graders for every case; a case can replace them (graders:) or add to them (extraGraders:).
graders:
  - type: equals
    ignoreCase: true
    trim: true

# Cases inline, or from a CSV/JSONL file:  cases: { file: cases.csv }
cases:
  - id: refund
    vars: { ticket: "I was charged twice for my subscription this month." }
    expected: billing
  - id: crash
    vars: { ticket: "The app crashes when I upload a photo." }
    expected: bug
  - id: hello
    vars: { ticket: "Do you have an office in Berlin?" }
    expected: other

repeats: 1          # ask each model each case this many times
concurrency: 4      # requests in flight at once

# Compare an open candidate with a frontier reference: is it within 5 points of the pass rate?
compare:
  - candidate: qwen2.5-7b
    reference: gpt-4o-mini
    margin: 0.05

# Gate CI: the run exits non-zero when a model passes fewer cases than this.
thresholds:
  minPassRate: 0.8
  models: [qwen2.5-7b]
`;
