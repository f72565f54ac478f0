/** Median pruner: the percentile rule at 50, the usual default. */
import { PercentilePruner, type PercentileOptions } from './percentile.ts';

export class MedianPruner extends PercentilePruner {
  override readonly name: string = 'median';
  constructor(options: Partial<Omit<PercentileOptions, 'percentile'>> = {}) {
    super({ ...options, percentile: 50 });
  }
}
