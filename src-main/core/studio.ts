/**
 * @file Composition root: `createStudio(options)` wires the catalog, the pose services, jobs and
 * events into the contract's handler table. The shells (Electron, HTTP server, CLI) call this once
 * and bind `dispatch` + `hub` to their transport; they never reach into core otherwise.
 */
import type { Readable } from 'node:stream';
import type { EventHub, Dispatch, Handlers, PickPurpose, Transport } from '../contract';

export type StudioOptions = {
  /** Open this project at start (created if `create` is set and it does not exist). */
  projectDir?: string;
  create?: boolean;
  /** Transport reported by app.info and capability flags. */
  transport: Transport;
  /** Electron only: native file/folder dialogs for app.pickPath. */
  pickPath?: (purpose: PickPurpose) => Promise<string | null>;
  /** Validate handler outputs against the contract (tests, development). */
  validateOutput?: boolean;
  /** Extra generator modules (absolute paths) exporting `generators: Generator[]` (tests, plug-ins). */
  generatorModules?: readonly string[];
  /** Generation (and scoring) worker threads (default: available parallelism - 1, at least 1). */
  workers?: number;
  /** A module (absolute path) exporting a `QualityScorer` to score with instead of the built-in one (tests). */
  scorerModule?: string;
  /** Run interrupted generation jobs again when a project opens (default true; a one-shot CLI
   * command that only reads may turn it off, the jobs then wait for the next open). */
  resumeJobs?: boolean;
};

export interface Studio {
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  readonly hub: EventHub;
  /** Store an uploaded file (server mode) under the open project's tmp/uploads; returns its id. */
  saveUpload(body: Readable, fileName: string): Promise<{ uploadId: string; bytes: number }>;
  /** Absolute path of a file under the open project's exports/ folder, or null (traversal-safe). */
  resolveExport(name: string): string | null;
  /** Absolute path of a file under the open project's media/ folder, or null (traversal-safe). */
  resolveMedia(relativePath: string): string | null;
  close(): Promise<void>;
}

export { createStudio } from './node/createStudio';
