/** Every tfjs layer class the ONNX export converts, by its class name: one place to add a kind. */
import type { LayerConverter } from '../context.ts';
import { activationConverters } from './activations.ts';
import { attentionConverters } from './attention.ts';
import { convConverters } from './conv.ts';
import { dense } from './dense.ts';
import { mergeConverters } from './merge.ts';
import { recurrentConverters } from './recurrent.ts';
import { sequenceConverters } from './sequence.ts';
import { shapeConverters } from './shape.ts';

export const LAYER_CONVERTERS: Readonly<Record<string, LayerConverter>> = {
  Dense: dense,
  ...convConverters,
  ...shapeConverters,
  ...activationConverters,
  ...mergeConverters,
  ...attentionConverters,
  ...sequenceConverters,
  ...recurrentConverters,
};
