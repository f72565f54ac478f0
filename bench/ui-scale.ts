/**
 * UI at scale: 10,000 runs in History and a 10,000-trial study on the Live
 * study screen, through the real engine + web host, driven in Chromium.
 *
 *   node bench/ui-scale.ts [--repeats N] [--keep]
 *
 * Each interaction is timed inside the page (performance.now()): from the
 * click / change / input / scroll to the frame after the DOM shows the expected
 * rows (checked against what the seeder knows: ids, totals, trial numbers).
 * Median of 5. PASS = median under 300 ms. Search includes the History
 * screen's 250 ms typing debounce, so its bar is 250 + 300 ms.
 * Prints a table plus the load average; writes bench/results/ui-scale.json.
 * Needs a built renderer (npx vite build → dist/renderer).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { createEngine } from '../main/engine/engine.ts';
import { median } from '../main/util/stats.ts';
import { startWebHost } from '../main/web/host.ts';
import { seedScale, type ScaleSummary } from '../test/e2e/support/seed-scale.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = join(root, 'dist', 'renderer');
const resultsFile = join(root, 'bench', 'results', 'ui-scale.json');
const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } } });
const REPEATS = Number(args.repeats);
const TARGET_MS = 300;
const DEBOUNCE_MS = 250; // renderer/src/screens/history/history-screen.svelte
const ROW_PX = 30; // renderer/src/screens/study-live/trials-table.svelte
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

if (!existsSync(join(staticDir, 'index.html'))) throw new Error('dist/renderer is missing: run `npx vite build` first');

// ---- in-page timing -------------------------------------------------------

type Action =
  | { kind: 'click'; sel: string }
  | { kind: 'select'; sel: string; value: string }
  | { kind: 'input'; sel: string; value: string }
  | { kind: 'scroll'; sel: string; top: number | 'end' };
/** All fields given must hold: on the first element matching sel (text/attr), on the match count, or on no match having a text. */
type Cond = { sel: string; text?: string; attr?: [string, string]; minCount?: number; noneWithText?: string };
type Checkpoints = Record<string, Cond[]>;

/**
 * Runs `action` in the page and returns, per checkpoint, the ms from the action
 * to the first painted frame at which all its conditions hold. Conditions are
 * re-checked on every DOM mutation and every animation frame.
 */
async function timeInPage(page: Page, action: Action, checkpoints: Checkpoints, timeoutMs = 60_000): Promise<Record<string, number>> {
  return page.evaluate(
    ({ action, checkpoints, timeoutMs }) =>
      new Promise<Record<string, number>>((resolveAll, reject) => {
        const holds = (c: Cond): boolean => {
          const els = document.querySelectorAll(c.sel);
          if (c.noneWithText !== undefined) return !Array.from(els).some((e) => (e.textContent ?? '').trim() === c.noneWithText);
          if (c.minCount !== undefined && els.length < c.minCount) return false;
          const first = els[0] as HTMLElement | undefined;
          if (!first) return false;
          if (c.text !== undefined && (first.textContent ?? '').trim() !== c.text) return false;
          if (c.attr && first.getAttribute(c.attr[0]) !== c.attr[1]) return false;
          return true;
        };
        const names = Object.keys(checkpoints);
        const seen: Record<string, number> = {};
        const painted: Record<string, number> = {};
        let done = false;
        const finish = (err?: Error) => {
          if (done) return;
          done = true;
          observer.disconnect();
          clearTimeout(timer);
          if (err) reject(err);
          else resolveAll(painted);
        };
        const check = () => {
          if (done) return;
          const now = performance.now();
          for (const n of names) {
            if (seen[n] === undefined && checkpoints[n].every(holds)) {
              seen[n] = now;
              // The frame that shows it: next rAF, then after that frame's paint.
              requestAnimationFrame(() => setTimeout(() => {
                painted[n] = performance.now() - t0;
                if (names.every((k) => painted[k] !== undefined)) finish();
              }, 0));
            }
          }
        };
        const observer = new MutationObserver(check);
        const timer = setTimeout(() => finish(new Error(`timed out; reached: ${JSON.stringify(painted)} of ${names.join(', ')}`)), timeoutMs);
        const poll = () => { if (!done) { check(); requestAnimationFrame(poll); } };
        const el = document.querySelector(action.sel) as HTMLElement | null;
        if (!el) return finish(new Error(`no element for ${action.sel}`));
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        const t0 = performance.now();
        (window as unknown as { __actionAt: number }).__actionAt = t0;
        if (action.kind === 'click') el.click();
        else if (action.kind === 'select' || action.kind === 'input') {
          (el as HTMLInputElement).value = action.value;
          el.dispatchEvent(new Event(action.kind === 'select' ? 'change' : 'input', { bubbles: true }));
        } else el.scrollTop = action.top === 'end' ? el.scrollHeight : action.top;
        requestAnimationFrame(poll);
      }),
    { action, checkpoints, timeoutMs },
  );
}

