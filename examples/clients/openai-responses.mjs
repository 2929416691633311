// OpenAI's SDK on the Responses API pointed at parity: /v1/responses on any model the gateway routes to
// (translated to Chat Completions, or passed through to an upstream that serves Responses itself).
//   node examples/clients/openai-responses.mjs [GATEWAY_URL/v1] [MODEL]
import OpenAI from 'openai';

const [baseURL = 'http://127.0.0.1:8787/v1', model = 'qwen2.5:7b'] = process.argv.slice(2);
// the API key is a parity virtual key (pk-parity-…) when the gateway requires one; anything otherwise
const client = new OpenAI({ baseURL, apiKey: process.env.PARITY_KEY ?? 'unused' });

const response = await client.responses.create({
  model,
  instructions: 'Answer in one sentence.',
  input: 'What is an open-weight model?',
});
console.log(response.output_text);
console.log(`status: ${response.status}, tokens: ${response.usage?.input_tokens} in, ${response.usage?.output_tokens} out`);

// streaming: typed events (response.created … response.output_text.delta … response.completed)
const stream = await client.responses.create({ model, input: 'And a closed one?', stream: true });
for await (const event of stream) {
  if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
  else if (event.type === 'response.completed') console.log(`\nstatus: ${event.response.status}`);
}
