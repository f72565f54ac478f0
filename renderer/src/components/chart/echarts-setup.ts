/** Registers only the ECharts pieces our charts use, keeping the bundle small. */
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, DataZoomInsideComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Scatter, graph and mark lines: the compression trade-off, lineage and per-layer sparsity charts;
// mark areas: a series' split parts and a forecast's horizon; inside zoom (wheel, drag): a long series.
echarts.use([LineChart, BarChart, HeatmapChart, ScatterChart, GraphChart, MarkLineComponent, MarkAreaComponent, DataZoomInsideComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent, AriaComponent, CanvasRenderer]);

export { echarts };
