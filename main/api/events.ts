/**
 * Events pushed from the engine to every connected UI (and to the CLI's job
 * follower). Types only, below the contract, so the run lifecycle and the jobs
 * can emit them without importing the table of calls.
 */
import type { RunEvent } from './schemas.ts';
import type { ExplanationEvent } from '../explain/request.ts';
import type { ExperimentEvent } from '../compression/types.ts';
import type { StudyEvent } from '../study/types.ts';
import type { EnsembleEvent } from '../ensemble/types.ts';

export type Events = {
  'run.event': RunEvent;
  'explanation.event': ExplanationEvent;
  'experiment.event': ExperimentEvent;
  'study.event': StudyEvent;
  'ensemble.event': EnsembleEvent;
};
export type EventName = keyof Events;
