export { default as DatasetsScreen } from './datasets-screen.svelte';
