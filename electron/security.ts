/**
 * The window's safety rails: a strict CSP on every response, no requests
 * leave the machine or the renderer folder, no permissions, no navigation,
 * no new windows, no <webview>. Applied once per session and per web contents.
 */
import { app, type Session } from 'electron';
import { pathToFileURL } from 'node:url';

/** Same policy as renderer/index.html's meta tag, minus WebSocket (Electron talks over IPC). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Svelte and ECharts set style attributes; inline scripts stay forbidden.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/** Only files inside the renderer folder (and inline data) may load: no remote content at all. */
export function hardenSession(ses: Session, rendererDir: string): void {
  const allowedPrefix = pathToFileURL(rendererDir).href.replace(/\/?$/, '/');
  ses.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const ok = url.startsWith(allowedPrefix) || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('devtools:');
    callback({ cancel: !ok });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Every web contents the app ever creates: no navigation away, no pop-ups, no webviews. */
export function denyNavigation(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