/** Records main-thread long tasks (> 50 ms) from page load on, for settleAfterAction. */
const LONG_TASKS_INIT = () => {
  const w = window as unknown as { __longTasks: [number, number][] };
  w.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
};

/**
 * Waits until the main thread has been free of long tasks for `quietMs`; returns
 * when the last long task after the latest timed action ended (ms after it) and the longest one.
 */
async function settleAfterAction(page: Page, quietMs = 1000, timeoutMs = 30_000): Promise<{ busyUntilMs: number; longestTaskMs: number; longTasks: number }> {
  const start = Date.now();
  for (;;) {
    const r = await page.evaluate(() => {
      const w = window as unknown as { __longTasks: [number, number][]; __actionAt: number };
      const after = w.__longTasks.filter(([st]) => st >= w.__actionAt);
      const lastEnd = after.reduce((m, [st, d]) => Math.max(m, st + d), w.__actionAt);
      return { quietFor: performance.now() - lastEnd, busyUntilMs: lastEnd - w.__actionAt, longestTaskMs: after.reduce((m, [, d]) => Math.max(m, d), 0), longTasks: after.length };
    });
    if (r.quietFor >= quietMs || Date.now() - start > timeoutMs) return { busyUntilMs: r.busyUntilMs, longestTaskMs: r.longestTaskMs, longTasks: r.longTasks };
    await page.waitForTimeout(100);
  }
}

const count = (page: Page, sel: string) => page.evaluate((s) => document.querySelectorAll(s).length, sel);
const fmtN = (n: number) => n.toLocaleString('en-US');

// ---- the scenario ---------------------------------------------------------

type Row = { interaction: string; samples: number[]; medianMs: number; targetMs: number | null; pass: boolean | null; note?: string };

