/**
 * Starts the real engine + web host on a given home folder for the browser e2e
 * suite, and writes {url, token, home, pid} to --info FILE once listening.
 * Runs as its own Node process (type stripping) so Playwright's TS loader never
 * has to load the engine, its workers or native modules.
 *
 *   node test/e2e/support/serve.ts --home DIR --info FILE [--allow DIR]... [--allow-commands]
 *
 * --allow registers a folder the browser may import from, as `modelbench serve --data-dir` does;
 * --allow-commands lets it run command studies, as `modelbench serve --allow-commands` does.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../../../main/engine/engine.ts';
import { writeFileAtomic } from '../../../main/util/atomic-write.ts';
import { startWebHost } from '../../../main/web/host.ts';

const { values } = parseArgs({ options: { home: { type: 'string' }, info: { type: 'string' }, port: { type: 'string' }, allow: { type: 'string', multiple: true }, 'allow-commands': { type: 'boolean' } } });
if (!values.home || !values.info) throw new Error('usage: serve.ts --home DIR --info FILE [--port P] [--allow DIR]...');

const root = join(import.meta.dirname, '..', '..', '..');
const engine = await createEngine({ home: values.home, workers: 1, restrictPaths: true, allowCommands: values['allow-commands'] === true });
for (const dir of values.allow ?? []) engine.allowPath(dir);
const host = await startWebHost({ engine, port: values.port ? Number(values.port) : 0, staticDir: join(root, 'dist', 'renderer') });
// Atomic: a reader polling for the file never sees it half written.
writeFileAtomic(values.info, JSON.stringify({ url: host.url, token: host.token, port: host.port, home: engine.home, pid: process.pid }));

const stop = async () => {
  await host.close();
  await engine.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
