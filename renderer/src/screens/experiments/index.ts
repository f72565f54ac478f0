export { default as ExperimentsScreen } from './experiments-screen.svelte';
