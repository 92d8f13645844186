/**
 * @file What every CLI command gets: the process streams and Ctrl+C hook (`CliIo`), the parsed
 * arguments, and a contract client on an in-process studio; plus the two helpers all commands
 * share (the project folder, and printing a human line or JSON).
 */
import { resolve } from 'node:path';
import type { StudioClient } from '../contract';
import type { Studio } from '../core/studio';
import { UsageError, type ParsedArgs } from './args';

export type CliStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export type CliIo = {
  stdout: CliStream;
  stderr: CliStream;
  /** Register a Ctrl+C handler; returns an unregister function. */
  onInterrupt(handler: () => void): () => void;
};

export type Values = ParsedArgs['values'];

export type Ctx = {
  client: StudioClient;
  studio: Studio;
  values: Values;
  positionals: string[];
  io: CliIo;
};

export function projectDir(values: Values): string {
  if (!values.project) throw new UsageError('this command needs --project DIR');
  return resolve(values.project);
}

/** The human text, or with --json the value as indented JSON, on stdout. */
export function out(ctx: Pick<Ctx, 'io' | 'values'>, human: string, json: unknown): void {
  ctx.io.stdout.write(ctx.values.json ? `${JSON.stringify(json, null, 2)}\n` : `${human}\n`);
}
