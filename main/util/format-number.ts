/**
 * Numbers for people, shared by the engine's messages and every screen (pure,
 * browser-safe): `significant` digits (toPrecision), trailing zeros trimmed, so
 * float32 noise disappears (16.799999237 → "16.8") and 0.5 stays "0.5". Very
 * small and very large magnitudes switch to exponent form ("1.235e-5", "2.5e7").
 */
export function formatNumber(v: number | null | undefined, significant = 4): string {
  if (v == null || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs < 1e-4 || abs >= 1e7) return trimExponent(v.toExponential(significant - 1));
  return String(Number(v.toPrecision(significant)));
}

/** "1.200e-5" → "1.2e-5", "2.500e+7" → "2.5e7". */
function trimExponent(text: string): string {
  const [mantissa, exponent] = text.split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${m}e${Number(exponent)}`;
}
