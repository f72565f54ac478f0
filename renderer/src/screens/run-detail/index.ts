export { default as RunDetailScreen } from './run-detail-screen.svelte';
