/**
 * Every explicit limit of Modelbench, in one place. Each constant says what it
 * bounds and why that value; errors that hit a limit name it, the actual size
 * and what to do instead. README.md ("Limits") lists them for users.
 *
 * Imports nothing, so any layer (data, model, training, the API boundary, the
 * web host) can use it.
 */

const MiB = 1024 * 1024;

// ---- Data import (main/data) ----

/**
 * Largest CSV, in bytes (after decompression; for uploaded text, in characters).
 * The text is held as one JavaScript string and split into cells, which costs
 * several times its size; 200 MiB stays well inside V8's string limit (~512 MiB)
 * and a default Node heap.
 */
export const MAX_CSV_BYTES = 200 * MiB;

/**
 * Largest CSV in cells (data rows × columns). Every cell is a string object while
 * the file is parsed (~40+ bytes each), so 20 million cells is about 1 GB of heap
 * at the peak: e.g. 1 million rows of 20 columns, or 100,000 rows of 200.
 */
export const MAX_CSV_CELLS = 20_000_000;

/**
 * Largest single file an import reads into memory (IDX files, and any `.gz`
 * after decompression). Decompression stops as soon as the output passes this,
 * so a small file that expands without bound (a "zip bomb") costs at most this
 * much memory. 1 GiB holds an IDX of MAX_DATASET_VALUES float32 values.
 */
export const MAX_IMPORT_FILE_BYTES = 1024 * MiB;

/**
 * Largest image, in pixels (width × height), for PNG and JPEG alike. A decoded
 * image is 4 bytes per pixel, so 100 megapixels is 400 MB for one image; training
 * images are far smaller. (jpeg-js's own default is the same 100 MP.)
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Most image files in one image folder (all classes together). Each file is read
 * and decoded on import; 200,000 covers MNIST (70,000) and CIFAR-10 (60,000) with
 * room, and keeps an accidental import of a photo library from running for hours.
 */
export const MAX_IMAGE_FOLDER_FILES = 200_000;

/**
 * Most values in one dataset's inputs (samples × values per sample, after one-hot
 * encoding). They are stored and loaded as float32, so 2^28 values is 1 GiB in
 * x.f32 and again in memory for every training worker. CIFAR-10 (50,000 × 3,072)
 * is 154 million.
 */
export const MAX_DATASET_VALUES = 2 ** 28;

/**
 * Imports that parse at the same time, each in its own worker thread
 * (main/data/import-thread.ts); more wait their turn. A CSV near MAX_CSV_CELLS
 * needs about 1 GB of heap while it parses, so two at once fit a desktop's
 * memory; a third waits rather than compete with them and with training for cores.
 */
export const MAX_PARALLEL_IMPORTS = 2;

// ---- Sequences: text and time series (main/data/text, main/data/series) ----

/**
 * Longest token sequence a text dataset may feed a model (its maxLength). Self-attention
 * costs T² per head and layer: at 512 tokens one small block is ~1 M score entries per
 * sample, what trains on a desktop CPU; longer documents should be cut or summarised.
 */
export const MAX_SEQUENCE_LENGTH = 512;

/**
 * Most files in one text folder (all classes together). Each is read and decoded at
 * import; like MAX_IMAGE_FOLDER_FILES it keeps an accidental import of a whole disk short.
 */
export const MAX_TEXT_FOLDER_FILES = 200_000;

/**
 * Most characters of text in one dataset (all rows and text columns). texts.json is read
 * whole by every training worker and tokenised there: 200 M characters is MAX_CSV_BYTES of text.
 */
export const MAX_TEXT_CHARS = MAX_CSV_BYTES;

/** Largest vocabulary an embedding layer may have: 200,000 ids × 512 dims is 400 MB of weights, past MAX_MODEL_PARAMS anyway. */
export const MAX_VOCAB_SIZE = 200_000;

/**
 * Longest lookback and horizon of a windowed time series, in steps. A window is one sample
 * of lookback × values floats, and recurrent layers step through it one step at a time.
 */
export const MAX_LOOKBACK = 4096;
export const MAX_HORIZON = 1024;

// ---- Models (main/model: analyseSpec, which the builder, models.count, runs.start, studies and compression all call) ----

/**
 * Most parameters in one model. Float32 weights are 4 bytes each; training with
 * Adam holds the weights, their gradients and two moments (16 bytes per
 * parameter, 800 MB at this limit) before any activations, and the default
 * wasm backend's heap cannot grow past 4 GiB (wasm32) in each training worker.
 * 50 million leaves room for activations and parallel workers on a 24 GiB
 * desktop, and is twice ResNet-50 (25.6 M): bigger networks need a GPU tool.
 */
export const MAX_MODEL_PARAMS = 50_000_000;

