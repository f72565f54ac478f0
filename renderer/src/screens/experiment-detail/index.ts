export { default as ExperimentDetailScreen } from './experiment-detail-screen.svelte';
