export { default as ImageGrid } from './image-grid.svelte';
