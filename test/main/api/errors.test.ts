import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { describeZodError, issueText } from '../../../main/api/errors.ts';
import { RunConfig } from '../../../main/api/schemas.ts';
import { fieldErrors } from '../../../renderer/src/lib/field-errors.ts';

const failure = (schema: z.ZodType, value: unknown): z.ZodError => {
  const r = schema.safeParse(value);
  assert.equal(r.success, false);
  return (r as { error: z.ZodError }).error;
};

test("the engine's validation errors use people's wording, not zod's", () => {
  const run = { datasetId: 'ds', spec: { layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 0, batchSize: 2.5 }, seed: 1 };
  const text = describeZodError(failure(RunConfig, run));
  assert.equal(text, 'hyperparams.batchSize: Enter a whole number; hyperparams.epochs: Must be at least 1');
  assert.doesNotMatch(text, /Too small|expected|>=|received/);
});

test('one wording for the engine and the form fields', () => {
  const schema = z.strictObject({ n: z.number().int().min(1).max(10_000), name: z.string().min(1), kind: z.enum(['a', 'b']), on: z.boolean(), step: z.number().multipleOf(5) });
  const value = { n: 20_000, name: '', kind: 'c', on: 'yes', step: 7, extra: 1, other: 2 };
  const error = failure(schema, value);
  const fields = fieldErrors(schema, value);
  for (const issue of error.issues) assert.equal(fields[issue.path.join('.')], issueText(issue));
  assert.deepEqual(fields, {
    n: 'Must be at most 10,000', name: 'Required', kind: "Must be one of 'a', 'b'", on: 'Expected true or false', step: 'Must be a multiple of 5',
    '': "Unknown fields 'extra', 'other'",
  });
  assert.match(describeZodError(error, 'options'), /^n: Must be at most 10,000; .*options: Unknown fields 'extra', 'other'$/);
});

test('missing values, fractions and exclusive bounds', () => {
  const schema = z.strictObject({ rate: z.number().gt(0).lt(1), count: z.number() });
  const fields = fieldErrors(schema, { rate: 1 });
  assert.deepEqual(fields, { rate: 'Must be less than 1', count: 'Required' });
  assert.equal(fieldErrors(z.object({ x: z.number().min(0.0000123456) }), { x: 0 }).x, 'Must be at least 1.23456e-5');
  assert.equal(fieldErrors(z.object({ x: z.number().max(2.5) }), { x: 3 }).x, 'Must be at most 2.5');
});

test("a schema's own message is kept; zod's generic ones get people's wording", async () => {
  const { z } = await import('zod');
  const { describeZodError } = await import('../../../main/api/errors.ts');
  const custom = z.object({ s: z.number().lt(1, 'the target sparsity must be in [0, 1)') }).safeParse({ s: 1 });
  assert.match(describeZodError(custom.error!), /s: The target sparsity must be in \[0, 1\)/);
  const generic = z.object({ s: z.number().lt(1) }).safeParse({ s: 1 });
  assert.match(describeZodError(generic.error!), /s: Must be less than 1/);
});
