/**
 * @file Benchmark: how long `models.inspect` holds the thread that answers IPC and HTTP. A tiny SD
 * folder (tests/helpers/sdModels) gets a large graph with inline weights as its VAE encoder (the
 * inspection opens every graph it finds; SD 1.5 exports keep a 1.7 GB fp16 UNet inline), and the
 * longest gap between 2 ms timer ticks is measured while the folder is inspected (a) in this thread,
 * as the handlers did, and (b) through the generation engine, which inspects on a worker thread.
 *
 *   npx tsx bench/models-inspect-loop.ts [MiB of inline weights = 512]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectModelFolder } from '../src-main/core/generate/sd/node/inspect';
import { createGenerationEngine } from '../src-main/core/node/generationEngine';
import { buildSdModelFolder } from '../tests/helpers/sdModels';
import { encodeGraph } from '../tests/helpers/sdModels/onnxWriter';

/** An Add graph whose one weight of `mib` MiB is stored inside model.onnx. */
function bigInlineGraph(mib: number): Uint8Array {
  const n = (mib * 2 ** 20) / 4;
  const graph = encodeGraph(
    {
      nodes: [{ opType: 'Add', inputs: ['sample', 'W'], outputs: ['latent_parameters'] }],
      weights: [{ name: 'W', dims: [n], data: new Float32Array(n).fill(0.5) }],
      constants: [],
      inputs: [{ name: 'sample', dtype: 'float32', dims: [n] }],
      outputs: [{ name: 'latent_parameters', dtype: 'float32', dims: [n] }],
    },
    'big',
  );
  return graph.model;
}

/** Runs `work` while a 2 ms interval measures the longest gap between its ticks. */
async function longestGap<T>(work: () => Promise<T>): Promise<{ ms: number; gap: number }> {
  let last = performance.now();
  let gap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 2);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearInterval(tick);
  return { ms, gap };
}

async function main(): Promise<void> {
  const mib = Number(process.argv[2] ?? 512);
  const dir = mkdtempSync(join(tmpdir(), 'bench-inspect-'));
  try {
    const root = buildSdModelFolder(join(dir, 'sd'), { layout: 'optimum' }).root;
    writeFileSync(join(root, 'vae_encoder', 'model.onnx'), bigInlineGraph(mib));
    const engine = await createGenerationEngine();
    try {
      await engine.inspectModel(join(root, 'missing'), {}); // start the worker outside the timing
      const here = await longestGap(() => inspectModelFolder(root));
      const worker = await longestGap(() => engine.inspectModel(root, {}));
      console.log(`inspect a folder with a ${mib} MiB inline graph (ms: total / longest event-loop gap)`);
      console.log(`  on the main thread:   ${here.ms.toFixed(0)} / ${here.gap.toFixed(0)}`);
      console.log(`  on the engine worker: ${worker.ms.toFixed(0)} / ${worker.gap.toFixed(0)}`);
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
