/**
 * @file Runs the CLI in-process with captured stdout/stderr and a controllable Ctrl+C: pressed by
 * the test whenever it likes (`cli`), or as soon as stderr shows a pattern (`cliInterruptedOn`).
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../../src-main/cli/run';

export type CliResult = { code: number; stdout: string; stderr: string };

type Hooks = {
  /** Called once before the run with the function that presses Ctrl+C. */
  onStart?: (fire: () => void) => void;
  /** Called with all of stderr so far each time more arrives. */
  onStderr?: (stderr: string, fire: () => void) => void;
};

async function capture(argv: string[], hooks: Hooks): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  const fire = () => handlers.forEach((handler) => handler());
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    hooks.onStderr?.(err, fire);
  });
  hooks.onStart?.(fire);
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

export function cli(argv: string[], interrupt?: (fire: () => void) => void): Promise<CliResult> {
  return capture(argv, { onStart: interrupt });
}

/** Run the CLI and press Ctrl+C once, as soon as stderr shows `pattern` (e.g. the job's announcement). */
export function cliInterruptedOn(argv: string[], pattern: RegExp): Promise<CliResult> {
  let fired = false;
  return capture(argv, {
    onStderr(stderr, fire) {
      if (fired || !pattern.test(stderr)) return;
      fired = true;
      fire();
    },
  });
}
