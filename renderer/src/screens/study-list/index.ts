export { default as StudyListScreen } from './study-list-screen.svelte';
