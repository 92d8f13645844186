/**
 * @file A pose thumbnail: a small <canvas> drawn with the OpenPose colours (see draw/), sharp on
 * high-DPI screens; redrawn only when the pose or the size changes; blank while the pose loads.
 */
import { useEffect, useRef } from 'react';
import type { Pose } from '../../../src-main/contract';
import { clearThumbnail, drawThumbnail } from './draw/drawThumbnail';

export function PoseThumb({ pose, size }: { pose: Pose | null; size: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const ratio = typeof window === 'undefined' ? 1 : Math.min(2, window.devicePixelRatio || 1);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    if (pose === null) clearThumbnail(ctx, size, ratio);
    else drawThumbnail(ctx, pose, size, ratio);
  }, [pose, size, ratio]);
  return (
    <canvas
      ref={canvas}
      className="pose-thumb"
      width={Math.round(size * ratio)}
      height={Math.round(size * ratio)}
      style={{ width: size, height: size }}
      aria-hidden="true"
    />
  );
}
