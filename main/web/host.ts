/**
 * The web host: serves the built renderer and bridges a WebSocket to the engine,
 * for people who use Modelbench from a browser instead of the Electron shell.
 *
 * Security model: bound to 127.0.0.1 only; a random per-session token (given to the
 * user in the URL fragment, which browsers never send to servers) is required on the
 * WebSocket upgrade and on file downloads; Host and Origin headers are checked to
 * stop DNS-rebinding and cross-site WebSocket hijacking; a strict CSP on every page.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { handleMessage, MAX_UPLOAD_BYTES, type WebEngine } from './rpc.ts';
import { resolveInside, sendFile } from './static.ts';

export type WebHostOptions = { engine: WebEngine; port?: number; staticDir: string };
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

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const { engine, staticDir } = opts;
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

  const reply = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() });
    res.end(text);
  };

  const server = createServer((req, res) => {
    if (!hostAllowed(req)) return reply(res, 403, 'Forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method not allowed');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_UPLOAD_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== '/ws' || !hostAllowed(req) || !originOk || !tokenMatches(token, url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.send(JSON.stringify({ id: null, error: { code: 'invalid_argument', message: 'Binary messages are not supported' } }));
      void handleMessage(engine, data.toString()).then((r) => {
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
