/**
 * Integration: `models.inspect` and `models.add` open every graph of a model folder with an
 * onnxruntime InferenceSession, and onnxruntime-node loads a model synchronously on the calling
 * thread (a 512 MB inline graph holds it for about a second; an SD 1.5 folder for several). So the
 * studio inspects on a worker thread: no session is ever created on the thread that answers IPC and
 * HTTP, while the reports are the same as before (ok, layout, components, hash) and a broken folder is
 * still refused naming the file and the input.
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../../src-main/contract';
import { inspectModelFolder } from '../../src-main/core/generate/sd/node/inspect';
import { makeMemoryHarness, type Harness } from '../contract/harness';
import { tempDir } from '../helpers/paths';
import { buildSdModelFolder } from '../helpers/sdModels/folder';

const dir = tempDir('pose-studio-models-thread-');
const good = buildSdModelFolder(join(dir, 'sd15'), { layout: 'optimum' }).root;
const broken = buildSdModelFolder(join(dir, 'broken'), { layout: 'optimum', broken: 'input-dtype' }).root;

let h: Harness;
beforeAll(async () => {
  h = await makeMemoryHarness();
  await h.client.call('project.create', { path: join(tempDir(), 'project') });
});
afterAll(() => h.close());

describe('model inspection runs off the main thread', () => {
  it('creates no InferenceSession on this thread, and reports what an in-process inspection reports', async () => {
    const expected = await inspectModelFolder(good);
    const create = vi.spyOn(ort.InferenceSession, 'create');
    try {
      const report = await h.client.call('models.inspect', { path: good });
      expect(report).toEqual(expected);
      const refused = await h.client.call('models.inspect', { path: broken });
      expect(refused.ok).toBe(false);
      let error: unknown = null;
      await h.client.call('models.add', { path: broken }).catch((e: unknown) => (error = e));
      expect(error).toBeInstanceOf(StudioError);
      expect((error as StudioError).message).toContain('text_encoder/model.onnx');
      const added = await h.client.call('models.add', { path: good });
      expect(added).toMatchObject({ path: good, hash: expected.hash, isDefault: true });
      expect(create).not.toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
  }, 60_000);
});
