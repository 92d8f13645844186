import { describe, expect, it } from 'vitest';
import { createScheduler, SCHEDULER_NAMES } from './index';
import type { SchedulerName } from './types';

describe('createScheduler', () => {
  it('builds each scheduler by name with the SD 1.5 config by default', () => {
    expect(SCHEDULER_NAMES).toEqual(['ddim', 'euler-a', 'lcm']);
    const ddim = createScheduler('ddim', { steps: 20 });
    expect(ddim.name).toBe('ddim');
    expect(ddim.timesteps[0]).toBe(951);
    const euler = createScheduler('euler-a', { steps: 20 });
    expect(euler.name).toBe('euler-a');
    expect(euler.timesteps[0]).toBe(999);
    const lcm = createScheduler('lcm', { steps: 4 });
    expect(lcm.timesteps).toEqual([999, 759, 499, 259]);
  });

  it('passes spacing, strength and eta through', () => {
    expect(createScheduler('euler-a', { steps: 20, timestepSpacing: 'leading' }).timesteps[0]).toBe(951);
    expect(createScheduler('ddim', { steps: 20, strength: 0.25 }).steps).toBe(5);
    const noisy = createScheduler('ddim', { steps: 10, eta: 1 });
    let draws = 0;
    noisy.step(new Float32Array(4), 0, new Float32Array(4), { fill: () => void draws++ });
    expect(draws).toBe(1);
  });

  it('refuses unknown names', () => {
    expect(() => createScheduler('pndm' as SchedulerName, { steps: 4 })).toThrow(/unknown scheduler/);
  });
});
