/**
 * The engine facade: one object that every shell (Electron IPC, web host, CLI)
 * drives through `call`, which validates each argument against the contract.
 * It never imports electron and never trains on its own thread: runs go to the
 * worker pool.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot } from '../util/package-root.ts';
import * as tf from '@tensorflow/tfjs';

import type { AppInfo, EventName, Events, Method, Params, Results } from '../api/contract.ts';
import { dispatch, type Handlers } from '../api/dispatch.ts';
import { initBackend } from '../backend/select.ts';
import { probeTrainingBackends, type BackendProbeResult } from '../backend/probe-thread.ts';
import { analyseSpec } from '../model/counts.ts';
import { outputUnitsFor } from '../model/builder.ts';
import { MODEL_PRESETS } from '../model/presets.ts';
import { TrainerPool } from '../train/pool.ts';
import { RunLauncher } from '../run/lifecycle.ts';
import { OwnerLease, type LeaseTiming } from '../run/ownership.ts';
import { recoverTrash } from './deletion.ts';
import { openStorage } from '../storage/open.ts';
import { RemoteStudyWatch } from '../study/remote-watch.ts';
import { findDataset, homeLayout, type EventListener, type JobContext } from '../run/context.ts';
import { allowPath, createPathPolicy, readableFolders, type Access } from '../run/path-policy.ts';
import { datasetHandlers } from './datasets.ts';
import { runHandlers } from './runs.ts';
import { studyHandlers } from './studies.ts';
import { compressionHandlers } from './compression.ts';
import { explainHandlers } from './explain.ts';
import { ensembleHandlers } from './ensembles.ts';
import { bundleHandlers } from './bundles.ts';
import { storageHandlers } from './storage.ts';

/** How often the app and `serve` look for progress of studies other processes run. */
const REMOTE_POLL_MS = 1000;

export type EngineOptions = {
  home: string;
  /** Parallel training workers; default: the number of cores. */
  workers?: number;
  /** Backend preference passed to every worker, e.g. ['wasm'] or ['cpu']. */
  backend?: string[];
  /** Restrict file reads/writes to chosen paths and the data folder (web host, Electron). */
  restrictPaths?: boolean;
  /**
   * A process that only reads (`modelbench runs`, `show`, listings): it registers
   * no owner, sweeps nothing, starts no jobs and changes no job's state. Default false.
   */
  readOnly?: boolean;
  /** What this process is, for people looking at who owns a job (e.g. 'modelbench train', 'app'). */
  label?: string;
  /**
   * Where the store lives (main/storage/storage-url.ts): 'sqlite' (the file in home, the default),
   * 'sqlite:FILE' or 'postgresql://…'. Unset: MODELBENCH_STORAGE, else home's settings.json, else SQLite.
   */
  storage?: string;
  /** This process's owner lease timings (main/run/ownership.ts); default 15 s heartbeats, 120 s lease. */
  lease?: Partial<LeaseTiming>;
  /** How long store calls retry a dropped PostgreSQL connection (default 30 s; `modelbench worker` waits longer). */
  storageRetryMs?: number;
  /**
   * Let callers create and start studies with command objectives (programs run on
   * this machine). Default: true when paths are unrestricted (the CLI), false when
   * restricted unless the user opted in (`serve --allow-commands`, MODELBENCH_ALLOW_COMMANDS=1).
   */
  allowCommands?: boolean;
};

