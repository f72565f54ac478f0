/**
 * A real engine (restricted, as `modelbench serve` runs it) behind a real web
 * host in a temp folder, and a minimal JSON-RPC client over a real WebSocket:
 * what the web tests drive instead of stand-ins.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ApiErrorPayload } from '../../../main/api/errors.ts';
import type { Method, Params, Results } from '../../../main/api/contract.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { startWebHost, type WebHost } from '../../../main/web/host.ts';

export type RealHost = { root: string; home: string; engine: Engine; host: WebHost; log: string[]; close(): Promise<void> };

export async function startRealHost(opts: { allowCommands?: boolean; maxUploadBytes?: number } = {}): Promise<RealHost> {
  const root = mkdtempSync(join(tmpdir(), 'mb-webhost-'));
  const staticDir = join(root, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Modelbench</title>');
  const home = join(root, 'home');
  const engine = await createEngine({ home, workers: 1, backend: ['cpu'], restrictPaths: true, allowCommands: opts.allowCommands });
  const log: string[] = [];
  const host = await startWebHost({ engine, staticDir, maxUploadBytes: opts.maxUploadBytes, log: (line) => log.push(line) });
  return {
    root, home, engine, host, log,
    async close() {
      await host.close();
      await engine.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export class RemoteCallError extends Error {
  readonly code: string;
  constructor(error: ApiErrorPayload) {
    super(error.message);
    this.code = error.code;
  }
}

/** JSON-RPC over the host's WebSocket, as the renderer's client speaks it. */
export class RpcClient {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  #listeners = new Set<(event: string, payload: any) => void>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (typeof msg.event === 'string') return this.#listeners.forEach((l) => l(msg.event, msg.payload));
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.error) p.reject(new RemoteCallError(msg.error));
      else p.resolve(msg.result);
    });
  }

  static connect(host: WebHost): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
      ws.once('open', () => resolve(new RpcClient(ws)));
      ws.once('error', reject);
    });
  }

  call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Resolves with the first event payload that `match` accepts. */
  waitFor<T>(event: string, match: (payload: any) => boolean): Promise<T> {
    return new Promise((resolve) => {
      const listener = (name: string, payload: any) => {
        if (name !== event || !match(payload)) return;
        this.#listeners.delete(listener);
        resolve(payload as T);
      };
      this.#listeners.add(listener);
    });
  }

  close(): void {
    this.#ws.close();
  }
}

/** The smallest real training run: a small MLP on iris for 2 epochs. */
export const IRIS_RUN = {
  spec: { name: 'mlp', layers: [{ kind: 'dense' as const, units: 8 }] },
  hyperparams: { epochs: 2, batchSize: 16 },
  seed: 3,
};
