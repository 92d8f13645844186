/**
 * @file One entry point for the three schedulers the studio offers, by name, from a model folder's
 * scheduler_config.json (whatever class wrote it: its keys are read, its class is not).
 */
import { createDdimScheduler } from './ddim';
import { createEulerAncestralScheduler } from './eulerAncestral';
import { createLcmScheduler } from './lcm';
import type { SchedulerConfig, TimestepSpacing } from './schedule';
import type { Scheduler, SchedulerName } from './types';

export const SCHEDULER_NAMES: readonly SchedulerName[] = ['ddim', 'euler-a', 'lcm'];

export interface CreateSchedulerOptions {
  steps: number;
  /** scheduler_config.json contents; omitted: SD15_SCHEDULER_CONFIG. */
  config?: SchedulerConfig;
  /** img2img strength in (0, 1]; 1 (default) is text-to-image. */
  strength?: number;
  /** Overrides the config's timestep_spacing (DDIM and Euler-A; LCM has its own schedule). */
  timestepSpacing?: TimestepSpacing;
  /** DDIM only: 0 (default) is deterministic DDIM. */
  eta?: number;
}

export function createScheduler(name: SchedulerName, options: CreateSchedulerOptions): Scheduler {
  switch (name) {
    case 'ddim':
      return createDdimScheduler(options);
    case 'euler-a':
      return createEulerAncestralScheduler(options);
    case 'lcm':
      return createLcmScheduler(options);
    default:
      throw new Error(`unknown scheduler ${String(name)}`);
  }
}
