/**
 * Explicit limits of the attribution methods, each with why. Errors that hit
 * one name it, the actual size and what to do instead.
 */

/**
 * Exact Shapley values evaluate all 2^M coalitions: 4,096 at 12 players, times
 * the background rows. Past that KernelSHAP reaches the same values (it converges
 * to them) for a fraction of the predictions.
 */
export const MAX_EXACT_PLAYERS = 12;

/**
 * Model input values per prediction call (rows × features): 4M float32 = 16 MB,
 * large enough that kernel overhead vanishes, small enough for any backend.
 */
export const MAX_BATCH_VALUES = 4 * 1024 * 1024;

/** Rows per prediction call at most, whatever the row size: keeps activations of conv nets bounded. */
export const MAX_BATCH_ROWS = 8192;

/** Background rows after summarising (k-means centres): the cost of every SHAP method is linear in it. */
export const MAX_BACKGROUND = 1000;

/** Coalitions / perturbations per explained row for the sampling methods (KernelSHAP, LIME). */
export const MAX_SAMPLES = 1 << 16;

/** Integration steps / samples per row for the gradient methods. */
export const MAX_GRADIENT_STEPS = 1024;

/**
 * Rows one explanation explains (local methods) or scores (permutation): a table's
 * KernelSHAP runs at ~50 rows/s here, so 2,000 rows is under a minute, and the
 * stored result (one attribution per feature per row) stays a few MB.
 */
export const MAX_EXPLAIN_ROWS = 2000;

/** Rows explained at most for image models: each stores its image and a saliency value per pixel. */
export const MAX_EXPLAIN_IMAGE_ROWS = 64;

/**
 * Explanation jobs computing at once, each in its own worker thread: they are
 * seconds to minutes of CPU, and training runs share the same cores.
 */
export const MAX_PARALLEL_EXPLANATIONS = 2;
