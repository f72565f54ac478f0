/** Tooltip formatters return HTML: run, step and param names are user text and go through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
