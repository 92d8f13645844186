/**
 * Unit: the pose editor's CLI options (`poses create --preset`, `poses augment ID --mode ...`) turn
 * into contract inputs with the contract's defaults left to the dispatcher, usage errors name
 * what is wrong, and the human summaries read well.
 */
import { describe, expect, it } from 'vitest';
import { methods } from '../contract';
import { UsageError, parseCommandLine } from './args';
import { augmentRequest, createRequest, printAugmented, printCreated } from './poseEdit';

const parse = (argv: string[]) => parseCommandLine(['poses', ...argv]);

describe('poses create', () => {
  it('reads a preset into a poses.create input with its origin and tags', () => {
    const request = createRequest(parse(['create', '--preset', 't-pose', '--tag', 'a', '--tag', 'b']).values);
    expect(request).toMatchObject({
      width: 512,
      height: 512,
      tags: ['a', 'b'],
      origin: { kind: 'preset', ref: 't-pose' },
    });
    expect(request.keypoints).toHaveLength(17);
    expect(methods['poses.create'].input.safeParse(request).success).toBe(true);
  });

  it('refuses a missing or unknown preset, listing the names', () => {
    expect(() => createRequest(parse(['create']).values)).toThrow(/--preset NAME \(one of: .*standing-front/);
    expect(() => createRequest(parse(['create', '--preset', 'nope']).values)).toThrow(UsageError);
  });
});

describe('poses augment', () => {
  const request = (argv: string[]) => {
    const { values, positionals } = parse(argv);
    return augmentRequest(positionals, values);
  };

  it('builds the request, leaving defaults to the contract', () => {
    expect(request(['augment', '7', '--mode', 'jitter'])).toEqual({ id: 7, mode: 'jitter' });
    const full = request([
      'augment',
      '7',
      '--mode',
      'jitter',
      '--count',
      '10',
      '--seed',
      '3',
      '--max-degrees',
      '20',
      '--tag',
      'x',
    ]);
    expect(full).toEqual({ id: 7, mode: 'jitter', count: 10, seed: 3, maxDegrees: 20, tags: ['x'] });
    expect(methods['poses.augment'].input.parse(full)).toMatchObject({ count: 10, seed: 3 });
    expect(request(['augment', '7', '--mode', 'interpolate', '--other', '9'])).toEqual({
      id: 7,
      mode: 'interpolate',
      otherId: 9,
    });
  });

  it('names what is wrong', () => {
    expect(() => request(['augment', '--mode', 'jitter'])).toThrow(/expects a pose id/);
    expect(() => request(['augment', 'x', '--mode', 'jitter'])).toThrow(/expects a pose id/);
    expect(() => request(['augment', '7'])).toThrow(/--mode jitter\|mirror\|interpolate/);
    expect(() => request(['augment', '7', '--mode', 'spin'])).toThrow(/--mode/);
    expect(() => request(['augment', '7', '--mode', 'interpolate'])).toThrow(/--other ID/);
    expect(() => request(['augment', '7', '--mode', 'jitter', '--count', 'many'])).toThrow(
      /--count expects a number/,
    );
  });

  it('summarises what was made', () => {
    expect(printAugmented(3, 'jitter', { ids: [10, 11, 12], tag: 'aug:jitter' })).toBe(
      'made 3 poses from pose 3 (jitter), tagged aug:jitter: poses 10-12',
    );
    expect(printAugmented(3, 'mirror', { ids: [13], tag: 'aug:mirror' })).toBe(
      'made 1 pose from pose 3 (mirror), tagged aug:mirror: pose 13',
    );
  });
});

describe('summaries', () => {
  it('prints a created pose with its origin', () => {
    const pose = {
      ...{
        id: 4,
        width: 512,
        height: 512,
        keypoints: [],
        box: null,
        bbox: null,
        labeledCount: 17,
        visibleCount: 17,
      },
      ...{ tags: [], createdAt: 0, updatedAt: 0 },
      source: { importId: null, format: 'editor' as const, file: null, record: 'preset:t-pose', image: null },
    };
    expect(printCreated(pose)).toBe('created pose 4 (preset:t-pose): 512x512, 17 labeled keypoints');
  });
});
