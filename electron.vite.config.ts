/**
 * @file Build of the three Electron bundles (main, preload, renderer) plus the CLI/server entry.
 * The CLI is a second entry of the main build, so `out/main/cli.js` shares externalized deps; the
 * generation worker thread is a third, `out/main/worker.js`, found beside the main chunks at run
 * time (src-main/core/jobs/node/workerEntry.ts); the training worker is a fourth, `out/main/trainWorker.js`,
 * the quality (scoring) worker a fifth, `out/main/qualityWorker.js`.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      lib: {
        entry: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
          worker: resolve(__dirname, 'src-main/core/jobs/node/worker.ts'),
          trainWorker: resolve(__dirname, 'src-main/core/train/node/trainWorker.ts'),
          qualityWorker: resolve(__dirname, 'src-main/core/jobs/node/qualityWorker.ts'),
        },
      },
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      lib: { entry: { index: resolve(__dirname, 'src-main/electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
    plugins: [react()],
  },
});
