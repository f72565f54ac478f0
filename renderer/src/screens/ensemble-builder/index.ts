export { default as EnsembleBuilderScreen } from './ensemble-builder-screen.svelte';
