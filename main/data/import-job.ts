/**
 * One dataset import described as plain data, so that it can be handed to
 * another thread: a path on this machine (CSV, IDX or image folder), CSV text
 * sent by the UI, or a built-in sample. `runImportJob` does the work on whatever
 * thread calls it; the engine runs it in a worker (import-thread.ts).
 */
import { parseCsvDataset, type CsvOptions } from './csv.ts';
import { importFromPath, type ImportOptions } from './import.ts';
import { loadSample, type SampleName } from './samples.ts';
import type { ParsedDataset } from './types.ts';

export type ImportJob =
  | { kind: 'path'; path: string; options: ImportOptions }
  | { kind: 'csv-text'; text: string; options: CsvOptions }
  | { kind: 'sample'; sample: SampleName };

export function runImportJob(job: ImportJob): ParsedDataset {
  switch (job.kind) {
    case 'path':
      return importFromPath(job.path, job.options);
    case 'csv-text':
      return parseCsvDataset(job.text, job.options);
    case 'sample':
      return loadSample(job.sample);
  }
}
