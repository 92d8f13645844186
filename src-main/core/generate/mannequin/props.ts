/**
 * @file Clutter and scene dressing behind the figure: picture frames, windows, cabinets, plants
 * and lamps indoors; buildings, trees, clouds, bushes and lamp posts outdoors; loose shapes on
 * studio backdrops. Planned from the seed (sizes shrink towards the horizon), drawn flat.
 */
import type { Rng } from '../prng';
import { fillEllipse as ellipse0, fillRect as rect0, type Rgb, type Surface, type Tone } from '../raster';
import { randomColor, type Stage } from './background';
import { darken, lighten, mix } from './palette';
import type { ScenePlan } from './scene';

export type PropType =
  | 'frame'
  | 'window'
  | 'cabinet'
  | 'plant'
  | 'lamp'
  | 'building'
  | 'tree'
  | 'cloud'
  | 'bush'
  | 'post'
  | 'rect'
  | 'disc';
/** A prop by its bounding box (x, y = top-left) and two colours. */
export type Prop = { type: PropType; x: number; y: number; w: number; h: number; color: Rgb; color2: Rgb };

const GREENS: readonly Rgb[] = [
  [50, 110, 50],
  [70, 130, 60],
  [40, 90, 60],
  [90, 140, 70],
];

function prop(type: PropType, x: number, y: number, w: number, h: number, color: Rgb, color2: Rgb): Prop {
  return {
    type,
    x: Math.round(x),
    y: Math.round(y),
    w: Math.max(2, Math.round(w)),
    h: Math.max(2, Math.round(h)),
    color,
    color2,
  };
}

function indoorProps(rng: Rng, horizon: number, count: number, st: Stage): Prop[] {
  const out: Prop[] = [];
  const H = st.height;
  for (let i = 0; i < count; i += 1) {
    const onWall = rng.chance(0.55) && horizon > H * 0.25;
    if (onWall) {
      const type = rng.pick(['frame', 'frame', 'window'] as const);
      const w = H * rng.range(0.12, 0.3);
      const h = w * rng.range(0.7, 1.3);
      const y = rng.range(H * 0.04, Math.max(H * 0.05, horizon - h - H * 0.08));
      out.push(
        prop(
          type,
          rng.range(-w * 0.3, st.width - w * 0.7),
          y,
          w,
          h,
          randomColor(rng, 0.8),
          type === 'window' ? [235, 235, 230] : randomColor(rng, 0.3),
        ),
      );
    } else {
      const type = rng.pick(['cabinet', 'plant', 'lamp'] as const);
      const base = rng.range(horizon + 2, Math.min(H, horizon + H * 0.15));
      const scale = (base - horizon + H * 0.15) / (H * 0.3);
      const h = H * (type === 'lamp' ? 0.45 : type === 'plant' ? 0.25 : 0.2) * scale;
      const w = h * (type === 'cabinet' ? rng.range(1, 2.2) : type === 'plant' ? 0.6 : 0.3);
      out.push(
        prop(
          type,
          rng.range(-w * 0.3, st.width - w * 0.7),
          base - h,
          w,
          h,
          randomColor(rng, 0.6),
          rng.pick(GREENS),
        ),
      );
    }
  }
  return out;
}

function outdoorProps(rng: Rng, horizon: number, count: number, st: Stage): Prop[] {
  const out: Prop[] = [];
  const H = st.height;
  if (rng.chance(0.45)) {
    for (let x = rng.range(-20, 0); x < st.width; x += rng.range(0.08, 0.2) * st.width) {
      const w = rng.range(0.07, 0.18) * st.width;
      const h = rng.range(0.08, 0.38) * H;
      out.push(
        prop(
          'building',
          x,
          horizon - h,
          w,
          h,
          mix(randomColor(rng, 0.3), [150, 150, 155], 0.4),
          [220, 220, 190],
        ),
      );
    }
  }
  for (let i = 0; i < count; i += 1) {
    const type = rng.pick(['tree', 'tree', 'cloud', 'bush', 'post'] as const);
    if (type === 'cloud') {
      const w = rng.range(0.15, 0.4) * st.width;
      out.push(
        prop(
          'cloud',
          rng.range(-w * 0.3, st.width),
          rng.range(0, Math.max(1, horizon * 0.6)),
          w,
          w * 0.35,
          [246, 246, 248],
          [225, 228, 235],
        ),
      );
      continue;
    }
    const base = rng.range(horizon, Math.min(H, horizon + H * 0.12));
    const scale = (base - horizon + H * 0.08) / (H * 0.2);
    const h = H * (type === 'tree' ? 0.35 : type === 'post' ? 0.4 : 0.08) * scale;
    const w = h * (type === 'tree' ? 0.55 : type === 'post' ? 0.12 : 1.6);
    out.push(
      prop(type, rng.range(-w * 0.3, st.width - w * 0.7), base - h, w, h, rng.pick(GREENS), [90, 64, 44]),
    );
  }
  return out;
}

