/**
 * @file QualityScorer: the face and image checks of one variant, on Node (one BlazeFace session,
 * reused). Per variant: the image checks and the perceptual hash; then, where the pose shows a
 * face, the face crop's sharpness and exposure and one BlazeFace run on a square around the
 * pose's head (see below), matched to the pose's face for confidence and landmark agreement.
 *
 * The crop: BlazeFace's front model wants a face filling a good part of its 128 px input, but in
 * a full-body 256 px image a face is 15-40 px wide, and letterboxing the whole image shrinks it
 * to a few pixels. So the detector looks at a square of `cropFactor` x the head width estimated
 * from the pose (eyes, ears, shoulders, limbs), centred between the face and the ears, resampled
 * to the model's input (upscaled for small faces). Measured by bench/face-filter.ts --crop on the
 * 1500 test-split mannequin variants at 256 px: the front model found 204 of 338 clean frontal
 * faces (score >= 0.3) on the letterboxed whole image, 305 with a 1.5x crop and 308 with the
 * default 2.5x crop (mean score 0.67 -> 0.72). The back model prefers smaller faces: 8x.
 */
import type { BlazeFaceModel, Face } from '../blazeface';
import { headRegion, type HeadEstimate, type PoseKeypoint } from '../faceGeometry';
import { assembleScores, expectedHead, measureFace, measureImage } from '../measure';
import type { ImageView } from '../resample';
import type { QualityScores } from '../scores';
import type { OnnxSession } from '../../onnx/node/session';
import { detectFaces, openBlazeFace } from './blazeface';

export type ScorerOptions = {
  /** BlazeFace model: 'front' (128 px, default) or 'back' (256 px, about 5x slower). */
  model?: BlazeFaceModel;
  /** onnxruntime intra-op threads (default 1: the scorer is meant to run one per worker). */
  threads?: number;
  /** Detector crop side in head widths (default 2.5 for 'front', 8 for 'back'). */
  cropFactor?: number;
  /** Detector score floor: weaker candidates are dropped before matching (default 0.05). */
  minScore?: number;
};

export type ScoreInput = {
  /** RGB or RGBA bytes, row-major, top row first. */
  rgb: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  /** COCO-17 keypoints [x, y, v] in this image's pixels. */
  keypoints: readonly PoseKeypoint[];
};

export type ScoreResult = {
  scores: QualityScores;
  /** Faces BlazeFace found around the pose's head (empty when no face is expected). */
  faces: Face[];
  /** 64-bit perceptual hash, 16 hex digits (see duplicates.ts for grouping). */
  phash: string;
  /** Where the pose puts the head, or null when no face is expected. */
  head: HeadEstimate | null;
};

const DEFAULT_CROP: Record<BlazeFaceModel, number> = { front: 2.5, back: 8 };

export class QualityScorer {
  private constructor(
    private session: OnnxSession | null,
    private readonly model: BlazeFaceModel,
    private readonly cropFactor: number,
    private readonly minScore: number,
  ) {}

  static async create(options: ScorerOptions = {}): Promise<QualityScorer> {
    const model = options.model ?? 'front';
    const session = await openBlazeFace(model, options.threads ?? 1);
    return new QualityScorer(
      session,
      model,
      options.cropFactor ?? DEFAULT_CROP[model],
      options.minScore ?? 0.05,
    );
  }

  async score(input: ScoreInput): Promise<ScoreResult> {
    const session = this.session;
    if (!session) throw new Error('QualityScorer used after dispose()');
    if (input.keypoints.length < 17) throw new Error('QualityScorer needs COCO-17 keypoints');
    const img: ImageView = {
      data: input.rgb,
      width: input.width,
      height: input.height,
      channels: input.channels,
    };
    const image = measureImage(img);
    const head = expectedHead(input.keypoints);
    const face = head ? measureFace(img, head, input.keypoints) : null;
    const faces = head
      ? await detectFaces(session, img, {
          model: this.model,
          region: headRegion(head, this.cropFactor),
          minScore: this.minScore,
        })
      : [];
    const scores = assembleScores(image, input.keypoints, head, face, faces);
    return { scores, faces, phash: image.phash, head };
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await session.dispose();
  }
}
