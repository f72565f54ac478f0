/** One-line, human descriptions of spec layers for UI lists and CLI summaries. */
import type { Layer, Regularizer } from '../api/schemas.ts';

function regularizerText(r: Regularizer | undefined): string {
  if (!r) return '';
  const parts = [r.l1 > 0 ? `L1 ${r.l1}` : '', r.l2 > 0 ? `L2 ${r.l2}` : ''].filter(Boolean);
  return parts.length ? `, ${parts.join(' + ')}` : '';
}

/** e.g. "dense 64, relu", "conv2d 16 3x3 stride 2 same, relu", "residual (2 layers), relu". */
export function describeLayer(layer: Layer): string {
  switch (layer.kind) {
    case 'dense':
      return `dense ${layer.units}, ${layer.activation}${layer.useBias ? '' : ', no bias'}${regularizerText(layer.regularizer)}`;
    case 'conv2d': {
      const k = layer.kernelSize;
      const stride = layer.strides === 1 ? '' : ` stride ${layer.strides}`;
      return `conv2d ${layer.filters} ${k}x${k}${stride} ${layer.padding}, ${layer.activation}${layer.useBias ? '' : ', no bias'}${regularizerText(layer.regularizer)}`;
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const p = layer.poolSize;
      const stride = layer.strides !== undefined && layer.strides !== p ? ` stride ${layer.strides}` : '';
      return `${layer.kind} ${p}x${p}${stride}`;
    }
    case 'globalAvgPool2d':
    case 'flatten':
      return layer.kind;
    case 'dropout':
      return `dropout ${layer.rate}`;
    case 'batchNorm':
      return `batchNorm (momentum ${layer.momentum})`;
    case 'activation':
      return `activation ${layer.activation}`;
    case 'reshape':
      return `reshape to [${layer.targetShape.join(', ')}]`;
    case 'attention':
      return `attention ${layer.heads} heads x ${layer.keyDim}${layer.dropout > 0 ? `, dropout ${layer.dropout}` : ''}`;
    case 'residual':
      return `residual (${layer.layers.length} layer${layer.layers.length === 1 ? '' : 's'}), ${layer.activation}`;
    case 'embedding':
      return `embedding ${layer.vocabSize} x ${layer.dim}${layer.maxLength !== undefined ? `, first ${layer.maxLength} tokens` : ''}`;
    case 'positional':
      return `positional (${layer.mode})`;
    case 'layerNorm':
      return 'layerNorm';
    case 'transformer':
      return `transformer ${layer.heads} heads, ff ${layer.ffUnits}, ${layer.norm}-norm${layer.dropout > 0 ? `, dropout ${layer.dropout}` : ''}`;
    case 'conv1d': {
      const stride = layer.strides === 1 ? '' : ` stride ${layer.strides}`;
      return `conv1d ${layer.filters} x${layer.kernelSize}${stride} ${layer.padding}, ${layer.activation}${regularizerText(layer.regularizer)}`;
    }
    case 'maxPool1d':
    case 'avgPool1d':
      return `${layer.kind} ${layer.poolSize}`;
    case 'globalPool1d':
      return `globalPool1d (${layer.pool})`;
    case 'lstm':
    case 'gru':
      return `${layer.bidirectional ? 'bi' : ''}${layer.kind} ${layer.units}${layer.returnSequences ? ', sequences' : ''}`;
  }
}

/** "1,234,567" style grouping for parameter counts; FLOPs as "1.9 MFLOPs". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatFlops(flops: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, prefix] of units) if (flops >= size) return `${(flops / size).toFixed(1)} ${prefix}FLOPs`;
  return `${flops} FLOPs`;
}
