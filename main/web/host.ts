/**
 * The web host: serves the built renderer and bridges a WebSocket to the engine,
 * for people who use Modelbench from a browser instead of the Electron shell.
 *
 * Security model: bound to 127.0.0.1 only; a random per-session token (given to the
 * user in the URL fragment, which browsers never send to servers) is required on the
 * WebSocket upgrade, on uploads (a header, which cross-site forms cannot set) and on
 * file downloads; Host and Origin headers are checked to stop DNS-rebinding and
 * cross-site WebSocket hijacking; a strict CSP on every page.
 *
 * Robustness: a client that breaks the WebSocket protocol (bad frame header, invalid
 * UTF-8, reserved bits, unmasked frames, a frame over MAX_SOCKET_FRAME_BYTES) loses
 * its socket, closed with the code the protocol prescribes, and the host logs one
 * line and keeps serving: training in flight is never taken down by a client.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_SOCKET_FRAME_BYTES, MAX_UPLOAD_BYTES } from '../limits.ts';
import { handleMessage, type WebEngine } from './rpc.ts';
import { resolveInside, sendFile } from './static.ts';
import { handleUpload } from './upload.ts';

export type WebHostOptions = {
  engine: WebEngine;
  port?: number;
  staticDir: string;
  /** Largest upload accepted (default MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  /** Where the host reports client errors, one line each (default: stderr). */
  log?: (line: string) => void;
};
export type WebHost = { url: string; token: string; port: number; close(): Promise<void> };

/** Drop live batch events for a client whose socket is this far behind; epoch events always go. */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Svelte templates and ECharts set style attributes; no inline scripts are allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const { engine, staticDir } = opts;
  const log = opts.log ?? ((line: string) => console.error(line));
  const token = randomBytes(32).toString('base64url');
  const exportsDir = join(engine.home, 'exports');
  let port = 0;

  const securityHeaders = () => ({
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  const hostAllowed = (req: IncomingMessage) => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  /** No Origin (a non-browser client) or our own page: never another site's. */
  const originAllowed = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  };

  const reply = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() });
    res.end(text);
  };

  const server = createServer((req, res) => {
    if (!hostAllowed(req)) return reply(res, 403, 'Forbidden host');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return reply(res, 405, 'Method not allowed');
      if (!originAllowed(req)) return reply(res, 403, 'Forbidden origin');
      if (!tokenMatches(token, header(req, 'x-modelbench-token'))) return reply(res, 401, 'Missing or wrong token');
      return void handleUpload(req, res, { engine, maxBytes: opts.maxUploadBytes ?? MAX_UPLOAD_BYTES, headers: securityHeaders });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method not allowed');
    if (url.pathname.startsWith('/files/exports/')) {
      if (!tokenMatches(token, url.searchParams.get('token'))) return reply(res, 401, 'Missing or wrong token');
      const file = resolveInside(exportsDir, url.pathname.slice('/files/exports'.length));
      if (!file) return reply(res, 400, 'Bad path');
      const name = file.split(/[\\/]/).pop() ?? 'download';
      const ok = sendFile(res, file, { ...securityHeaders(), 'Content-Disposition': `attachment; filename="${name.replace(/"/g, '')}"` });
      return ok ? undefined : reply(res, 404, 'Not found');
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = resolveInside(staticDir, path);
    if (!file) return reply(res, 400, 'Bad path');
    // Hashed assets never change; index.html must always be fresh.
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (!sendFile(res, file, { ...securityHeaders(), 'Cache-Control': cache })) reply(res, 404, 'Not found');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_FRAME_BYTES });
  // ws reports problems of its own (never expected with noServer); they must not end the process.
  wss.on('error', (error: Error) => log(`web host: WebSocket server error: ${error.message}`));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes the socket over, a reset by the client would be an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/ws' || !hostAllowed(req) || !originAllowed(req) || !tokenMatches(token, url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    // ws has already closed the socket with the right code (1002 protocol error, 1007
    // invalid payload, 1009 too big) when it emits 'error'; without this listener the
    // error would be unhandled and end the process. The line names the error, never payload bytes.
    ws.on('error', (error: Error & { code?: string }) => log(`web host: closed a WebSocket after a protocol error (${error.code ?? 'error'}: ${error.message})`));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.send(JSON.stringify({ id: null, error: { code: 'invalid_argument', message: 'Binary messages are not supported' } }));
      const buffer = data as Buffer;
      void handleMessage(engine, buffer.toString(), buffer.length).then((r) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(r));
      });
    });
  });

  const unsubscribe = engine.subscribe((event, payload) => {
    const isBatch = (payload as { type?: string } | null)?.type === 'batch';
    const text = JSON.stringify({ event, payload });
    for (const client of wss.clients) {
      if (client.readyState !== client.OPEN) continue;
      if (isBatch && client.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      client.send(text);
    }
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
