export { default as NewRunScreen } from './new-run-screen.svelte';
