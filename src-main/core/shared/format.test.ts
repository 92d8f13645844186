import { describe, expect, it } from 'vitest';
import type { Job } from '../../contract';
import { describeProgress, formatBytes, formatEta, formatRate, progressFraction } from './format';
import { makeJob } from '../../../tests/helpers/jobs';

const job = (over: Partial<Job>): Job => makeJob(over);

describe('job formatting', () => {
  it('formats ETAs', () => {
    expect([null, -1, 0.4, 45, 185, 7620].map(formatEta)).toEqual([
      '',
      '',
      '0 s',
      '45 s',
      '3 min 05 s',
      '2 h 07 min',
    ]);
  });

  it('formats bytes and rates', () => {
    expect([0, 999, 1234, 12_345_678, 4.2e9].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.23 KB',
      '12.3 MB',
      '4.20 GB',
    ]);
    expect(formatRate(8_200_000, 'bytes')).toBe('8.20 MB/s');
    expect(formatRate(1234.4, 'poses')).toBe('1,234 poses/s');
    expect(formatRate(2.25, 'steps')).toBe('2.3 steps/s');
    expect(formatRate(null, 'poses')).toBe('');
  });

  it('describes progress in one line and knows when it is indeterminate', () => {
    expect(progressFraction(job({ total: null }))).toBeNull();
    expect(progressFraction(job({ done: 5, total: 4 }))).toBe(1);
    expect(
      describeProgress(job({ done: 12_000_000, total: 35_100_000, rate: 8_200_000, etaSeconds: 3 })),
    ).toBe('34% · 12.0 MB of 35.1 MB · 8.20 MB/s · 3 s left');
    expect(describeProgress(job({ done: 40, unit: 'poses', state: 'done', etaSeconds: 3 }))).toBe('40 poses');
  });
});
