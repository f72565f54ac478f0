#!/usr/bin/env node
// Entry of the `modelbench` command: the compiled CLI when built, else the
// TypeScript source (Node 24 runs it directly by stripping types).
import { existsSync } from 'node:fs';

const built = new URL('../dist/main/cli/main.js', import.meta.url);
const source = new URL('../main/cli/main.ts', import.meta.url);
const cli = await import(existsSync(built) ? built.href : source.href);
await cli.runFromProcess();
