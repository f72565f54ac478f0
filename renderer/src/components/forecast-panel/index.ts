export { default as ForecastPanel } from './forecast-panel.svelte';
