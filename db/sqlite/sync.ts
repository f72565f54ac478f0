/**
 * better-sqlite3 is synchronous, and its transactions must be: a transaction
 * cannot span an await. So each SQLite sub-store is written synchronously
 * (`Sync<T>` of the async interface in db/store.ts) and wrapped once, here,
 * into the asynchronous contract every backend shares.
 */
export type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/** Wraps every method so it returns a Promise; a synchronous throw becomes a rejection. */
export function toAsync<T extends object>(sync: Sync<T>): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(sync)) {
    out[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              return Promise.resolve((value as (...a: unknown[]) => unknown)(...args));
            } catch (error) {
              return Promise.reject(error);
            }
          }
        : value;
  }
  return out as T;
}
