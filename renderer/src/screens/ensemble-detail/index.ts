export { default as EnsembleDetailScreen } from './ensemble-detail-screen.svelte';
