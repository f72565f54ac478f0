import type { ExportFormat } from '../../../../main/api/schemas.ts';

/** What the user picked in the export panel: the model format, and (ONNX) whether the preprocessing goes into the graph. */
export type ExportChoice = { format: ExportFormat; withPreprocessing: boolean };
