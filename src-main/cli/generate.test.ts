/**
 * Unit: the generate command's option parsing (--poses, --size, --option, the request with its
 * contract defaults and usage errors) and the human reports of runs and generators.
 */
import { describe, expect, it } from 'vitest';
import type { GenerationRun } from '../contract';
import { UsageError, parseCommandLine } from './args';
import { generateRequest, parseOptions, parsePoses, parseSize } from './generate';
import { printGenerators, printRunSummary } from './reportGeneration';

const values = (argv: string[]) => parseCommandLine(['generate', ...argv]).values;

describe('generate options', () => {
  it('reads --poses as all, tags or ids', () => {
    expect(parsePoses(undefined)).toEqual({});
    expect(parsePoses('all')).toEqual({});
    expect(parsePoses('tag:sample')).toEqual({ tags: ['sample'] });
    expect(parsePoses('tag:sample, side')).toEqual({ tags: ['sample', 'side'] });
    expect(parsePoses('ids:3,1,2')).toEqual({ ids: [3, 1, 2] });
    for (const bad of ['some', 'tag:', 'ids:', 'ids:1,x', 'ids:0', 'id:1'])
      expect(() => parsePoses(bad), bad).toThrow(UsageError);
  });

  it('reads --size as N or WxH and --option values as JSON where they parse', () => {
    expect(parseSize('256')).toEqual({ width: 256, height: 256 });
    expect(parseSize('320x240')).toEqual({ width: 320, height: 240 });
    expect(() => parseSize('320x')).toThrow(/--size expects/);
    expect(
      parseOptions(['clutter=0.2', 'antialias=false', 'background=scene', 'list=[1,2]', 'text=a=b']),
    ).toEqual({ clutter: 0.2, antialias: false, background: 'scene', list: [1, 2], text: 'a=b' });
    expect(() => parseOptions(['novalue'])).toThrow(/key=value/);
  });

  it('builds a generate.start request with the contract defaults', () => {
    expect(generateRequest(values([]))).toEqual({
      poses: {},
      variantsPerPose: 5,
      generator: 'mannequin',
      width: 256,
      height: 256,
      promptTemplate: '',
      seedMode: 'increment',
      seed: 0,
      options: {},
    });
    const request = generateRequest(
      values([
        '--poses',
        'tag:a',
        '--tag',
        'b',
        '--min-labeled',
        '12',
        '--variants',
        '2',
        '--seed-mode',
        'fixed',
      ]),
    );
    expect(request).toMatchObject({
      poses: { tags: ['b', 'a'], minLabeled: 12 },
      variantsPerPose: 2,
      seedMode: 'fixed',
    });
  });

  it('turns schema refusals into usage errors naming the field', () => {
    expect(() => generateRequest(values(['--variants', '65']))).toThrow(/variantsPerPose/);
    expect(() => generateRequest(values(['--size', '32']))).toThrow(/width/);
    expect(() => generateRequest(values(['--seed-mode', 'often']))).toThrow(/seedMode/);
    expect(() => generateRequest(values(['--poses', 'ids:1', '--ids', '2']))).toThrow(/ids once/);
  });
});

describe('generation reports', () => {
  const run: GenerationRun = {
    id: 4,
    jobId: 9,
    state: 'done',
    generator: 'mannequin',
    request: generateRequest(values(['--variants', '2', '--size', '64'])),
    poseCount: 5,
    total: 10,
    done: 9,
    failed: 1,
    createdAt: 0,
  };

  it('summarises a run: made, seconds, variants per second, failures', () => {
    expect(printRunSummary({ run, made: 9, seconds: 3 })).toBe(
      'run 4 done: 9 variants (5 poses x 2 variants, mannequin, 64x64); 9 made in 3.0 s, 3.00 variants/s; 1 failed',
    );
    expect(
      printRunSummary({ run: { ...run, state: 'paused', done: 4, failed: 0 }, made: 4, seconds: 2 }),
    ).toMatch(/^run 4 paused at 4\/10 items \(items in flight still finish\): 4 variants/);
  });

  it('lists generators with their options from the JSON Schema', () => {
    const text = printGenerators([
      {
        id: 'mannequin',
        name: 'Mannequin',
        description: 'A clothed figure',
        available: true,
        unavailableReason: null,
        optionsSchema: {
          type: 'object',
          properties: { background: { type: 'string', enum: ['auto', 'plain'], default: 'auto' } },
        },
      },
    ]);
    expect(text).toContain('mannequin  (Mannequin; available)');
    expect(text).toContain('--option background=…  (string: auto|plain, default "auto")');
  });
});