export type Engine = {
  home: string;
  handlers: Handlers;
  call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]>;
  /** Validates an untyped request (from IPC or a socket) and runs it. */
  callUntyped(method: unknown, params: unknown): Promise<unknown>;
  subscribe(listener: EventListener): () => void;
  /** Lets a restricted engine read (or also write) a path the user picked in a dialog or named on the command line. */
  allowPath(path: string, access?: Access): void;
  /** What job drivers outside the API use (main/worker/: shared studies); the same context the handlers use. */
  jobs: JobContext;
  close(): Promise<void>;
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const home = resolve(options.home);
  const layout = homeLayout(home);
  for (const dir of [home, layout.datasets, layout.runs, layout.exports, layout.imports]) mkdirSync(dir, { recursive: true });

  const { store, artifacts, current: storage } = await openStorage(home, { url: options.storage, retryMs: options.storageRetryMs });
  // A job-running process registers as an owner and sweeps what dead processes left running
  // (their metrics are kept); a read-only one changes nothing.
  let lease: OwnerLease | null = null;
  try {
    if (!options.readOnly) {
      lease = await OwnerLease.start(store, options.label ?? 'modelbench', options.lease);
      await recoverTrash(home, store);
    }
  } catch (error) {
    await store.close();
    throw error;
  }

  const listeners = new Set<EventListener>();
  const emit: EventListener = (name, payload) => {
    for (const listener of listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken UI connection must not stop training or the other listeners.
      }
    }
  };
  // The API thread only uses tfjs for small previews; training backends are chosen per worker.
  const backendInfo = await initBackend(['cpu']);
  let trainingBackends: Promise<BackendProbeResult> | undefined;
  const workers = options.workers ?? availableParallelism();
  const pool = new TrainerPool({ size: workers, backend: options.backend });
  const versions = { modelbench: packageVersion(), node: process.versions.node, tfjs: tf.version.tfjs };
  const ownerId = lease?.id ?? null;
  const closing = new AbortController();
  const ctx: JobContext = {
    home,
    store,
    pool,
    emit,
    versions,
    paths: createPathPolicy({ home, restricted: options.restrictPaths ?? false, allowCommands: options.allowCommands }),
    artifacts,
    launcher: new RunLauncher({ home, store, pool, emit, versions, ownerId, artifacts }),
    ownerId,
    closing: closing.signal,
  };
  // Studies run by other processes (workers) are announced live like local ones; a read-only process announces nothing.
  const remote = options.readOnly ? null : new RemoteStudyWatch({ store, ownerId, emit: (event) => emit('study.event', event) }, REMOTE_POLL_MS);
  remote?.start();
  const runApi = runHandlers(ctx);
  const { haltAll: haltStudies, stopAll: stopStudies, ...studyApi } = studyHandlers(ctx, { exportRun: runApi['runs.export'] });
  const { haltExperiments, experimentsDone, ...compressionApi } = compressionHandlers(ctx);
  const { haltExplanations, ...explainApi } = explainHandlers(ctx, { backend: options.backend });
  const { haltEnsembles, ensemblesDone, ...ensembleApi } = ensembleHandlers(ctx, { backend: options.backend });

  const handlers: Handlers = {
    'app.info': async (): Promise<AppInfo> => {
      // What a training worker would use (asked once, in a throwaway worker, when first wanted: the API
      // thread itself runs on cpu); if the probe fails, the API thread's own attempts are shown.
      trainingBackends ??= probeTrainingBackends(options.backend);
      const probed = await trainingBackends;
      return {
        version: versions.modelbench,
        home,
        backend: options.backend?.[0] ?? 'auto',
        backends: 'error' in probed ? backendInfo.tried : probed.tried,
        adapter: 'error' in probed ? null : (probed.adapter ?? null),
        versions,
        importRoots: readableFolders(ctx.paths),
        commandsAllowed: ctx.paths.allowCommands,
        storage: { ...storage, location: store.location },
      };
    },
    ...datasetHandlers(ctx),
    'models.presets': () => MODEL_PRESETS,
    'models.count': async ({ spec, datasetId }) => {
      const dataset = await findDataset(ctx, datasetId);
      return analyseSpec(spec, dataset.inputShape, outputUnitsFor(dataset.task, dataset.classes));
    },
    ...runApi,
    ...studyApi,
    ...explainApi,
    ...compressionApi,
    ...ensembleApi,
    ...bundleHandlers(ctx),
    ...storageHandlers(ctx, { ...storage, location: store.location }),
  };

  let closed: Promise<void> | null = null;
  return {
    home,
    handlers,
    call: (method, params) => dispatch(handlers, method, params) as Promise<never>,
    callUntyped: (method, params) => dispatch(handlers, method, params),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    allowPath(path, access) {
      allowPath(ctx.paths, path, access);
    },
    jobs: ctx,
    async close() {
      if (closed) return closed;
      closed = (async () => {
        // Nothing new starts (imports in flight stop and remove their files); the launcher then ends
        // every run in flight as interrupted (stored, announced); studies and experiments store
        // their end; only then does the store close.
        closing.abort();
        remote?.stop();
        haltStudies();
        haltExperiments();
        haltEnsembles();
        await ctx.launcher.close();
        await haltExplanations();
        await stopStudies();
        await experimentsDone();
        await ensemblesDone();
        await lease?.stop().catch(() => {});
        await store.close();
      })();
      return closed;
    },
  };
}

export type { EventName, Events };
