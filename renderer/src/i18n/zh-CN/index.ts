/** The Simplified Chinese catalogue (zh-CN), typed against the English one: a missing or extra key fails the type check. */
import type { en } from '../en/index.ts';
import type { Messages } from '../messages.ts';
import { advisor } from './advisor.ts';
import { charts } from './charts.ts';
import { app, backend, common, errors, nav, shortcuts, values } from './common.ts';
import { compare } from './compare.ts';
import { datasets } from './datasets.ts';
import { ensemble } from './ensembles.ts';
import { builder, experimentDetail, experiments, fieldErrors, stepCompare } from './experiments.ts';
import { bundle, exportPanel } from './export.ts';
import { forecast } from './forecast.ts';
import { history } from './history.ts';
import { layers } from './layers.ts';
import { metrics } from './metrics.ts';
import { aug, diagnostics, explain, hp, model, newRun, runDetail, size, training } from './run.ts';
import { settings } from './settings.ts';
import { space, studies, studyCompare, studyLive, studySetup } from './studies.ts';

export const zhCN: Messages<typeof en> = {
  common, app, nav, shortcuts, errors, values, backend,
  datasets, exportPanel, bundle, layers, metrics,
  newRun, hp, aug, model, training, runDetail, size, explain, diagnostics, advisor, forecast,
  history, compare, charts,
  studies, studySetup, space, studyCompare, studyLive,
  experiments, builder, fieldErrors, experimentDetail, stepCompare,
  ensemble,
  settings,
};
