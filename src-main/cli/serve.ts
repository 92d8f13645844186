/**
 * @file `pose-studio serve`: the studio headless, over HTTP + WebSocket on 127.0.0.1, serving the
 * built renderer, with a random token unless --insecure-no-token is given. Prints the URL.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStudio } from '../core/studio';
import { startServer, createToken } from '../server/http';
import { numberOption, type ParsedArgs } from './args';
import type { CliIo } from './context';

/** The built renderer: next to the bundled CLI (out/main → out/renderer) or under the cwd. */
export function findRendererDir(): string | null {
  const candidates = [
    join(__dirname, '../renderer'),
    join(__dirname, '../../out/renderer'),
    resolve('out/renderer'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export async function serveCommand(values: ParsedArgs['values'], io: CliIo): Promise<number> {
  const studio = await createStudio({
    transport: 'http',
    ...(values.project ? { projectDir: resolve(values.project), create: values.create ?? false } : {}),
  });
  const rendererDir = findRendererDir();
  const server = await startServer({
    studio,
    host: values.host ?? '127.0.0.1',
    port: numberOption(values, 'port') ?? 0,
    token: values['insecure-no-token'] ? null : createToken(),
    rendererDir,
  });
  if (values.json) io.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
  else io.stdout.write(`Pose Studio is serving at ${server.url}\n`);
  if (!rendererDir)
    io.stderr.write('warning: no built renderer found (run npm run build); the API works, the UI does not\n');
  if (values['insecure-no-token'])
    io.stderr.write('warning: --insecure-no-token: anyone who can reach the port can use the API\n');
  await new Promise<void>((resolveStop) => {
    const stop = io.onInterrupt(() => {
      stop();
      resolveStop();
    });
  });
  await server.close();
  await studio.close();
  return 0;
}