async function measure(page: Page, s: ScaleSummary) {
  const rows: Row[] = [];
  const add = (interaction: string, samples: number[], targetMs: number | null, note?: string) => {
    const m = Number(median(samples).toFixed(1));
    rows.push({ interaction, samples: samples.map((x) => Number(x.toFixed(1))), medianMs: m, targetMs, pass: targetMs === null ? null : m < targetMs, note });
  };
  const total = '[data-testid=screen-history] .page-head p';
  const firstRow = '[data-testid=history-row]';
  const rowAt = (k: number) => s.ids[s.runs - 1 - k]; // default sort: newest first

  // History: first render of the first page (from the Datasets screen each time).
  const first: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('screen-datasets').waitFor();
    const t = await timeInPage(page, { kind: 'click', sel: '[data-testid=nav-history]' }, {
      rows: [{ sel: total, text: `${fmtN(s.runs)} runs` }, { sel: firstRow, minCount: 50, attr: ['data-run-id', rowAt(0)] }],
    });
    first.push(t.rows);
  }
  add('History: first page, first render', first, TARGET_MS, 'nav click → 50 rows of 10,000 painted');
  const historyDomRows = await count(page, firstRow);

  // Sort by val accuracy: desc (best first), then asc (worst first), alternately.
  const sort: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const want = i % 2 === 0 ? s.bestValAccuracy.id : s.worstValAccuracy.id;
    const t = await timeInPage(page, { kind: 'click', sel: '[data-testid=sort-valAccuracy]' }, { rows: [{ sel: firstRow, attr: ['data-run-id', want] }] });
    sort.push(t.rows);
  }
  add('History: sort by val accuracy', sort, TARGET_MS, 'click → first row is the best/worst run');

  // Back to the default order for the rest.
  await timeInPage(page, { kind: 'click', sel: '[data-testid=sort-createdAt]' }, { rows: [{ sel: firstRow, attr: ['data-run-id', rowAt(0)] }] });

  // Status filter: a different status each time (the total and rows change).
  const statuses = ['failed', 'diverged', 'cancelled', 'interrupted', 'completed'];
  const status: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const st = statuses[i % statuses.length];
    const t = await timeInPage(page, { kind: 'select', sel: '[data-testid=history-status]', value: st }, {
      rows: [{ sel: total, text: `${fmtN(s.byStatus[st])} runs` }, { sel: `${firstRow} .badge`, minCount: 1, text: st }],
    });
    status.push(t.rows);
  }
  add('History: status filter', status, TARGET_MS, 'select → total + rows of that status');
  await timeInPage(page, { kind: 'select', sel: '[data-testid=history-status]', value: '' }, { rows: [{ sel: total, text: `${fmtN(s.runs)} runs` }] });

  // Search: a rare needle (FTS, notes), dataset names (FTS + joined name), alternately with the full list in between.
  const terms = [[s.needle, s.needleIds.length], ['breast_cancer', s.byDataset['ds-scale-breast']], ['mnist', s.byDataset['ds-scale-mnist']], ['digits', s.byDataset['ds-scale-digits']], [s.needle, s.needleIds.length]] as const;
  const search: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const [term, n] = terms[i % terms.length];
    const t = await timeInPage(page, { kind: 'input', sel: '[data-testid=history-search]', value: term }, {
      rows: [{ sel: total, text: `${fmtN(n)} runs` }, { sel: firstRow, minCount: Math.min(50, n) }],
    });
    search.push(t.rows);
    await timeInPage(page, { kind: 'input', sel: '[data-testid=history-search]', value: '' }, { rows: [{ sel: total, text: `${fmtN(s.runs)} runs` }] });
  }
  add('History: search (incl. 250 ms debounce)', search, DEBOUNCE_MS + TARGET_MS, `input → matching rows; ${DEBOUNCE_MS} ms of it is the typing debounce`);

  // Paging: walk to a far page with Next (there is no page jump), then time Next there.
  const pages = Math.ceil(s.runs / 50);
  const far = pages - REPEATS;
  const walkStart = performance.now();
  for (let p = 1; p < far; p++) {
    await timeInPage(page, { kind: 'click', sel: '[data-testid=history-next]' }, { rows: [{ sel: firstRow, attr: ['data-run-id', rowAt(p * 50)] }] });
  }
  const walkMs = performance.now() - walkStart;
  const paging: number[] = [];
  for (let p = far; p < far + REPEATS; p++) {
    const t = await timeInPage(page, { kind: 'click', sel: '[data-testid=history-next]' }, { rows: [{ sel: firstRow, attr: ['data-run-id', rowAt(p * 50)] }] });
    paging.push(t.rows);
  }
  add(`History: Next at page ${far + 1}–${far + REPEATS} of ${pages}`, paging, TARGET_MS, `offset ≥ ${fmtN(far * 50)}; reaching page ${far} took ${far - 1} clicks, ${(walkMs / 1000).toFixed(1)} s`);
  const lastRowId = await page.locator(firstRow).last().getAttribute('data-run-id');
  if (lastRowId !== s.ids[0]) throw new Error(`the last row of the last page is ${lastRowId}, not the oldest run ${s.ids[0]}`);

  // Live study: open from the Studies list; first rows of the table, then the whole screen loaded.
  const trow = (i: number) => `[data-testid=trial-row][aria-rowindex="${i + 1}"] .cell`;
  const live: number[] = [];
  const loaded: number[] = [];
  const busy: number[] = [];
  const longest: number[] = [];
  const mid: number[] = [];
  const end: number[] = [];
  let trialDomMax = 0;
  for (let i = 0; i < REPEATS; i++) {
    await page.getByTestId('nav-studies').click();
    await page.locator(`[data-testid=study-row][data-study-id="${s.studyId}"]`).waitFor();
    const t = await timeInPage(page, { kind: 'click', sel: `[data-testid=study-row][data-study-id="${s.studyId}"] [data-testid=study-open]` }, {
      table: [{ sel: '[data-testid=trials-table]', attr: ['data-total', String(s.trials)] }, { sel: trow(0), text: '0' }],
      loaded: [
        { sel: '[data-testid=study-count-complete]', text: String(s.trialCounts.complete) },
        { sel: '[data-testid=history-point-count]', attr: ['data-count', String(s.trialCounts.complete)] },
        { sel: '[data-testid=study-live] .card-head .muted.small', noneWithText: 'Loading…' },
      ],
    }, 120_000);
    live.push(t.table);
    loaded.push(t.loaded);
    // The charts keep drawing after the data is in: time the scrolls on a settled page, and report how long it took to settle.
    const settled = await settleAfterAction(page);
    busy.push(settled.busyUntilMs);
    longest.push(settled.longestTaskMs);
    trialDomMax = Math.max(trialDomMax, await count(page, '[data-testid=trial-row]'));
    // Scroll to the middle, then to the end: the rows there must show their trial numbers.
    const middle = Math.floor(s.trials / 2) + i * 37;
    const tm = await timeInPage(page, { kind: 'scroll', sel: '[data-testid=trials-table] .scroller', top: middle * ROW_PX }, { rows: [{ sel: trow(middle), text: String(middle) }] });
    mid.push(tm.rows);
    trialDomMax = Math.max(trialDomMax, await count(page, '[data-testid=trial-row]'));
    const te = await timeInPage(page, { kind: 'scroll', sel: '[data-testid=trials-table] .scroller', top: 'end' }, { rows: [{ sel: trow(s.trials - 1), text: String(s.trials - 1) }] });
    end.push(te.rows);
    trialDomMax = Math.max(trialDomMax, await count(page, '[data-testid=trial-row]'));
  }
  add('Live study: trials table first rows', live, TARGET_MS, 'open click → rows 0.. with data');
  add('Live study: whole screen loaded', loaded, null, 'open click → all 10,000 trials in charts, counts, no "Loading…" (info)');
  add('Live study: main thread busy until', busy, null, 'open click → end of the last long task (> 50 ms) before 1 s of quiet (info)');
  add('Live study: longest main-thread task on open', longest, TARGET_MS, 'worst input delay while the screen loads');
  add('Live study: scroll trials to the middle', mid, TARGET_MS, 'settled page; scrollTop → row ~5,000 shows its trial');
  add('Live study: scroll trials to the end', end, TARGET_MS, 'scrollTop → row 10,000 shows trial 9999');
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { rows, dom: { historyRows: historyDomRows, trialRowsMax: trialDomMax, elementsOnLiveScreen: domNodes } };
}

