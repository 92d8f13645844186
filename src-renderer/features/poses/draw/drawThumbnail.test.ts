import { describe, expect, it } from 'vitest';
import type { Keypoint } from '../../../../src-main/contract';
import { drawThumbnail, THUMB_BACKGROUND, type Ctx2D } from './drawThumbnail';

/** Records the drawing calls a thumbnail makes. */
function recordingContext() {
  const log: string[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    lineCap: 'butt',
    setTransform: (...args: number[]) => log.push(`transform ${args.join(',')}`),
    clearRect: () => log.push('clear'),
    fillRect(x: number, y: number, w: number, h: number) {
      log.push(`fillRect ${String(this.fillStyle)} ${x},${y},${w},${h}`);
    },
    beginPath: () => undefined,
    moveTo: (x: number, y: number) => log.push(`moveTo ${x},${y}`),
    lineTo: (x: number, y: number) => log.push(`lineTo ${x},${y}`),
    arc: (x: number, y: number) => log.push(`arc ${x},${y}`),
    stroke() {
      log.push(`stroke ${String(this.strokeStyle)} ${this.globalAlpha}`);
    },
    fill() {
      log.push(`fill ${String(this.fillStyle)}`);
    },
  };
  return { ctx: ctx as unknown as Ctx2D, log };
}

describe('drawThumbnail', () => {
  it('paints the background, the pose frame, limbs and joints scaled into the card', () => {
    const keypoints = Array.from({ length: 17 }, (): Keypoint => [0, 0, 0]);
    keypoints[5] = [100, 100, 2];
    keypoints[7] = [100, 300, 1];
    const { ctx, log } = recordingContext();
    drawThumbnail(ctx, { width: 400, height: 400, keypoints }, 108, 2);
    expect(log[0]).toBe('transform 2,0,0,2,0,0');
    expect(log[1]).toBe(`fillRect ${THUMB_BACKGROUND} 0,0,108,108`);
    expect(log).toContain('moveTo 29,29');
    expect(log).toContain('lineTo 29,79');
    expect(log).toContain('stroke #aaff00 0.35');
    expect(log).toContain('fill #55ff00');
    expect(log).toContain('stroke #00ff00 0.6');
  });
});
