import { describe, expect, it } from 'vitest';
import {
  MAX_MOVE_MEASURES,
  MOVE_MARK_END,
  MOVE_MARK_MODEL,
  MOVE_MARK_START,
  MOVE_MEASURE,
  createMoveTimer,
  type MoveDetail,
} from './moveTiming';

function fakePerformance() {
  let clock = 0;
  const log: string[] = [];
  const measures: { name: string; start: string; end: string; detail: MoveDetail }[] = [];
  return {
    log,
    measures,
    tick: (ms: number) => void (clock += ms),
    perf: {
      now: () => clock,
      mark: (name: string) => void log.push(`mark ${name}`),
      measure: (name: string, options: { start: string; end: string; detail: MoveDetail }) =>
        void measures.push({ name, ...options }),
      clearMarks: (name?: string) => void log.push(`clearMarks ${name}`),
      clearMeasures: (name?: string) => void log.push(`clearMeasures ${name}`),
    } as unknown as Performance,
  };
}

describe('move timing', () => {
  it('marks start, model and end and measures the move with the split in its detail', () => {
    const fake = fakePerformance();
    const timer = createMoveTimer(fake.perf);
    timer.start();
    fake.tick(0.4);
    timer.model();
    fake.tick(0.9);
    timer.end(true, true);
    expect(fake.log.slice(0, 3)).toEqual([
      `mark ${MOVE_MARK_START}`,
      `mark ${MOVE_MARK_MODEL}`,
      `mark ${MOVE_MARK_END}`,
    ]);
    expect(fake.log).toContain(`clearMarks ${MOVE_MARK_START}`);
    expect(fake.measures).toHaveLength(1);
    const measure = fake.measures[0]!;
    expect(measure).toMatchObject({ name: MOVE_MEASURE, start: MOVE_MARK_START, end: MOVE_MARK_END });
    expect(measure.detail.modelMs).toBeCloseTo(0.4);
    expect(measure.detail.drawMs).toBeCloseTo(0.9);
    expect(measure.detail).toMatchObject({ dragging: true, drew: true });
  });

  it('clears its measures every MAX_MOVE_MEASURES moves', () => {
    const fake = fakePerformance();
    const timer = createMoveTimer(fake.perf);
    for (let i = 0; i < MAX_MOVE_MEASURES; i += 1) {
      timer.start();
      timer.model();
      timer.end(false, false);
    }
    expect(fake.log.filter((line) => line === `clearMeasures ${MOVE_MEASURE}`)).toHaveLength(1);
  });

  it('does nothing where User Timing is missing', () => {
    const timer = createMoveTimer({ now: () => 0 } as Performance);
    expect(() => {
      timer.start();
      timer.model();
      timer.end(true, false);
    }).not.toThrow();
  });

  it('records real entries on Node performance', () => {
    performance.clearMeasures(MOVE_MEASURE);
    const timer = createMoveTimer(performance);
    timer.start();
    timer.model();
    timer.end(true, true);
    const entries = performance.getEntriesByName(MOVE_MEASURE, 'measure');
    expect(entries).toHaveLength(1);
    expect((entries[0] as PerformanceMeasure).detail).toMatchObject({ dragging: true, drew: true });
    expect(performance.getEntriesByName(MOVE_MARK_START)).toHaveLength(0);
  });
});
