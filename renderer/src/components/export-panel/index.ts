export { default as ExportPanel } from './export-panel.svelte';
