/**
 * What 'shap' ran, by the method it resolved to (settings.ts's methodNote fills
 * {{players}} and {{limit}}): the English of the CLI and the UI, whose other
 * languages translate by the method and the numbers, not by this text. Pure,
 * no imports, so the renderer's catalogue takes it as it is.
 */
export const SHAP_NOTES = {
  'exact-shapley': 'shap: exact Shapley values ({{players}} features, all 2^{{players}} coalitions)',
  'kernel-shap': 'shap: KernelSHAP, because {{players}} features are more than exact Shapley values allow ({{limit}})',
  'gradient-shap': 'shap: GradientSHAP (expected gradients), the SHAP variant for networks on images',
} as const;

export type ShapNoteMethod = keyof typeof SHAP_NOTES;
