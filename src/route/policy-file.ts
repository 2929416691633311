/** Reading a policy file as JSON, with the file named in every error (both policy kinds share it). */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/** The file's parsed JSON (synchronous: a gateway loads a policy once at start-up). */
export function readPolicyJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, 'cannot read the policy file', { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, 'the policy file is not JSON', { cause: error });
  }
}
