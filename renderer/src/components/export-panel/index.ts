export { default as ExportPanel } from './export-panel.svelte';
export type { ExportChoice } from './types.ts';
