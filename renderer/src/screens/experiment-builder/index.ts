export { default as ExperimentBuilderScreen } from './experiment-builder-screen.svelte';
