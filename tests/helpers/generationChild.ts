/**
 * @file A studio in a child process for the kill test (run with `node --import tsx`): opens the
 * project in argv[2] and, with argv[3] `start`, starts a slow generation run with the test
 * generator (with `resume`, opening the project resumes the interrupted one); reports each commit
 * on stdout as a JSON line, and runs until it is killed.
 */
import { createClient, createMemoryTransport } from '../../src-main/contract';
import { createStudio } from '../../src-main/core/studio';
import { testGeneratorModule } from './testGenerators';

async function main(): Promise<void> {
  const [projectDir, mode] = process.argv.slice(2);
  if (!projectDir || (mode !== 'start' && mode !== 'resume')) {
    throw new Error('usage: generationChild.ts PROJECT_DIR start|resume');
  }
  const studio = await createStudio({
    transport: 'memory',
    projectDir,
    generatorModules: [testGeneratorModule],
    workers: 2,
  });
  const client = createClient(createMemoryTransport(studio.dispatch, studio.hub));
  client.on('variants.created', (event) => process.stdout.write(`${JSON.stringify({ created: event })}\n`));
  if (mode === 'resume') return;
  const run = await client.call('generate.start', {
    generator: 'test-fill',
    variantsPerPose: 5,
    seedMode: 'random',
    seed: 42,
    promptTemplate: 'a {red|blue} {hat|bag}',
    options: { delayMs: 25, pattern: 'noise' },
  });
  process.stdout.write(`${JSON.stringify({ run })}\n`);
}

// Keep running until killed.
setInterval(() => undefined, 60_000);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
