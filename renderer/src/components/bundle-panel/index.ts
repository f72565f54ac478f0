export { default as BundleExport } from './bundle-export.svelte';
export { default as BundleImport } from './bundle-import.svelte';