/**
 * Deepest nesting of residual blocks inside residual blocks. Specs, their
 * schema and the code that walks them are recursive; 16 levels is far more
 * than any architecture needs (residual blocks follow one another, they are
 * rarely nested twice) and keeps every walk's stack shallow.
 */
export const MAX_RESIDUAL_DEPTH = 16;

/**
 * Most layers in one spec, residual bodies included. tfjs builds an object graph
 * per layer and every step walks them all; 1,000 is ten times the deepest
 * preset and far beyond what trains in a desktop session.
 */
export const MAX_MODEL_LAYERS = 1000;

// ---- Explanations and training diagnostics (main/explain, main/diagnose, main/train/diagnostics.ts) ----

/**
 * Exact Shapley values evaluate all 2^M coalitions: 4,096 at 12 players, times
 * the background rows. Past that KernelSHAP reaches the same values (it converges
 * to them) for a fraction of the predictions.
 */
export const MAX_EXACT_PLAYERS = 12;

/**
 * Model input values per prediction call of an explainer (rows × features): 4M
 * float32 = 16 MB, large enough that kernel overhead vanishes, small enough for any backend.
 */
export const MAX_BATCH_VALUES = 4 * MiB;

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

/**
 * Attention weights one runs.attention answer carries at most (layers × heads ×
 * tokens²): a million numbers is ~20 MB of JSON. A row of 512 tokens fills it
 * with four heads, so longer answers ask for one layer at a time.
 */
export const MAX_ATTENTION_CELLS = 1_000_000;

/**
 * Validation rows in the diagnostics probe batch (hyperparams.diagnostics.probeRows):
 * the probe's forward and backward pass costs about as much as that many training
 * rows, and its activation summaries sample at most 16,384 values anyway.
 */
export const MAX_PROBE_ROWS = 512;

/**
 * Diagnostics stored per run: the trainer records fewer epochs for models with
 * many layers (a layer-epoch record is at most 2.3 KB), so 8 layers keep 200
 * epochs and a 1,000-layer model a few.
 */
export const MAX_RUN_DIAGNOSTICS_BYTES = 8 * MiB;

// ---- Training workers (main/train/pool.ts) ----

/**
 * A training worker whose wasm heap has grown past this is retired after its
 * job and a fresh one is started for the next: wasm memory grows to fit the
 * largest model a worker has trained and never shrinks. Measured heaps: the
 * iris MLP 16 MiB, the MNIST reference CNN 19 MiB, a 4.3 M-parameter MLP
 * 97 MiB. 256 MiB keeps the workers of ordinary models (a restart costs about
 * a second) and gives back the memory of one that trained a big model
 * (roughly 10 M parameters and up) instead of holding it for the session.
 */
export const WORKER_RECYCLE_BYTES = 256 * MiB;

// ---- Ensembles (main/ensemble) ----

/**
 * Most members an ensemble trains (bagging members, boosting stages, stacking's
 * base members). Each is a full training run; 100 is far past where bagging
 * and boosting curves flatten for small networks (tens of members).
 */
export const ENSEMBLE_MAX_MEMBERS = 100;

/**
 * Most existing runs offered to one ensemble (voting, selection, stacking over
 * runs, a study's top trials). Selection predicts every candidate on the
 * validation rows and tries each at every step: 200 candidates × 1,000 steps
 * stays within seconds; a study's best 200 trials cover any sensible pool.
 */
export const ENSEMBLE_MAX_CANDIDATES = 200;

/** Additions per greedy selection: 25 is where Caruana's curves flatten for tens of members; 1,000 bounds the cost. */
export const SELECTION_MAX_SIZE = 1000;
/** Bagged selection: selections on random member subsets, averaged. */
export const SELECTION_MAX_BAGS = 100;

/** Stacking folds: more costs members × folds trainings for no gain any stacking paper shows. */
export const MAX_FOLDS = 20;

/** The stacking MLP meta-learner sees few columns (members × outputs): a few hundred hidden units is already far more than it needs. */
export const META_MLP_MAX_HIDDEN = 256;
export const META_MLP_MAX_EPOCHS = 2000;

// ---- The API boundary and the web host (main/api/dispatch.ts, main/web) ----

/**
 * Deepest nesting of arrays and objects in one API argument, checked before the
 * schemas parse it. The schemas recurse per level (residual blocks nest specs),
 * so a deep enough argument would overflow the stack inside the parser. The
 * deepest legitimate argument is a study config whose spec nests residual blocks
 * to the model limit (MAX_RESIDUAL_DEPTH = 16, two levels each): under 40 levels.
 */
export const MAX_ARGUMENT_DEPTH = 64;

