/**
 * @file Entry of the `pose-studio` command line (bundled to out/main/cli.js; bin/pose-studio.mjs
 * runs it). Wires the real process streams and signals to `runCli`.
 */
import { runCli } from './run';

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt(handler: () => void) {
    const listener = (): void => handler();
    process.on('SIGINT', listener);
    process.on('SIGTERM', listener);
    return () => {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    };
  },
};

void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
