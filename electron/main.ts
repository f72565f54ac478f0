/**
 * The desktop shell: one hardened window over the engine. Everything that is
 * not Electron-specific lives in main/; this file wires the two together.
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEngine, type Engine } from '../main/engine/engine.ts';
import { resolveHome } from '../main/util/paths.ts';
import { registerIpc } from './ipc.ts';
import { denyNavigation, hardenSession } from './security.ts';

const rendererDir = join(app.getAppPath(), 'dist', 'renderer');
const indexHtml = join(rendererDir, 'index.html');
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));

let engine: Engine | undefined;

/** `MODELBENCH_ALLOW_COMMANDS=1` or `--allow-commands`: the desktop side of `modelbench serve --allow-commands`. */
function commandsOptIn(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  return env.MODELBENCH_ALLOW_COMMANDS === '1' || argv.includes('--allow-commands');
}

async function start(): Promise<void> {
  if (!existsSync(indexHtml)) {
    dialog.showErrorBox('Modelbench', `The UI is not built (${indexHtml} is missing). Run: npm run build`);
    app.exit(1);
    return;
  }
  // The same data folder as the CLI ($MODELBENCH_HOME, else the platform's app-data
  // folder, which is app.getPath('userData') on macOS and Windows), so both see the same runs.
  // Restricted: the renderer may only touch the data folder and paths picked in dialogs,
  // and may run study commands (programs) only when the user started the app to allow it.
  engine = await createEngine({ home: resolveHome(undefined), restrictPaths: true, allowCommands: commandsOptIn(process.env, process.argv), label: 'Modelbench app' });
  hardenSession(session.defaultSession, rendererDir);

  const window = new BrowserWindow({
    title: 'Modelbench',
    width: 1280,
    height: 860,
    show: false,
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, spellcheck: false },
  });
  const unregister = registerIpc(engine, window, pathToFileURL(indexHtml).href);
  window.on('closed', unregister);
  window.once('ready-to-show', () => window.show());
  await window.loadFile(indexHtml);
}

// One instance per data folder: a second engine would mark the first one's running runs as interrupted.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  denyNavigation();
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  // Close the engine (cancel runs, stop workers, close SQLite) before the process ends.
  app.on('will-quit', (event) => {
    if (!engine) return;
    event.preventDefault();
    const closing = engine;
    engine = undefined;
    void closing.close().finally(() => app.quit());
  });
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Modelbench could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
