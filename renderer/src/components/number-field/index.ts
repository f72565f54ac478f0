export { default as NumberField } from './number-field.svelte';
