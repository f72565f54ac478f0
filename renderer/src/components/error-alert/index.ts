export { default as ErrorAlert } from './error-alert.svelte';
