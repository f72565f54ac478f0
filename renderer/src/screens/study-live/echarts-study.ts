/**
 * The extra ECharts pieces only study charts use (scatter, parallel coordinates,
 * custom bars/cells, empty-state text), registered when a study screen is first
 * loaded instead of growing the shared setup for every screen.
 */
import { CustomChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, ParallelComponent } from 'echarts/components';
import { echarts } from '../../components/chart/echarts-setup.ts';

echarts.use([ScatterChart, ParallelChart, CustomChart, ParallelComponent, GraphicComponent]);
