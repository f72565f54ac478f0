/** The round trip every message codec passes (step labels, import and bundle warnings): one example per key. */
import assert from 'node:assert/strict';

type Parts = { key: string; params: object };

/** Examples cover every template key; each formats to the English given (the engine's wording of before) and parses back to its parts. */
export function assertRoundTrips<P extends Parts>(templates: object, examples: Record<string, [P, string]>, format: (parts: P) => string, parse: (text: string) => P | null): void {
  assert.deepEqual(Object.keys(examples).sort(), Object.keys(templates).sort(), 'one example per template');
  for (const [parts, english] of Object.values(examples)) {
    assert.equal(format(parts), english);
    assert.deepEqual(parse(english), parts, english);
  }
}
