export { default as CompareScreen } from './compare-screen.svelte';
