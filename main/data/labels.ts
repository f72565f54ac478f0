/**
 * Turns raw label values into class indices. Shared by every loader so that the
 * class order rule is the same everywhere: numeric labels sort as numbers
 * ('2' before '10'), text labels by code point (not locale), so the same file
 * gives the same class indices on every machine.
 */
export type EncodedLabels = { y: Float32Array; classes: string[]; classCounts: number[] };

/** Code-point order, independent of the user's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes text labels. With `numeric`, every value must parse as a number and classes sort numerically. */
export function encodeClassLabels(values: readonly string[], numeric: boolean): EncodedLabels {
  const distinct = [...new Set(values)];
  if (numeric) distinct.sort((a, b) => Number(a) - Number(b));
  else distinct.sort(compareText);
  const index = new Map<string, number>();
  distinct.forEach((name, i) => index.set(name, i));
  const y = new Float32Array(values.length);
  const classCounts = new Array<number>(distinct.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    const k = index.get(values[i]) as number;
    y[i] = k;
    classCounts[k]++;
  }
  return { y, classes: distinct, classCounts };
}

/** Encodes integer label values (IDX files, image digits): classes are the distinct values, sorted. */
export function encodeNumericLabels(values: ArrayLike<number>): EncodedLabels {
  const names = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) names[i] = String(values[i]);
  return encodeClassLabels(names, true);
}
