import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importClosure, importsOf } from './import-closure.ts';

test('imports of compiled ESM and CJS are found', () => {
  assert.deepEqual(importsOf(`import { a } from './a.js';\nimport * as b from "b";\nimport './c.js';\nexport { d } from '../d.js';\nconst e = await import('e');\nconst f = require("./f.cjs");`), ['./a.js', 'b', './c.js', '../d.js', 'e', './f.cjs']);
});

test('missing relative files and packages are reported; builtins and electron are not', () => {
  const files = new Set(['dist/main.js', 'dist/lib.js', 'node_modules/ws/package.json']);
  const source: Record<string, string> = {
    'dist/main.js': `import { app } from 'electron';\nimport { join } from 'node:path';\nimport fs from 'fs';\nimport './lib.js';\nimport './gone.js';`,
    'dist/lib.js': `import WebSocket from 'ws';\nimport pg from 'pg';`,
  };
  assert.deepEqual(importClosure(['dist/main.js'], files, (f) => source[f]).sort(), ['dist/gone.js', 'dist/lib.js → pg (node_modules/pg)']);
});
