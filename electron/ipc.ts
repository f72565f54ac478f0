/**
 * The IPC bridge between the renderer and the engine. One channel for API
 * calls, one for dialogs, one for a file picked in the page (its bytes), one for
 * events. Every call checks that it comes from our own renderer page (main
 * frame, file:// URL of dist/renderer/index.html) and goes through
 * engine.callUntyped, which validates the arguments.
 *
 * Paths: the engine is restricted to its data folder; a path becomes readable
 * only when the user picks it in one of the dialogs below, and writable only
 * when it is picked as an export folder.
 */
import { join } from 'node:path';
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import type { ApiErrorPayload } from '../main/api/errors.ts';
import { toApiError } from '../main/api/dispatch.ts';
import { importSentBytes } from '../main/data/upload-folder.ts';
import type { Engine } from '../main/engine/engine.ts';
import { MAX_UPLOAD_BYTES } from '../main/limits.ts';

export const CHANNELS = { call: 'modelbench:call', dialog: 'modelbench:dialog', importFile: 'modelbench:import-file', event: 'modelbench:event' } as const;

export type CallReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };
export type DialogKind = 'dataset-file' | 'dataset-folder' | 'export-folder';

const DIALOGS: Record<DialogKind, OpenDialogOptions> = {
  'dataset-file': {
    title: 'Import a dataset',
    properties: ['openFile'],
    filters: [
      { name: 'Datasets (CSV, IDX)', extensions: ['csv', 'txt', 'idx', 'idx3-ubyte', 'idx1-ubyte', 'ubyte', 'gz'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
  'dataset-folder': { title: 'Import a folder of images (one sub-folder per class)', properties: ['openDirectory'] },
  'export-folder': { title: 'Export the model to…', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] },
};

export function registerIpc(engine: Engine, window: BrowserWindow, rendererUrl: string): () => void {
  const expected = new URL(rendererUrl);
  const fromOurPage = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (event.sender !== window.webContents || !frame || frame !== window.webContents.mainFrame) return false;
    try {
      const url = new URL(frame.url);
      return url.protocol === 'file:' && url.pathname === expected.pathname;
    } catch {
      return false; // about:blank, empty or malformed URLs are not our page
    }
  };

  /** Shows a dialog; the chosen path is the only new path the engine may read (export folders: also write). */
  const choose = async (kind: DialogKind): Promise<string | null> => {
    const result = await dialog.showOpenDialog(window, DIALOGS[kind]);
    const path = result.canceled ? undefined : result.filePaths[0];
    if (!path) return null;
    engine.allowPath(path, kind === 'export-folder' ? 'write' : 'read');
    return path;
  };

  ipcMain.handle(CHANNELS.call, async (event, method: unknown, params: unknown): Promise<CallReply> => {
    if (!fromOurPage(event)) return failure({ code: 'invalid_argument', message: 'IPC call from an unknown page was refused.' });
    try {
      if (method === 'runs.export' && isObject(params) && params.outDir === undefined) {
        const outDir = await choose('export-folder');
        if (!outDir) return failure({ code: 'invalid_argument', message: 'Export cancelled.', details: { cancelled: true } });
        params = { ...params, outDir };
      }
      return { ok: true, result: await engine.callUntyped(method, params) };
    } catch (error) {
      return failure(toApiError(error).toPayload());
    }
  });

  // A CSV picked in the page: stored and imported like a browser upload (never a path the page names).
  ipcMain.handle(CHANNELS.importFile, async (event, fileName: unknown, bytes: unknown, options: unknown): Promise<CallReply> => {
    if (!fromOurPage(event)) return failure({ code: 'invalid_argument', message: 'IPC call from an unknown page was refused.' });
    try {
      const result = await importSentBytes({
        importsDir: join(engine.home, 'imports'), fileName, bytes, options, maxBytes: MAX_UPLOAD_BYTES,
        importPath: (params) => engine.callUntyped('datasets.importPath', params),
      });
      return { ok: true, result };
    } catch (error) {
      return failure(toApiError(error).toPayload());
    }
  });

  ipcMain.handle(CHANNELS.dialog, async (event, kind: unknown): Promise<string | null> => {
    if (!fromOurPage(event) || typeof kind !== 'string' || !Object.hasOwn(DIALOGS, kind)) return null;
    return choose(kind as DialogKind);
  });

  const unsubscribe = engine.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(CHANNELS.event, name, payload);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CHANNELS.call);
    ipcMain.removeHandler(CHANNELS.dialog);
    ipcMain.removeHandler(CHANNELS.importFile);
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Error details must survive structured cloning; anything else is dropped. */
function failure(error: ApiErrorPayload): CallReply {
  let details: unknown;
  try {
    details = error.details === undefined ? undefined : structuredClone(error.details);
  } catch {
    details = undefined;
  }
  return { ok: false, error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details }) } };
}
