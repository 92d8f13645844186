import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Job } from '../contract';
import { createProgressSink, progressLine } from './progress';
import { makeJob } from '../../tests/helpers/jobs';

const job = (over: Partial<Job>): Job => makeJob({ total: 100, ...over });

describe('progressLine', () => {
  it('shows a bar, percent, amounts, rate, ETA and the message', () => {
    const line = progressLine(
      job({
        done: 50_000_000,
        total: 200_000_000,
        rate: 25_000_000,
        etaSeconds: 6,
        message: 'a.json: 1200 poses',
      }),
      8,
    );
    expect(line).toBe('[##......]  25% 50.0 MB/200 MB 25.0 MB/s ETA 6 s  a.json: 1200 poses');
  });

  it('names a counted unit once', () => {
    const line = progressLine(job({ unit: 'variants', done: 12, total: 40, rate: 3.5, etaSeconds: 8 }), 4);
    expect(line).toBe('[#...]  30% 12/40 variants 3.5 variants/s ETA 8 s');
  });

  it('says what it does not know', () => {
    expect(progressLine(job({ total: null, done: 3 }), 4)).toBe('[....]   ?% ETA --');
  });
});

describe('createProgressSink', () => {
  it('prints occasional plain lines when the stream is not a terminal', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const sink = createProgressSink(stream);
    sink.update(job({ done: 10 }));
    sink.update(job({ done: 20 }));
    sink.update(job({ done: 100, state: 'done' }));
    sink.done();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/100%/);
  });
});
