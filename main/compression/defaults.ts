/**
 * Defaults shared by the engine's request schemas and the UI's forms. Kept free of
 * zod so the renderer can import them without bundling the validation library.
 * Why these values: see DistillRequest in requests.ts and docs/compression-api.md.
 */
export const DISTILL_DEFAULTS = { temperature: 1, alpha: 0.3 } as const;
