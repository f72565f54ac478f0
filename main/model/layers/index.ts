/**
 * Every custom layer class of Modelbench, registered with tf.serialization by
 * importing this one module: whoever loads a saved model (io.ts, the workers
 * of training, explanations and exports) sees them all.
 */
import './attention.ts';
import './conv2d.ts';
import './global-pool1d.ts';
import './layer-norm.ts';
import './mask-steps.ts';
import './positional.ts';
import './recurrent.ts';
import './token-embedding.ts';
import './token-remap.ts';
