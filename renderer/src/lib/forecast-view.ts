/**
 * The forecast card's words for a window (pure, given the catalogue): where it
 * sits in its series, and its position in the split people count from 1.
 */
import type { ForecastWindow } from '../../../main/forecast/types.ts';
import { t } from '../i18n/index.ts';
import { formatNumber } from './format.ts';

/** 'series A, steps 120–147 forecast 148–154 (series starts 1969-01-01)'; without the series for a dataset of one. */
export function windowPlaceText(w: ForecastWindow): string {
  const L = w.history.length;
  const H = w.truth.length;
  const vars = { from: w.step, to: w.step + L - 1, first: w.step + L, last: w.step + L + H - 1, start: w.seriesStart, series: w.series };
  return w.series === '' ? t('forecast.place', vars) : t('forecast.placeInSeries', vars);
}

/** A best or worst window's button: its number and error. */
export function rankedText(index: number, mae: number): string {
  return t('forecast.ranked', { n: index + 1, mae: formatNumber(mae) });
}

export function windowTitle(index: number, total: number, mae?: number): string {
  const head = t('forecast.window', { n: index + 1, total });
  return mae === undefined ? head : `${head} · ${t('forecast.windowMae', { mae: formatNumber(mae) })}`;
}
