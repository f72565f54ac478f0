/**
 * ModelbenchApi over the web host's WebSocket. Pure TypeScript (no DOM globals
 * beyond an injectable socket factory) so it is unit-tested in Node.
 *
 * Calls made while disconnected wait in a queue; calls already sent when the
 * socket drops are rejected (we cannot know whether the engine ran them), and
 * the client reconnects with capped exponential backoff.
 */
import { t } from '../i18n/index.ts';
import type { EventName, Events, Method, ModelbenchApi, Params, Results } from '../../../main/api/contract.ts';
import { RemoteError, remoteError } from './errors.ts';

export type SocketLike = {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};
export type ConnectionStatus = 'connecting' | 'open' | 'closed';

type Pending = { resolve(v: unknown): void; reject(e: unknown): void; text: string; sent: boolean };

export type WsClientOptions = {
  createSocket: (url: string) => SocketLike;
  /** Delay before reconnect attempt n (0-based). */
  backoffMs?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
};

const OPEN = 1;

export class WsApiClient implements ModelbenchApi {
  #url: string;
  #opts: Required<WsClientOptions>;
  #socket: SocketLike | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #listeners = new Map<string, Set<(payload: never) => void>>();
  #statusListeners = new Set<(s: ConnectionStatus) => void>();
  #attempt = 0;
  #closed = false;
  status: ConnectionStatus = 'connecting';

  constructor(url: string, opts: WsClientOptions) {
    this.#url = url;
    this.#opts = {
      backoffMs: (n) => Math.min(250 * 2 ** n, 5000),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      ...opts,
    };
    this.#connect();
  }

  call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]> {
    const id = this.#nextId++;
    const text = JSON.stringify({ id, method, params });
    return new Promise<Results[M]>((resolve, reject) => {
      const pending: Pending = { resolve: resolve as (v: unknown) => void, reject, text, sent: false };
      this.#pending.set(id, pending);
      this.#flush();
    });
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  onStatus(listener: (s: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    listener(this.status);
    return () => this.#statusListeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#socket?.close();
  }

  #setStatus(s: ConnectionStatus) {
    this.status = s;
    for (const l of this.#statusListeners) l(s);
  }

  #connect() {
    this.#setStatus('connecting');
    const socket = this.#opts.createSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#setStatus('open');
      this.#flush();
    };
    socket.onmessage = (ev) => this.#receive(ev.data);
    socket.onerror = () => {}; // onclose follows and does the work
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      for (const [id, p] of this.#pending) {
        if (!p.sent) continue;
        this.#pending.delete(id);
        p.reject(new RemoteError('disconnected', t('errors.disconnected')));
      }
      this.#setStatus('closed');
      if (this.#closed) return;
      this.#opts.setTimer(() => this.#connect(), this.#opts.backoffMs(this.#attempt++));
    };
  }

  #flush() {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return;
    for (const p of this.#pending.values()) {
      if (p.sent) continue;
      socket.send(p.text);
      p.sent = true;
    }
  }

  #receive(data: unknown) {
    let msg: { id?: number; result?: unknown; error?: { code: Exclude<RemoteError['code'], 'disconnected'>; message: string; details?: unknown }; event?: string; payload?: unknown };
    try {
      msg = JSON.parse(String(data));
    } catch {
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of this.#listeners.get(msg.event) ?? []) (l as (p: unknown) => void)(msg.payload);
      return;
    }
    const p = typeof msg.id === 'number' ? this.#pending.get(msg.id) : undefined;
    if (!p) return;
    this.#pending.delete(msg.id as number);
    if (msg.error) p.reject(remoteError(msg.error));
    else p.resolve(msg.result);
  }
}

/** The session token arrives in the URL fragment once; it is kept for reloads of this tab only. */
export function readToken(hash: string, stored: string | null): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(hash);
  return m ? m[1] : stored;
}
