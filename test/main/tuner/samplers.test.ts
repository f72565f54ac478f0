import { samplerContract } from './sampler-contract.ts';
import { RandomSampler } from '../../../main/tuner/samplers/random.ts';
import { GridSampler } from '../../../main/tuner/samplers/grid.ts';
import { TpeSampler } from '../../../main/tuner/samplers/tpe/sampler.ts';
import { GpSampler } from '../../../main/tuner/samplers/gp/sampler.ts';
import { GeneticSampler } from '../../../main/tuner/samplers/genetic.ts';
import { Nsga2Sampler } from '../../../main/tuner/samplers/nsga2/sampler.ts';

samplerContract('random', () => new RandomSampler());
samplerContract('grid', () => new GridSampler({ pointsPerContinuous: 3 }), { seedSensitive: false, coversBranches: false });
samplerContract('tpe', () => new TpeSampler({ nStartupTrials: 8 }));
// Small acquisition budget: the contract is about validity, not quality.
samplerContract('gp', () => new GpSampler({ nStartupTrials: 8, nRandom: 200, nNearBest: 20, localSteps: 10 }), { trials: 20 });
samplerContract('genetic', () => new GeneticSampler({ populationSize: 8 }));
samplerContract('nsga2', () => new Nsga2Sampler({ populationSize: 8 }));
