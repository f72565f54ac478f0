export { default as SettingsScreen } from './settings-screen.svelte';
