// Anthropic's SDK pointed at parity: /v1/messages on any model the gateway routes to (an open model behind an
// OpenAI-compatible server, translated; an Anthropic upstream, passed through).
//   node examples/clients/anthropic-messages.mjs [GATEWAY_URL] [MODEL]
import Anthropic from '@anthropic-ai/sdk';

const [baseURL = 'http://127.0.0.1:8787', model = 'qwen2.5:7b'] = process.argv.slice(2);
// the API key is a parity virtual key (pk-parity-…) when the gateway requires one; anything otherwise
const client = new Anthropic({ baseURL, apiKey: process.env.PARITY_KEY ?? 'unused' });

const message = await client.messages.create({
  model,
  max_tokens: 256,
  system: 'Answer in one sentence.',
  messages: [{ role: 'user', content: 'What is an open-weight model?' }],
});
console.log(message.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join(''));
console.log(`stop_reason: ${message.stop_reason}, tokens: ${message.usage.input_tokens} in, ${message.usage.output_tokens} out`);

// streaming: message_start … content_block_delta … message_stop, read by the SDK's MessageStream
const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'And a closed one?' }] });
stream.on('text', (text) => process.stdout.write(text));
const final = await stream.finalMessage();
console.log(`\nstop_reason: ${final.stop_reason}`);
