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
