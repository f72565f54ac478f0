export { default as Chart } from './chart.svelte';
