export { default as BackendSelect } from './backend-select.svelte';