// ---- main -----------------------------------------------------------------

const loadBefore = loadavg();
const tmp = mkdtempSync(join(tmpdir(), 'mb-bench-ui-scale-'));
const home = join(tmp, 'home');
console.log(`seeding 10,000 runs + a 10,000-trial study in ${home} …`);
const summary = await seedScale(home);
console.log(`seeded in ${(summary.seedMs / 1000).toFixed(1)} s`);
const engine = await createEngine({ home, workers: 1, backend: ['cpu'], restrictPaths: true });
const host = await startWebHost({ engine, port: 0, staticDir });
const browser = await chromium.launch({ executablePath: process.env.MODELBENCH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
let result: Awaited<ReturnType<typeof measure>>;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(LONG_TASKS_INIT);
  await page.goto(host.url);
  await page.getByText('Web · open').waitFor();
  result = await measure(page, summary);
} finally {
  await browser.close();
  await host.close();
  await engine.close();
  if (!args.keep) rmSync(tmp, { recursive: true, force: true });
}
const loadAfter = loadavg();

const pad = (x: string, n: number) => x.padEnd(n);
console.log(`\n${pad('interaction', 46)} ${'median ms'.padStart(9)}  ${'target'.padStart(6)}  result  samples (ms)`);
for (const r of result.rows) {
  const verdict = r.pass === null ? 'info' : r.pass ? 'PASS' : 'FAIL';
  console.log(`${pad(r.interaction, 46)} ${r.medianMs.toFixed(1).padStart(9)}  ${(r.targetMs === null ? '—' : `<${r.targetMs}`).padStart(6)}  ${pad(verdict, 6)}  ${r.samples.join(', ')}`);
}
console.log(`\nDOM rows at once: History ${result.dom.historyRows} (page of 50); trials table ≤ ${result.dom.trialRowsMax} of ${fmtN(summary.trials)}; elements on the Live study screen: ${fmtN(result.dom.elementsOnLiveScreen)}`);
const domPass = result.dom.trialRowsMax < 100 && result.dom.historyRows <= 200;
console.log(`bounded DOM: ${domPass ? 'PASS' : 'FAIL'}`);
console.log(`load average before: ${loadBefore.map((x) => x.toFixed(2)).join(', ')}; after: ${loadAfter.map((x) => x.toFixed(2)).join(', ')} on ${availableParallelism()} cores (another benchmark may share the machine: timings are noisy)`);

mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify({
  date: new Date().toISOString(), command: 'node bench/ui-scale.ts', cores: availableParallelism(), loadavgBefore: loadBefore, loadavgAfter: loadAfter,
  chromium: browser.version(), runs: summary.runs, trials: summary.trials, seedMs: summary.seedMs, repeats: REPEATS, targetMs: TARGET_MS,
  rows: result.rows, dom: { ...result.dom, pass: domPass }, pass: domPass && result.rows.every((r) => r.pass !== false),
}, null, 2)}\n`);
console.log(`wrote ${resultsFile}`);
// engine.close() leaves a handle that keeps Node alive for a few seconds; nothing is pending.
process.exit(0);
