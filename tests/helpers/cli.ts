/**
 * @file Runs the CLI in-process with captured stdout/stderr and a controllable Ctrl+C.
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../../src-main/cli/run';

export type CliResult = { code: number; stdout: string; stderr: string };

export async function cli(argv: string[], interrupt?: (fire: () => void) => void): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const handlers = new Set<() => void>();
  interrupt?.(() => handlers.forEach((handler) => handler()));
  const code = await runCli(argv, {
    stdout,
    stderr,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  });
  return { code, stdout: out, stderr: err };
}
