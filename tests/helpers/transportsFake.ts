/**
 * @file A tiny fake `Studio` for transport unit tests: real dispatcher and hub from the contract,
 * a handful of handlers with fixed answers, and uploads/exports/media kept in a temp folder. It
 * lets the shells be tested without the catalog (the contract suite uses the real studio).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  EventHub,
  StudioError,
  createDispatcher,
  methodNames,
  type Handlers,
  type MethodName,
} from '../../src-main/contract';
import type { Studio } from '../../src-main/core/studio';
import { resolveInside } from '../../src-main/core/node/files';
import { safeRelativePath } from '../../src-main/core/shared/webPaths';

export type FakeStudio = Studio & {
  readonly uploads: Map<string, Buffer>;
  readonly calls: { method: string; transport: string }[];
  readonly root: string;
  closed: boolean;
};

const unsupported = (method: MethodName) => async () => {
  throw new StudioError('INTERNAL', `${method} is not in the fake studio`);
};

function fakeHandlers(hub: EventHub, calls: FakeStudio['calls']): Handlers {
  const base = Object.fromEntries(methodNames.map((name) => [name, unsupported(name)]));
  const handlers: Partial<Handlers> = {
    'app.info': async (_input, ctx) => {
      calls.push({ method: 'app.info', transport: ctx.transport });
      return { version: '0.0.0-fake', transport: ctx.transport, nativeDialogs: false, project: null };
    },
    'poses.get': async ({ id }) => {
      throw new StudioError('NOT_FOUND', `pose ${id} does not exist`, { id });
    },
    'project.close': async () => {
      hub.emit('catalog.changed', { entity: 'project', reason: 'closed' });
      return { closed: true };
    },
    'jobs.cancel': async ({ id }) => {
      throw new StudioError('BUSY', `job ${id} is busy`);
    },
  };
  return { ...base, ...handlers } as Handlers;
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A fake studio rooted at `root` (exports/ and media/ are created with one sample file each). */
export function createFakeStudio(root: string): FakeStudio {
  const hub = new EventHub();
  const calls: FakeStudio['calls'] = [];
  const uploads = new Map<string, Buffer>();
  mkdirSync(join(root, 'exports'), { recursive: true });
  mkdirSync(join(root, 'media', 'ab'), { recursive: true });
  writeFileSync(join(root, 'exports', 'poses-coco.json'), '{"annotations":[]}');
  writeFileSync(join(root, 'media', 'ab', 'cd.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(root, 'secret.txt'), 'outside media and exports');
  const handlers = fakeHandlers(hub, calls);
  const resolveUnder = (folder: string, path: string) => {
    const safe = safeRelativePath(path);
    return safe === null ? null : resolveInside(join(root, folder), safe);
  };
  const studio: FakeStudio = {
    root,
    calls,
    uploads,
    closed: false,
    handlers,
    hub,
    dispatch: createDispatcher(handlers, { validateOutput: true }),
    async saveUpload(body, fileName) {
      if (fileName === 'refuse.json') throw new StudioError('NO_PROJECT', 'no project is open');
      const data = await readAll(body);
      const uploadId = String(uploads.size + 1).padStart(32, '0');
      uploads.set(uploadId, data);
      return { uploadId, bytes: data.length };
    },
    resolveExport: (name) => resolveUnder('exports', name),
    resolveMedia: (path) => resolveUnder('media', path),
    async close() {
      studio.closed = true;
    },
  };
  return studio;
}
