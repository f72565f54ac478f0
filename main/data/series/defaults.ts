/**
 * A series import's defaults, shared by the import (series-csv.ts) and the form
 * (renderer/src/lib/import-kind.ts). No imports: the import worker runs from the
 * packaged app's unpacked folder, where zod (schemas.ts) is not.
 */

/** The validation and test shares when the import names none (the last shares of each series). */
export const SERIES_SHARE_DEFAULT = 0.15;
