/** Never prunes: the pruner to use when trials must run to the end. */
import type { Pruner } from '../types.ts';

export class NopPruner implements Pruner {
  readonly name = 'nop';
  prune(): boolean {
    return false;
  }
}
