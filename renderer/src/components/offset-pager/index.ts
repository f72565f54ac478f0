export { default as OffsetPager } from './offset-pager.svelte';
