/**
 * @file The four evaluation probes of pre-training (methods.md 5.4) over frozen features of a
 * training split and a test split (held-out poses and identities): keypoint regression (ridge on
 * patch tokens, PCK@0.1), pose retrieval by OKS ([POSE] or [CLS]), re-ID ([CLS], across poses)
 * and attributes (logistic regressions on [CLS], mA). Each result is null when the data has no
 * ground truth for it. Everything is deterministic: no random draws, stable orderings, and the
 * report holds no timings.
 */
import type { ProbeResults } from '../../../contract/training';
import { type AttributeOptions, attributeProbe } from './attributes';
import { type FeatureSet, checkFeatureSet } from './featureSet';
import { type KeypointProbeOptions, keypointProbe } from './keypointProbe';
import { poseRetrievalProbe, reidProbe } from './retrieval';

export type { FeatureSet } from './featureSet';

export interface ProbeReport {
  results: ProbeResults;
  /** Sizes behind each figure (integers), for reading them. */
  counts: Record<string, number>;
  /** How each probe was set up: lambda sweeps, pooled cells, derived attributes, ... */
  details: Record<string, unknown>;
}

export interface ProbeOptions {
  /** Embedding for pose retrieval; defaults to [POSE] when the model has one, else [CLS]. */
  retrievalToken?: 'cls' | 'pose';
  keypoints?: KeypointProbeOptions;
  attributes?: AttributeOptions;
}

export function runProbes(train: FeatureSet, test: FeatureSet, options: ProbeOptions = {}): ProbeReport {
  checkFeatureSet(train, 'train');
  checkFeatureSet(test, 'test');
  if (train.dim !== test.dim || train.patchDim !== test.patchDim)
    throw new Error('runProbes: train and test features have different widths');
  const counts: Record<string, number> = { train: train.count, test: test.count };
  const details: Record<string, unknown> = {};

  const kp = keypointProbe(train, test, options.keypoints);
  if (kp) {
    Object.assign(counts, {
      keypointTrainImages: kp.trainRows,
      keypointValidationImages: kp.validationRows,
      keypointTestJoints: kp.testJoints,
      keypointFeatures: kp.details.features,
    });
    details.keypoints = kp.details;
  }

  const wanted = options.retrievalToken ?? (test.pose ? 'pose' : 'cls');
  const token = wanted === 'pose' && test.pose ? 'pose' : 'cls';
  const retrieval = poseRetrievalProbe(test, token);
  if (retrieval) {
    Object.assign(counts, {
      retrievalQueries: retrieval.queries,
      retrievalQueriesWithRelevant: retrieval.queriesWithRelevant,
      retrievalSkippedNoKeypoints: retrieval.skippedNoKeypoints,
      retrievalSkippedEmptyGallery: retrieval.skippedEmptyGallery,
    });
    details.poseRetrieval = { token, requestedToken: wanted, relevantOks: 0.75 };
  }

  const reid = reidProbe(test);
  if (reid)
    Object.assign(counts, {
      reidQueries: reid.queries,
      reidIdentities: reid.identities,
      reidSkippedNoCrossPoseMatch: reid.skippedNoCrossPoseMatch,
    });

  const attributes = attributeProbe(train, test, options.attributes);
  if (attributes) {
    Object.assign(counts, {
      attributes: attributes.derived,
      attributesScored: Object.keys(attributes.perAttribute).length,
    });
    details.attributes = attributes.details;
  }

  const results: ProbeResults = {
    keypoints: kp ? { pck: kp.pck, meanError: kp.meanError } : null,
    poseRetrieval: retrieval ? { top1Oks: retrieval.top1Oks, mAP: retrieval.mAP, token } : null,
    reid: reid ? { rank1: reid.rank1, mAP: reid.mAP } : null,
    attributes: attributes
      ? { meanAccuracy: attributes.meanAccuracy, perAttribute: attributes.perAttribute }
      : null,
  };
  return { results, counts, details };
}
