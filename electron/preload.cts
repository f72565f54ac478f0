/**
 * The preload bridge: window.modelbench implements ModelbenchApi on top of IPC.
 * CommonJS, because sandboxed preloads cannot be ES modules, and
 * self-contained, because a sandboxed preload may require only 'electron'.
 *
 * Failed calls reject with a plain ApiErrorPayload ({code, message, details}):
 * Electron keeps only the message of Error objects that cross the bridge.
 */
// Sandboxed preloads run inside a wrapper that supplies require (for 'electron' only), exports and module.
import type { ApiErrorPayload } from '../main/api/errors.ts';
import type { EventName, Events, ModelbenchApi, Params } from '../main/api/contract.ts';
import type { DatasetMeta } from '../main/api/schemas.ts';

const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

type CallReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };
type DialogKind = 'dataset-file' | 'dataset-folder' | 'export-folder';
/** What renderer/src/api/client.ts calls DesktopApi (not imported: this file must stay self-contained). */
type DesktopApi = ModelbenchApi & {
  choosePath(kind: DialogKind): Promise<string | null>;
  importFile(fileName: string, bytes: Uint8Array, options: Omit<Params<'datasets.importPath'>, 'path'>): Promise<DatasetMeta>;
};

/** The result of a call, or its error thrown as a plain payload. */
function unwrap(reply: CallReply): unknown {
  if (!reply.ok) throw reply.error;
  return reply.result;
}

const api: DesktopApi = {
  async call(method, params) {
    return unwrap(await ipcRenderer.invoke('modelbench:call', method, params)) as never;
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    const handler = (_e: unknown, name: EventName, payload: Events[E]) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('modelbench:event', handler);
    return () => {
      ipcRenderer.removeListener('modelbench:event', handler);
    };
  },
  /** Electron only: a native file/folder dialog; the chosen path becomes usable in datasets.importPath / runs.export. */
  choosePath: (kind) => ipcRenderer.invoke('modelbench:dialog', kind) as Promise<string | null>,
  /** A CSV picked in the page: its bytes, undecoded, so the engine detects the encoding as for a file on disk. */
  async importFile(fileName, bytes, options) {
    return unwrap(await ipcRenderer.invoke('modelbench:import-file', fileName, bytes, options)) as DatasetMeta;
  },
};

contextBridge.exposeInMainWorld('modelbench', api);
