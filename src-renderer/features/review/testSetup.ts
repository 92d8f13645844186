/**
 * @file Setup shared by the Review page's DOM tests: the project they open, and a laid-out page
 * (jsdom lays nothing out, so the virtual grid would show no rows) unmounted after each test.
 */
import { afterEach, beforeEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import type { ProjectInfo } from '../../../src-main/contract';
import { stubLayout } from '../../testing/dom';

export const DEMO_PROJECT: ProjectInfo = { path: '/p/demo', name: 'demo', schemaVersion: 1, poseCount: 12 };

/** Give every element a `width` x `height` box during each test of the calling file. */
export function layOutPage(width = 1000, height = 700): void {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    restore = stubLayout(width, height);
  });
  afterEach(() => {
    cleanup();
    restore();
  });
}
