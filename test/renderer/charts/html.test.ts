import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfusionOption } from '../../../renderer/src/charts/confusion.ts';
import { escapeHtml } from '../../../renderer/src/charts/html.ts';

test('user text in tooltips is escaped, not rendered as HTML', () => {
  assert.equal(escapeHtml(`<img src=x onerror="alert('x')">&`), '&#60;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&#62;&#38;');
  // A class name taken from a CSV file.
  const option: any = buildConfusionOption([[1, 0], [0, 1]], ['<b>cat</b>', 'dog']);
  const tip: string = option.tooltip.formatter({ data: { value: [0, 0, 1, 1] } });
  assert.ok(!tip.includes('<b>'), tip);
  assert.match(tip, /&#60;b&#62;cat/);
});
