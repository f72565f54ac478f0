/**
 * Which layers "the first k layers" are. Users count spec layers (what they
 * see in the editor), while a built model has extra layers per spec layer
 * (a separate activation, a residual block's projection and add). The builder
 * names layers `<kind>_<position>...` and `res<position>_...` at the top level,
 * so the spec position can be read back from the name. Imported models have
 * other names: there k counts model layers, input excluded.
 */

const TOP_LEVEL = /^[A-Za-z0-9]+?_(\d+)(?:_|$)/;
const RESIDUAL = /^res(\d+)_/;

/** The 1-based spec position a builder-made layer name belongs to, or null. */
export function specPosition(name: string): number | null {
  const r = RESIDUAL.exec(name) ?? TOP_LEVEL.exec(name);
  return r ? Number(r[1]) : null;
}

/**
 * Names of the layers to freeze among `names` (model order, input and head
 * excluded), and how many freezable units the model has (for error messages).
 */
export function layersToFreeze(names: string[], k: number): { freeze: string[]; available: number } {
  const positions = names.map(specPosition);
  if (names.length > 0 && positions.every((p) => p !== null)) {
    const available = Math.max(0, ...(positions as number[]));
    return { freeze: names.filter((_, i) => (positions[i] as number) <= k), available };
  }
  return { freeze: names.slice(0, k), available: names.length };
}
