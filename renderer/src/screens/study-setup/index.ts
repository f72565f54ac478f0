export { default as StudySetupScreen } from './study-setup-screen.svelte';
