/** Shared look for every chart: one palette and axis style, matching styles/app.css. */
export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];
export const TEXT = '#334155';
export const MUTED = '#94a3b8';
export const GRID_LINE = '#e2e8f0';

export const axisStyle = {
  axisLine: { lineStyle: { color: MUTED } },
  axisLabel: { color: TEXT },
  splitLine: { lineStyle: { color: GRID_LINE } },
};

export const baseOption = {
  color: PALETTE,
  animation: false, // live curves redraw every epoch; animation only adds lag
  textStyle: { fontFamily: 'inherit', color: TEXT },
};
