export { default as ShortcutHelp } from './shortcut-help.svelte';
