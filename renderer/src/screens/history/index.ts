export { default as HistoryScreen } from './history-screen.svelte';