function looseShapes(rng: Rng, count: number, st: Stage): Prop[] {
  return Array.from({ length: count }, () => {
    const w = rng.range(0.05, 0.3) * st.width;
    const h = w * rng.range(0.4, 1.6);
    const color = randomColor(rng, 0.7);
    return prop(
      rng.pick(['rect', 'disc'] as const),
      rng.range(-w / 2, st.width - w / 2),
      rng.range(-h / 2, st.height - h / 2),
      w,
      h,
      color,
      darken(color, 0.2),
    );
  });
}

export function planProps(rng: Rng, scene: ScenePlan | null, clutter: number, st: Stage): Prop[] {
  const count = Math.round(clutter * rng.range(2, 9));
  if (!scene) return looseShapes(rng, Math.round(count * 0.6), st);
  return scene.setting === 'indoor'
    ? indoorProps(rng, scene.horizon, count, st)
    : outdoorProps(rng, scene.horizon, count, st);
}

/** One flat stroke in prop-relative units: a rect [x0, y0, x1, y1] or an ellipse [cx, cy, rx, ry]. */
type Stroke = readonly ['rect' | 'ellipse', number, number, number, number, Rgb];

const GLASS: Rgb = [170, 205, 235];

/** What each prop is made of, in fractions of its box (frame borders in fractions of the width). */
function strokes(p: Prop): Stroke[] {
  const { color: c, color2: c2 } = p;
  const lamp = p.type === 'lamp';
  switch (p.type) {
    case 'frame':
      return [
        ['rect', 0, 0, 1, 1, c2],
        ['rect', 0.08, 0.08, 0.92, 0.92, c],
        ['ellipse', 0.6, 0.55, 0.2, 0.15, lighten(c, 0.4)],
      ];
    case 'window':
      return [
        ['rect', 0, 0, 1, 1, c2],
        ['rect', 0.06, 0.06, 0.94, 0.94, GLASS],
        ['rect', 0.47, 0, 0.53, 1, c2],
        ['rect', 0, 0.47, 1, 0.53, c2],
      ];
    case 'cabinet':
      return [
        ['rect', 0, 0, 1, 1, c],
        ['rect', 0, 0, 1, 0.1, darken(c, 0.25)],
        ['rect', 0.49, 0.15, 0.51, 1, darken(c, 0.35)],
      ];
    case 'plant':
      return [
        ['rect', 0.25, 0.6, 0.75, 1, c],
        ['ellipse', 0.5, 0.35, 0.55, 0.35, c2],
        ['ellipse', 0.35, 0.25, 0.3, 0.22, lighten(c2, 0.15)],
      ];
    case 'lamp':
    case 'post':
      return [
        ['rect', 0.42, 0.15, 0.58, 1, lamp ? darken(c, 0.4) : [60, 60, 66]],
        ['ellipse', 0.5, 0.12, 0.5, 0.1, lamp ? lighten(c, 0.5) : [240, 236, 200]],
      ];
    case 'tree':
      return [
        ['rect', 0.42, 0.5, 0.58, 1, c2],
        ['ellipse', 0.5, 0.35, 0.5, 0.35, c],
        ['ellipse', 0.4, 0.28, 0.28, 0.2, lighten(c, 0.12)],
      ];
    case 'cloud':
      return [
        ['ellipse', 0.3, 0.6, 0.3, 0.4, c2],
        ['ellipse', 0.55, 0.45, 0.3, 0.5, c],
        ['ellipse', 0.75, 0.65, 0.22, 0.35, c],
      ];
    case 'bush':
    case 'disc':
      return [['ellipse', 0.5, 0.5, 0.5, 0.5, c]];
    case 'rect':
      return [
        ['rect', 0, 0, 1, 1, c],
        ['rect', 0, 0.85, 1, 1, c2],
      ];
    case 'building':
      return [['rect', 0, 0, 1, 1, c]];
  }
}

/** Lit and dark windows on a building front. */
function windows(s: Surface, t: Tone, p: Prop): void {
  const step = Math.max(4, Math.round(p.w / 5));
  for (let y = p.y + step / 2; y < p.y + p.h - step; y += step) {
    for (let x = p.x + step / 2; x < p.x + p.w - step / 2; x += step) {
      const lit = ((x * 7 + y * 13) & 3) === 0;
      rect0(s, t, x, y, x + step / 2, y + step / 2, lit ? p.color2 : darken(p.color, 0.25));
    }
  }
}

export function drawProps(s: Surface, tone: Tone, props: readonly Prop[]): void {
  for (const p of props) {
    for (const [kind, a, b, c, d, color] of strokes(p)) {
      if (kind === 'rect') rect0(s, tone, p.x + a * p.w, p.y + b * p.h, p.x + c * p.w, p.y + d * p.h, color);
      else ellipse0(s, tone, p.x + a * p.w, p.y + b * p.h, c * p.w, d * p.h, color);
    }
    if (p.type === 'building') windows(s, tone, p);
  }
}
