export { default as StudyLiveScreen } from './study-live-screen.svelte';
