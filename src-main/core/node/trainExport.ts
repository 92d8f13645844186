/**
 * @file `train.export`: the encoder of a checkpoint as a standalone ONNX model (dynamic batch,
 * float32 or float16 weights) or as timm-named safetensors, written atomically into the project's
 * exports/ folder (downloadable over HTTP at /api/exports/<name>).
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  StudioError,
  type ExportFormatTrain,
  type TrainExportResult,
  type TrainRequest,
} from '../../contract';
import { buildEncoderOnnx, encoderTimmSafetensors, paramsFromFlat } from '../train/export';
import { resolveVitConfig } from '../train/modelConfig';
import { checkpointPath, listCheckpoints, loadCheckpoint } from '../train/node/checkpoint';
import type { ParamLayout } from '../train/step';
import type { TrainRunRow } from '../catalog/node/trainRepo';
import { writeAtomically } from './files';
import type { Project } from './project';
import { trainRunDir } from './trainRunner';

const EXTENSIONS: Record<ExportFormatTrain, string> = {
  onnx: '.onnx',
  'onnx-fp16': '-fp16.onnx',
  'timm-safetensors': '.safetensors',
};

/** The checkpoint step to use: the given one (which must exist) or the latest. */
export async function checkpointStep(runDir: string, runId: number, step?: number): Promise<number> {
  const steps = (await listCheckpoints(runDir)).map((c) => c.step);
  if (steps.length === 0) {
    throw new StudioError(
      'NOT_FOUND',
      `training run ${runId} has no checkpoint yet: start it and let it save one`,
    );
  }
  if (step === undefined) return steps[steps.length - 1]!;
  if (!steps.includes(step)) {
    throw new StudioError(
      'NOT_FOUND',
      `training run ${runId} has no checkpoint at step ${step} (it has ${steps.join(', ')})`,
      {
        field: 'step',
      },
    );
  }
  return step;
}

export async function exportEncoder(
  project: Project,
  row: TrainRunRow,
  format: ExportFormatTrain,
  step?: number,
): Promise<TrainExportResult> {
  const runDir = trainRunDir(project, row.id);
  const at = await checkpointStep(runDir, row.id, step);
  const ckpt = await loadCheckpoint(checkpointPath(runDir, at));
  const request = JSON.parse(row.request) as TrainRequest;
  const vit = resolveVitConfig(request.model, request.recipe.recipe);
  const theta = ckpt.params[0]?.data;
  if (!(theta instanceof Float32Array || theta instanceof Float64Array)) {
    throw new StudioError('MALFORMED_FILE', `checkpoint ${at} of run ${row.id} holds no float parameters`);
  }
  const params = paramsFromFlat(ckpt.layout as unknown as ParamLayout, theta);
  const bytes =
    format === 'timm-safetensors'
      ? encoderTimmSafetensors(vit, params)
      : buildEncoderOnnx(vit, params, { weights: format === 'onnx-fp16' ? 'float16' : 'float32' });
  const stem = `${request.recipe.recipe}-run${row.id}-step${at}`;
  const target = join(project.folder('exports'), `${stem}${EXTENSIONS[format]}`);
  try {
    mkdirSync(project.folder('exports'), { recursive: true });
    await writeAtomically(target, [bytes]);
  } catch (error) {
    throw new StudioError('IO_ERROR', `cannot write ${target}: ${(error as Error).message}`, {
      path: target,
    });
  }
  return { name: basename(target), path: target, bytes: bytes.byteLength, step: at };
}
