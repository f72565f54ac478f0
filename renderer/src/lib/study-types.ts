/**
 * What the study charts and tables are drawn from. Kept apart from the engine's
 * wire types so that every chart builder stays a pure function of plain data;
 * lib/study-adapt.ts maps the API's records onto these.
 */
export type ParamValue = string | number | boolean | null;
export type Direction = 'minimize' | 'maximize';
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';

/** Just enough of a param definition to choose an axis for it. */
export type ParamAxis =
  | { name: string; kind: 'float' | 'int'; low: number; high: number; log: boolean }
  | { name: string; kind: 'categorical'; choices: readonly ParamValue[] }
  | { name: string; kind: 'fixed'; value: ParamValue };

export type TrialPoint = {
  number: number;
  state: TrialState;
  /** Only the params active for this trial. */
  params: Readonly<Record<string, ParamValue>>;
  /** One per objective once complete. */
  values?: readonly number[];
  /** [step, value] reported while training (first objective). */
  intermediate?: readonly (readonly [number, number])[];
  /** Epoch milliseconds. */
  startedAt?: number | null;
  finishedAt?: number | null;
  worker?: number | null;
  /** 'host/pid' of the process that ran it (studies.history); several in a study shared by workers on many machines. */
  machine?: string | null;
};

export type Objective = { name: string; direction: Direction };
