export { default as LocaleSelect } from './locale-select.svelte';
