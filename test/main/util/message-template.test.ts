import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillTemplate, messageCodec, placeholderNames } from '../../../main/util/message-template.ts';

const codec = messageCodec(
  {
    plain: 'nothing to fill',
    counted: 'dropped {{n}} of {{total}} rows ({{columns}})',
    chosen: "filled by '{{rule}}' at {{share}}%",
  },
  {
    plain: {},
    counted: { n: 'number', total: 'number', columns: 'text' },
    chosen: { rule: ['mean', 'most-frequent'], share: 'number' },
  },
);

test('format fills placeholders as the engine writes them; parse gives the parts back', () => {
  const cases = [
    { key: 'plain', params: {} },
    { key: 'counted', params: { n: 3, total: 150, columns: 'a: 1, b (x): 2' } },
    { key: 'chosen', params: { rule: 'most-frequent', share: 12.5 } },
    { key: 'chosen', params: { rule: 'mean', share: 1e-7 } },
  ] as const;
  for (const parts of cases) {
    const text = codec.format(parts);
    assert.doesNotMatch(text, /\{\{/);
    assert.deepEqual(codec.parse(text), parts, text);
  }
  assert.equal(codec.format({ key: 'counted', params: { n: 3, total: 150, columns: 'x' } }), 'dropped 3 of 150 rows (x)');
});

test('text a template does not make parses to null: other words, unknown choices, non-canonical numbers', () => {
  for (const text of ['', 'nothing to fill!', 'dropped 3 of many rows (x)', "filled by 'median' at 5%", "filled by 'mean' at 05%", 'dropped 3 of 150 rows ()']) {
    assert.equal(codec.parse(text), null, text);
  }
});

test('text parameters may hold the template\'s own separators and regex characters', () => {
  const parts = { key: 'counted', params: { n: 1, total: 2, columns: 'weird) (name [.*+?] rows (' } } as const;
  assert.deepEqual(codec.parse(codec.format(parts)), parts);
});

test('a template whose placeholders and parameter kinds differ is refused when the codec is made', () => {
  assert.throws(() => messageCodec({ a: 'x {{y}}' }, { a: {} }), /placeholders and parameter kinds differ \(y\)/);
  assert.throws(() => messageCodec({ a: 'x' }, { a: { z: 'number' } }), /\(z\)/);
});

test('fillTemplate leaves unknown placeholders; placeholderNames lists them in order', () => {
  assert.equal(fillTemplate('{{a}} and {{b}}', { a: 1 }, (_, v) => `<${v}>`), '<1> and {{b}}');
  assert.deepEqual(placeholderNames('{{a}} and {{b}} then {{a}}'), ['a', 'b', 'a']);
});
