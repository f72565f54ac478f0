export { default as StudyCompareScreen } from './study-compare-screen.svelte';
