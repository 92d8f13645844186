/**
 * Round trips: every shared fixture file is imported with the default options, exported to
 * COCO, OpenPose and ControlNet JSON, and imported again with the default options; keypoints
 * (x, y, v) and canvas sizes must come back identical.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PoseImportOptionsSchema, type ExportFormat } from '../../../contract';
import type { OpenBytes, PoseRecord } from '../types';
import { exportChunks } from './export';
import { memoryBytes, openPoseFile, readAllPoses } from './index';

const fixtures = fileURLToPath(new URL('../../../../../shared/fixtures/poses', import.meta.url));
const defaults = PoseImportOptionsSchema.parse({});

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.json') ? [path] : [];
    })
    .sort();
}

const fileBytes =
  (path: string): OpenBytes =>
  () =>
    createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>;

function joinChunks(chunks: Iterable<string | Uint8Array>): Uint8Array {
  const parts = [...chunks].map((c) => (typeof c === 'string' ? new TextEncoder().encode(c) : c));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const shape = (poses: readonly PoseRecord[]) =>
  poses.map((p) => ({ w: p.width, h: p.height, k: p.keypoints }));

async function roundTrip(poses: readonly PoseRecord[], format: ExportFormat): Promise<PoseRecord[]> {
  const exportable = poses.map((pose, i) => ({ ...pose, id: i + 1 }));
  const data = joinChunks(exportChunks(format, exportable, exportable.length));
  const reader = await openPoseFile(memoryBytes(data, 50_000), `back.${format}`, defaults);
  const back = await readAllPoses(reader);
  expect(reader.skipped).toEqual({});
  return back;
}

describe('import -> export -> import round trips on every fixture', () => {
  const files = filesUnder(fixtures);

  it('finds the fixtures', () => {
    expect(files.length).toBe(130);
  });

  it.each(files.map((path) => [path.slice(fixtures.length + 1), path]))('%s', async (_, path) => {
    const poses = await readAllPoses(await openPoseFile(fileBytes(path), basename(path), defaults));
    expect(poses.length).toBeGreaterThan(0);
    for (const format of ['coco', 'openpose', 'controlnet'] as const) {
      expect(shape(await roundTrip(poses, format)), format).toEqual(shape(poses));
    }
  });

  it('holds for a single pose too (single-object OpenPose and ControlNet files)', async () => {
    const path = join(fixtures, 'coco', 'mmpose_test_coco.json');
    const [first] = await readAllPoses(await openPoseFile(fileBytes(path), 'one.json', defaults));
    for (const format of ['coco', 'openpose', 'controlnet'] as const) {
      expect(shape(await roundTrip([first!], format))).toEqual(shape([first!]));
    }
  });
});
