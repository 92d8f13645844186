import { describe, expect, it } from 'vitest';
import { ProbeResultsSchema } from '../../../contract/training';
import { runProbes } from './probes';
import { type SyntheticOptions, syntheticFeatures } from './synthetic';

const shape = { variantsPerPose: 5, dim: 40, grid: [4, 4] as const, noise: 0.05 };
function split(content: SyntheticOptions['content'], noise = shape.noise) {
  return {
    train: syntheticFeatures({ ...shape, noise, content, poses: 60, identities: 30, seed: 1 }),
    test: syntheticFeatures({ ...shape, noise, content, poses: 12, identities: 6, seed: 2, offset: 1000 }),
  };
}

describe('runProbes', () => {
  const signal = split('signal');
  const report = runProbes(signal.train, signal.test);

  it('scores informative features high on all four probes', () => {
    const r = report.results;
    expect(ProbeResultsSchema.parse(r)).toEqual(r);
    expect(r.keypoints!.pck).toBe(1);
    expect(r.poseRetrieval).toMatchObject({ token: 'pose' });
    // Every query has its own pose, worn by other identities, in the gallery.
    expect(r.poseRetrieval!.top1Oks).toBeCloseTo(1, 6);
    expect(r.poseRetrieval!.mAP).toBeCloseTo(1, 6);
    expect(r.reid).toEqual({ rank1: 1, mAP: 1 });
    expect(r.attributes!.meanAccuracy).toBeGreaterThan(0.95);
  });

  it('scores random features near chance', () => {
    const { train, test } = split('noise', 1);
    const r = runProbes(train, test).results;
    expect(r.keypoints!.pck).toBeLessThan(0.3);
    expect(r.poseRetrieval!.top1Oks).toBeLessThan(0.5);
    expect(r.reid!.rank1).toBeLessThan(0.5);
    expect(r.attributes!.meanAccuracy).toBeGreaterThan(0.35);
    expect(r.attributes!.meanAccuracy).toBeLessThan(0.65);
  });

  it('reports integer counts and the probes` settings', () => {
    for (const v of Object.values(report.counts)) expect(Number.isInteger(v)).toBe(true);
    expect(report.counts).toMatchObject({
      train: 300,
      test: 60,
      keypointTrainImages: 300,
      keypointTestJoints: 60 * 17,
      retrievalQueries: 60,
      reidQueries: 60,
      reidIdentities: 6,
    });
    expect(report.details.keypoints).toMatchObject({ cells: [4, 4], features: 4 * 4 * 40 });
    expect(report.details.poseRetrieval).toMatchObject({ token: 'pose' });
  });

  it('is deterministic', () => {
    expect(runProbes(signal.train, signal.test)).toEqual(report);
  });

  it('falls back to [CLS] for retrieval without a [POSE] token, or when asked', () => {
    const noPose = { ...signal.test, pose: null };
    expect(runProbes({ ...signal.train, pose: null }, noPose).results.poseRetrieval!.token).toBe('cls');
    expect(runProbes(signal.train, signal.test, { retrievalToken: 'cls' }).results.poseRetrieval!.token).toBe(
      'cls',
    );
  });

  it('leaves a probe null when the data has no ground truth for it', () => {
    const bare = (set: typeof signal.test) => ({
      ...set,
      keypoints: new Float32Array(set.count * 51),
      identities: set.identities.map(() => null),
      attributes: set.attributes.map(() => ({})),
    });
    const r = runProbes(bare(signal.train), bare(signal.test));
    expect(r.results).toEqual({ keypoints: null, poseRetrieval: null, reid: null, attributes: null });
    expect(r.counts).toEqual({ train: 300, test: 60 });
  });

  it('refuses inconsistent feature sets', () => {
    expect(() => runProbes(signal.train, { ...signal.test, poseIds: [] })).toThrow(/test.poseIds/);
    const narrow = syntheticFeatures({
      ...shape,
      dim: 8,
      content: 'signal',
      poses: 2,
      identities: 2,
      seed: 3,
    });
    expect(() => runProbes(signal.train, narrow)).toThrow(/different widths/);
  });
});
