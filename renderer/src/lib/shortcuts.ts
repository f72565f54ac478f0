/**
 * Keyboard shortcuts, as data and one pure matcher: App.svelte listens, the help overlay (?)
 * lists SHORTCUTS, and tests check the matcher. Single keys without modifiers, like GitHub's and
 * Gmail's: they act only when focus is not in a text field, so typing is never taken over.
 */
import type { MessageKey } from '../i18n/index.ts';
import type { Screen } from '../state/nav.svelte.ts';
import { NAV } from './nav-items.ts';

export type ShortcutAction = { kind: 'go'; screen: Screen } | { kind: 'help' } | { kind: 'search' } | { kind: 'main' };
/** `label`: what the help overlay says; for 'go' the screen's own name (nav.*). */
export type Shortcut = { keys: string; action: ShortcutAction; label: MessageKey };

export const SHORTCUTS: readonly Shortcut[] = [
  ...NAV.map((item, i): Shortcut => ({ keys: String(i + 1), action: { kind: 'go', screen: item.screen }, label: item.label })),
  { keys: '/', action: { kind: 'search' }, label: 'shortcuts.search' },
  { keys: 'm', action: { kind: 'main' }, label: 'shortcuts.main' },
  { keys: '?', action: { kind: 'help' }, label: 'shortcuts.help' },
];

/** What a keydown means, or null: none with Ctrl/Alt/Meta, none while typing in a field. */
export type KeyInfo = { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: { tagName?: string; isContentEditable?: boolean; type?: string } | null };

const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'password', 'url', 'tel', 'date', 'time', 'datetime-local', 'month', 'week']);

export function isTyping(target: KeyInfo['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
}

export function matchShortcut(e: KeyInfo): ShortcutAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return null;
  return SHORTCUTS.find((s) => s.keys === e.key)?.action ?? null;
}
