#!/usr/bin/env node
// the CLI as one bundle with a chunk per command (scripts/bundle-cli.mjs; `npm run build` makes it)
import { main } from '../dist/cli-bundle/main.js';

process.exitCode = await main(process.argv);
