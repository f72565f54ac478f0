/**
 * An image-classification dataset laid out as <dir>/<class>/<image>.png|jpg:
 * the sub-folder names are the classes (sorted), every image must have the same
 * size, and the images become [H, W, 1] when all are gray, else [H, W, 3].
 */
import { opendirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { MAX_DATASET_VALUES, MAX_IMAGE_FOLDER_FILES } from '../limits.ts';
import { decodeImage, isGrayscale, type RgbaImage } from './image-decode.ts';
import { compareText } from './labels.ts';
import { count, tooLarge } from './limit-error.ts';
import type { ParsedDataset } from './types.ts';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

const visible = (name: string): boolean => !name.startsWith('.') && name !== 'Thumbs.db' && name !== 'desktop.ini';

/** `maxFiles` is MAX_IMAGE_FOLDER_FILES; a parameter only so that a test need not create 200,000 files. */
export function loadImageFolder(dir: string, maxFiles = MAX_IMAGE_FOLDER_FILES): ParsedDataset {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new ApiError('not_found', `folder not found: ${dir}`);
  const classes = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && visible(e.name))
    .map((e) => e.name)
    .sort(compareText);
  if (classes.length < 2) {
    throw new ApiError('bad_data', `an image folder needs one sub-folder per class and at least 2 classes; found ${classes.length} in ${dir}`);
  }

  const files: { rel: string; label: number }[] = [];
  const classCounts: number[] = [];
  classes.forEach((cls, k) => {
    const names = listImages(join(dir, cls), maxFiles, files.length).sort(compareText);
    if (names.length === 0) throw new ApiError('bad_data', `class folder '${cls}' has no PNG or JPEG images`);
    for (const name of names) files.push({ rel: `${cls}/${name}`, label: k });
    classCounts.push(names.length);
  });

  // Decode once and keep RGB bytes (smaller than the Float32 result) until we know
  // whether the whole set is gray, in which case one channel suffices.
  const rgb: Uint8Array[] = [];
  let first: RgbaImage | undefined;
  let gray = true;
  for (const f of files) {
    let img: RgbaImage;
    try {
      img = decodeImage(readFileSync(join(dir, f.rel)), f.rel);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError('bad_data', `cannot decode image ${f.rel}: ${(error as Error).message}`);
    }
    if (!first) {
      first = img;
      checkValues(files.length, img.width * img.height, 1); // before decoding the rest: at least one channel each
    } else if (img.width !== first.width || img.height !== first.height) {
      throw new ApiError(
        'bad_data',
        `images of mixed sizes: ${files[0].rel} is ${first.width}x${first.height} but ${f.rel} is ${img.width}x${img.height}`,
      );
    }
    if (gray && !isGrayscale(img)) gray = false;
    rgb.push(dropAlpha(img.data));
  }

  const { width, height } = first as RgbaImage;
  const channels = gray ? 1 : 3;
  checkValues(rgb.length, width * height, channels);
  const size = width * height * channels;
  const x = new Float32Array(rgb.length * size);
  const y = new Float32Array(rgb.length);
  rgb.forEach((pixels, i) => {
    y[i] = files[i].label;
    const base = i * size;
    for (let p = 0, o = 0; p < width * height; p++) {
      for (let c = 0; c < channels; c++) x[base + o++] = pixels[p * 3 + c] / 255;
    }
  });
  return { task: 'classification', inputShape: [height, width, channels], x, y, classes, featureNames: [], labelName: 'class', classCounts, source: 'images' };
}

/**
 * The image files of one class folder, stopping as soon as the folder's total
 * (`before` in earlier classes + these) passes `maxFiles`, so a huge folder is
 * refused without listing it whole.
 */
function listImages(folder: string, maxFiles: number, before: number): string[] {
  const names: string[] = [];
  const handle = opendirSync(folder);
  try {
    for (let e = handle.readSync(); e !== null; e = handle.readSync()) {
      if (!e.isFile() || !visible(e.name) || !IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) continue;
      names.push(e.name);
      if (before + names.length > maxFiles) {
        const limit = count(maxFiles, 'image files');
        throw tooLarge('this image folder', limit, limit, 'Import a sample of the images, or split them into several datasets.', { atLeast: true });
      }
    }
  } finally {
    handle.closeSync();
  }
  return names;
}

function checkValues(images: number, pixels: number, channels: number): void {
  const values = images * pixels * channels;
  if (values > MAX_DATASET_VALUES) {
    throw tooLarge(
      `${images.toLocaleString('en-US')} images of ${pixels.toLocaleString('en-US')} pixels x ${channels} channel${channels > 1 ? 's' : ''}`,
      count(values, 'values'),
      count(MAX_DATASET_VALUES, 'values'),
      'Each value is a 32-bit float in memory and on disk: use fewer or smaller images.',
    );
  }
}

function dropAlpha(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0, o = 0; p < rgba.length; p += 4) {
    out[o++] = rgba[p];
    out[o++] = rgba[p + 1];
    out[o++] = rgba[p + 2];
  }
  return out;
}
