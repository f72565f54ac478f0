/**
 * Number, size, time and date formatting shared by every screen, in the UI's language: Intl
 * (NumberFormat, DurationFormat, DateTimeFormat) for the current locale (i18n/index.ts).
 */
import { locale } from '../i18n/index.ts';

/** Every number the UI shows that is not a count: the engine's own formatter (main/util/format-number.ts). */
export { formatNumber } from '../../../main/util/format-number.ts';

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const lang = locale();
  const key = `${lang} ${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(lang, options)));
  return f;
}

/** Whole numbers with the locale's grouping: 1,797. */
export function formatInteger(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return numberFormat({ maximumFractionDigits: 0 }).format(Math.round(n));
}

/** A number with exactly `digits` decimals (sizes, shares): 12.0. */
export function formatFixed(n: number, digits: number): string {
  return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
}

/** A share (0.456) as a percentage: 45.6%. */
export function formatPercent(share: number | null | undefined, digits = 1): string {
  if (share == null || !Number.isFinite(share)) return '—';
  return numberFormat({ style: 'percent', maximumFractionDigits: digits }).format(share);
}

/**
 * Parameter and FLOP counts. English keeps the K / M / G of model sizes (52.0K, 3.40M, 1.20G);
 * other languages count in their own units through Intl (Chinese: 5.2万, 340万, 15亿).
 */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs < 1e4) return formatInteger(n);
  if (locale() !== 'en') return numberFormat({ notation: 'compact', maximumSignificantDigits: 3 }).format(n);
  if (abs >= 1e9) return `${formatFixed(n / 1e9, 2)}G`;
  if (abs >= 1e6) return `${formatFixed(n / 1e6, 2)}M`;
  return `${formatFixed(n / 1e3, 1)}K`;
}

/** Bytes in binary units: 3.0 MiB, 12.5 KiB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatFixed(bytes / 1024, 1)} KiB`;
  return `${formatFixed(bytes / 1024 / 1024, 1)} MiB`;
}

type DurationParts = { hours?: number; minutes?: number; seconds?: number; milliseconds?: number };
/** Intl.DurationFormat (Chromium 129+, Node 23+); TypeScript's lib does not declare it yet. */
type DurationFormatter = { format(d: DurationParts): string };
type DurationOptions = { style: 'narrow'; milliseconds?: 'numeric'; fractionalDigits?: number; secondsDisplay?: 'always'; minutesDisplay?: 'always' };
type DurationFormatCtor = new (locale: string, options: DurationOptions) => DurationFormatter;

/** `smallest`: the last unit, shown even when it is zero ("1m 0s", "0.0s"). */
function durationFormat(smallest: 'tenths' | 'seconds' | 'minutes'): DurationFormatter {
  const Ctor = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  if (!Ctor) return { format: englishDuration };
  if (smallest === 'tenths') return new Ctor(locale(), { style: 'narrow', milliseconds: 'numeric', fractionalDigits: 1, secondsDisplay: 'always' });
  return new Ctor(locale(), smallest === 'seconds' ? { style: 'narrow', secondsDisplay: 'always' } : { style: 'narrow', minutesDisplay: 'always' });
}

/** Where Intl.DurationFormat is missing (older Electron builds): the narrow English form. */
function englishDuration(d: DurationParts): string {
  const parts: string[] = [];
  if (d.hours) parts.push(`${d.hours}h`);
  if (d.minutes) parts.push(`${d.minutes}m`);
  if (d.seconds !== undefined || d.milliseconds !== undefined) parts.push(d.milliseconds === undefined ? `${d.seconds ?? 0}s` : `${((d.seconds ?? 0) + d.milliseconds / 1000).toFixed(1)}s`);
  return parts.join(' ');
}

/** Under 10 s with a tenth (4.2s), then whole seconds, minutes and seconds (1m 5s, 1分钟5秒), hours and minutes (1h 2m). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10_000) {
    const tenths = Math.round(ms / 100);
    return durationFormat('tenths').format({ seconds: Math.floor(tenths / 10), milliseconds: (tenths % 10) * 100 });
  }
  const s = Math.round(ms / 1000);
  if (s < 60) return durationFormat('seconds').format({ seconds: s });
  const m = Math.floor(s / 60);
  if (m < 60) return durationFormat('seconds').format({ minutes: m, seconds: s % 60 });
  return durationFormat('minutes').format({ hours: Math.floor(m / 60), minutes: m % 60 });
}

/** Date and time to the minute, 24-hour clock: "May 1, 2024, 13:45", "2024年5月1日 13:45". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(' × ')}]`;
}
