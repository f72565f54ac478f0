/**
 * Where the renderer gets its API: the Electron preload bridge when present,
 * otherwise a WebSocket client to the local web host. Screens never know which.
 */
import type { ModelbenchApi } from '../../../main/api/contract.ts';
import type { DatasetMeta } from '../../../main/api/schemas.ts';
import { RemoteError } from './errors.ts';
import { uploadFile, uploadRefusal, type FileImportOptions, type UploadProgress } from './upload.ts';
import { readToken, WsApiClient, type SocketLike } from './ws-client.ts';

export type DialogKind = 'dataset-file' | 'dataset-folder' | 'export-folder';
/**
 * The Electron preload adds native dialogs (the web host cannot see the user's disk) and the
 * import of a file picked in the page: its bytes, as read from disk, over IPC.
 */
export type DesktopApi = ModelbenchApi & {
  choosePath?: (kind: DialogKind) => Promise<string | null>;
  importFile(fileName: string, bytes: Uint8Array, options: FileImportOptions): Promise<DatasetMeta>;
};

declare global {
  interface Window {
    modelbench?: DesktopApi;
  }
}

export type Shell = {
  kind: 'electron' | 'web';
  api: ModelbenchApi;
  /** Download URL for a file under <home>/exports (web host only). */
  exportUrl(relativePath: string): string | null;
  ws: WsApiClient | null;
  /** Native file/folder picker (Electron only); the chosen path becomes usable in the API. */
  choosePath: ((kind: DialogKind) => Promise<string | null>) | null;
  /**
   * Imports a CSV file the user picked in the page: an HTTP upload to the web host
   * (with progress), or its bytes over IPC in Electron. Refuses files over the limit
   * before sending anything.
   */
  importFile(file: File, options: FileImportOptions, onProgress?: (p: UploadProgress) => void): Promise<DatasetMeta>;
};

/**
 * Electron: no host to upload to; the file's bytes cross IPC unchanged (never decoded here, where
 * Latin-1 would become U+FFFD), and the main process imports them as the web host imports an upload.
 */
export async function importFileOverIpc(
  desktop: Pick<DesktopApi, 'importFile'>, file: File, options: FileImportOptions, onProgress?: (p: UploadProgress) => void,
): Promise<DatasetMeta> {
  const refusal = uploadRefusal(file);
  if (refusal) throw new RemoteError('too_large', refusal);
  const bytes = new Uint8Array(await file.arrayBuffer());
  onProgress?.({ sent: file.size, total: file.size });
  return desktop.importFile(file.name, bytes, options);
}

let shell: Shell | null = null;

export function getShell(): Shell {
  if (shell) return shell;
  if (window.modelbench) {
    const desktop = window.modelbench;
    shell = {
      kind: 'electron', api: desktop, exportUrl: () => null, ws: null,
      choosePath: desktop.choosePath ? (k) => desktop.choosePath!(k) : null,
      importFile: (file, options, onProgress) => importFileOverIpc(desktop, file, options, onProgress),
    };
    return shell;
  }
  const token = readToken(location.hash, sessionStorage.getItem('modelbench.token')) ?? '';
  sessionStorage.setItem('modelbench.token', token);
  // Keep the token out of the address bar, screenshots and history.
  if (location.hash.includes('token=')) history.replaceState(null, '', location.pathname + location.search);
  const wsUrl = `ws://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const ws = new WsApiClient(wsUrl, { createSocket: (url) => new WebSocket(url) as unknown as SocketLike });
  shell = {
    kind: 'web',
    api: ws,
    ws,
    choosePath: null,
    importFile: (file, options, onProgress) => uploadFile(file, options, { token, onProgress }),
    exportUrl: (rel) => `/files/exports/${rel.split('/').map(encodeURIComponent).join('/')}?token=${encodeURIComponent(token)}`,
  };
  return shell;
}

export function getApi(): ModelbenchApi {
  return getShell().api;
}
