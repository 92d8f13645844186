/**
 * @file Benchmark: runProbes on synthetic features of the size a 'tiny' model gives (D = 96,
 * 8 x 8 patches of 96, so patchDim = 6144) for 3000 training and 600 test images, 5% of the
 * joints unlabelled (so the ridge imputes). Prints the wall time of the whole run and of each
 * probe alone (wall and CPU time, since the machine may be shared), the pooled width and the
 * lambda sweep. Single-threaded JS throughout.
 *
 *   npx tsx bench/probes.ts [trainImages=3000] [testImages=600]
 */
import os from 'node:os';
import { attributeProbe } from '../src-main/core/train/eval/attributes';
import { keypointProbe } from '../src-main/core/train/eval/keypointProbe';
import { runProbes } from '../src-main/core/train/eval/probes';
import { poseRetrievalProbe, reidProbe } from '../src-main/core/train/eval/retrieval';
import { syntheticFeatures } from '../src-main/core/train/eval/synthetic';

const trainImages = Number(process.argv[2] ?? 3000);
const testImages = Number(process.argv[3] ?? 600);
const VARIANTS = 15;
const common = { variantsPerPose: VARIANTS, dim: 96, grid: [8, 8] as const, content: 'signal' as const };
const noise = 0.3;
const missing = 0.05;

const t = performance.now();
const train = syntheticFeatures({
  ...common,
  poses: Math.ceil(trainImages / VARIANTS),
  identities: Math.ceil(trainImages / 10),
  seed: 1,
  noise,
  missing,
});
const test = syntheticFeatures({
  ...common,
  poses: Math.ceil(testImages / VARIANTS),
  identities: Math.ceil(testImages / 10),
  seed: 2,
  noise,
  missing,
  offset: 100_000,
});
console.log(
  `synthetic data: ${(performance.now() - t).toFixed(0)} ms (train ${train.count}, test ${test.count})`,
);

/** Wall and CPU (user + system) milliseconds of fn; the machine may be shared, CPU time less so. */
function time<T>(label: string, fn: () => T): T {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const out = fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  console.log(
    `${label}: ${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms cpu`,
  );
  return out;
}

console.log(
  `load average ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}, ${os.cpus().length} cores`,
);
let report = time('runProbes (all four), first run', () => runProbes(train, test));
for (let run = 2; run <= 3; run += 1)
  report = time(`runProbes (all four), run ${run}`, () => runProbes(train, test));
time('  keypoints', () => keypointProbe(train, test));
time('  pose retrieval', () => poseRetrievalProbe(test, 'pose'));
time('  re-ID', () => reidProbe(test));
time('  attributes', () => attributeProbe(train, test));
console.log(JSON.stringify(report.results, null, 1));
console.log(JSON.stringify(report.counts));
console.log(JSON.stringify(report.details.keypoints));
