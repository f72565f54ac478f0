export { default as TrainingScreen } from './training-screen.svelte';