/**
 * Largest WebSocket message the web host handles (any call but file uploads,
 * which go over HTTP: MAX_UPLOAD_BYTES). Calls are small JSON; a larger one is
 * answered with a clear error.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 1 * MiB;

/**
 * Largest WebSocket frame the web host reads at all. ws holds a frame in memory
 * until it is complete; past this the socket is closed with code 1009 (message
 * too big) before the payload is read. Above MAX_SOCKET_MESSAGE_BYTES so that a
 * message somewhat too large still gets an answer that says why.
 */
export const MAX_SOCKET_FRAME_BYTES = 16 * MiB;

/**
 * Largest file the browser may upload to the web host (streamed to the data
 * folder's imports/, then imported by path). Uploads are CSV files, and a CSV
 * larger than MAX_CSV_BYTES could never import, so the two are equal; bigger
 * files import from the command line (`modelbench dataset import FILE`) or by
 * path from a `serve --data-dir` folder.
 */
export const MAX_UPLOAD_BYTES = MAX_CSV_BYTES;

/**
 * Largest JSON file the CLI reads (--config HP.json, --model SPEC.json, STUDY.json,
 * --space SPACE.json, --student SPEC.json). Config files are a few KB; anything
 * this large is the wrong file (a dataset, a model's weights).
 */
export const JSON_FILE_MAX_BYTES = 16 * MiB;

// ---- Bundles (main/bundle: `modelbench bundle import`, bundles.import) ----

/**
 * Most bytes a bundle may unpack to, all entries together, checked from the
 * archive's directory before anything is written and again while unpacking
 * (so an entry that lies about its size stops at the limit: a "zip bomb").
 * A bundle holds at most one dataset (1 GiB of inputs at MAX_DATASET_VALUES,
 * plus labels) and the models of a study or an experiment; 4 GiB leaves room
 * for both while bounding the staging folder on disk.
 */
export const MAX_BUNDLE_UNPACKED_BYTES = 4096 * MiB;

/**
 * Most entries in one bundle. A run brings its model, recipe, split and
 * metric files (about 6); a 10,000-trial study is about 60,000. Listing the
 * archive's directory is refused past this, before anything is unpacked.
 */
export const MAX_BUNDLE_ENTRIES = 100_000;

/**
 * Largest JSON entry of a bundle (records.json, a run's metrics): each is
 * parsed in memory whole.
 */
export const MAX_BUNDLE_JSON_BYTES = 256 * MiB;

// ---- Studies (main/tuner samplers, main/study command objectives) ----

/**
 * Most candidates a sampler scores for one suggestion (TPE's nCandidates, GP's
 * random and near-best points, grid points per param): each is scored against
 * every trial in the model, so 100,000 keeps one suggestion within seconds.
 */
export const MAX_SAMPLER_CANDIDATES = 100_000;

/** Largest population of the genetic and NSGA-II samplers: ranking it runs on every suggestion; 10,000 is past any study's useful size. */
export const MAX_SAMPLER_POPULATION = 10_000;

/** Most trials GP fits its model on (maxTrials): the fit costs their number cubed, about a second at 2,000. */
export const MAX_GP_TRIALS = 2000;

/**
 * A command objective's program (StudyConfig.command): most argv items, and
 * longest argv item, shell line or environment value, in characters. The
 * operating system refuses a spawn whose arguments and environment pass its
 * own limit (Linux: 128 KiB per string, about 2 MiB in all).
 */
export const MAX_COMMAND_ARGS = 1000;
export const MAX_COMMAND_ARG_LENGTH = 10_000;
/** Most environment variables a command adds (the trial's MB_PARAM_* come on top). */
export const MAX_COMMAND_ENV = 200;
/** Longest environment variable name. */
export const MAX_COMMAND_ENV_NAME = 256;
/** All of argv (or the shell line) and the added environment together, in characters: half of Linux's 2 MiB ARG_MAX, leaving room for the inherited environment. */
export const MAX_COMMAND_TOTAL_LENGTH = 1024 * 1024;
/** Longest working-directory path (Linux's PATH_MAX). */
export const MAX_COMMAND_CWD_LENGTH = 4096;
/** Longest a trial's program may run before it is stopped. */
export const MAX_COMMAND_TIMEOUT_MS = 7 * 24 * 3600 * 1000;

/**
 * Windows one runs.forecast answer draws at most: each carries its lookback and
 * twice its horizon (up to MAX_LOOKBACK + 2·MAX_HORIZON numbers), so 50 stay a
 * few MB at worst; a chart shows one at a time.
 */
export const MAX_FORECAST_WINDOWS = 50;
/** Best and worst windows by error that a runs.forecast answer names, each. */
export const FORECAST_RANKED_WINDOWS = 5;
