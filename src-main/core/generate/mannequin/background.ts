/**
 * @file Backgrounds: a plan (a plain JSON record drawn from the seed, stored in the variant's
 * params) and its drawing. Kinds: plain (one colour), gradient (linear or radial), texture
 * (noise, stripes, checks, bricks, dots) and scene (indoor wall + floor or outdoor sky + far
 * layer + ground, see scene.ts); any kind can get clutter objects (props.ts) and a contact
 * shadow. Fills are row loops over typed arrays with no per-pixel allocation.
 */
import type { Rng } from '../prng';
import { fillRect, makeTone, noise, type Rgb, type Surface, type Tone } from '../raster';
import { weighted } from './appearance';
import type { BackgroundKind } from './options';
import { mix } from './palette';
import type { Setting } from './promptAttributes';
import { drawProps, planProps, type Prop } from './props';
import { drawScene, planScene, type ScenePlan } from './scene';

export type TextureStyle = 'noise' | 'stripes' | 'checks' | 'bricks' | 'dots';
export type TextureSpec = {
  style: TextureStyle;
  a: Rgb;
  b: Rgb;
  scale: number;
  angle: number;
  ox: number;
  oy: number;
};

export type BackgroundPlan = {
  kind: BackgroundKind;
  setting: Setting;
  base:
    | { fill: 'plain'; color: Rgb }
    | { fill: 'gradient'; from: Rgb; to: Rgb; angle: number; radial: boolean }
    | { fill: 'texture'; texture: TextureSpec }
    | { fill: 'scene'; scene: ScenePlan };
  props: Prop[];
  /** Light falloff across the image and vignette strength. */
  tone: { gx: number; gy: number; vignette: number };
};

/** Where the figure stands, to place floors and horizons around it. */
export type Stage = { width: number; height: number; feetY: number | null; unit: number; centreX: number };

const MUTED: readonly Rgb[] = [
  [200, 196, 188],
  [176, 190, 200],
  [214, 204, 180],
  [150, 160, 150],
  [190, 170, 160],
  [120, 130, 150],
  [230, 226, 218],
  [90, 100, 110],
  [210, 190, 200],
  [170, 186, 160],
  [60, 66, 80],
  [236, 220, 190],
];

export function randomColor(rng: Rng, saturation = 0.5): Rgb {
  const base = rng.pick(MUTED);
  const vivid: Rgb = [rng.range(30, 240), rng.range(30, 240), rng.range(30, 240)];
  return mix(base, vivid, rng.range(0, saturation));
}

export function planTexture(rng: Rng, style?: TextureStyle): TextureSpec {
  const a = randomColor(rng, 0.6);
  const b = rng.chance(0.5) ? mix(a, [255, 255, 255], rng.range(0.15, 0.4)) : randomColor(rng, 0.6);
  return {
    style:
      style ??
      weighted(rng, [
        ['noise', 3],
        ['stripes', 2],
        ['checks', 1.5],
        ['bricks', 1.5],
        ['dots', 1],
      ] as const),
    a,
    b,
    scale: rng.range(6, 40),
    angle: rng.chance(0.6) ? 0 : rng.range(-0.8, 0.8),
    ox: rng.int(256),
    oy: rng.int(256),
  };
}

export function planBackground(
  rng: Rng,
  requested: 'auto' | BackgroundKind,
  setting: Setting | undefined,
  clutter: number,
  stage: Stage,
): BackgroundPlan {
  const kind: BackgroundKind =
    requested !== 'auto'
      ? requested
      : setting === 'indoor' || setting === 'outdoor'
        ? 'scene'
        : weighted(rng, [
            ['scene', setting === 'studio' ? 0 : 4.5],
            ['texture', 2],
            ['gradient', 2],
            ['plain', 1.5],
          ] as const);
  const where: Setting =
    kind === 'scene'
      ? setting === 'indoor' || setting === 'outdoor'
        ? setting
        : rng.pick(['indoor', 'outdoor'] as const)
      : 'studio';
  let base: BackgroundPlan['base'];
  if (kind === 'plain') base = { fill: 'plain', color: randomColor(rng, 0.7) };
  else if (kind === 'gradient')
    base = {
      fill: 'gradient',
      from: randomColor(rng, 0.7),
      to: randomColor(rng, 0.7),
      angle: rng.range(0, Math.PI * 2),
      radial: rng.chance(0.35),
    };
  else if (kind === 'texture') base = { fill: 'texture', texture: planTexture(rng) };
  else base = { fill: 'scene', scene: planScene(rng, where === 'outdoor' ? 'outdoor' : 'indoor', stage) };
  const props = planProps(rng, base.fill === 'scene' ? base.scene : null, clutter, stage);
  const tone = {
    gx: rng.range(-0.6, 0.6) / stage.width,
    gy: rng.range(-0.4, 0.4) / stage.height,
    vignette: rng.range(0, 0.5),
  };
  return { kind, setting: where, base, props, tone };
}

function fillGradient(s: Surface, tone: Tone, from: Rgb, to: Rgb, angle: number, radial: boolean): void {
  const { width, height, rgba } = s;
  const { row, col } = tone;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const half = (Math.abs(dx) * width + Math.abs(dy) * height) / 2;
  const cx = width / 2;
  const cy = height / 2;
  const maxR = Math.hypot(cx, cy);
  const d0 = to[0] - from[0];
  const d1 = to[1] - from[1];
  const d2 = to[2] - from[2];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0, o = y * width * 4; x < width; x += 1, o += 4) {
      const t = radial
        ? Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) / maxR
        : ((x - cx) * dx + (y - cy) * dy) / (2 * half) + 0.5;
      let f = row[y]! + col[x]!;
      f = f < 0 ? 0 : f;
      const r = (from[0] + d0 * t) * f;
      const g = (from[1] + d1 * t) * f;
      const b = (from[2] + d2 * t) * f;
      rgba[o] = r > 255 ? 255 : r;
      rgba[o + 1] = g > 255 ? 255 : g;
      rgba[o + 2] = b > 255 ? 255 : b;
    }
  }
}

/** 0/1 pattern value of a texture at rotated coordinates (u, v). */
function textureBit(style: TextureStyle, u: number, v: number, inv: number): number {
  switch (style) {
    case 'stripes':
      return Math.floor(u * inv) & 1;
    case 'checks':
      return (Math.floor(u * inv) + Math.floor(v * inv)) & 1;
    case 'bricks': {
      const row = Math.floor(v * inv * 2);
      const col = u * inv + (row & 1) * 0.5;
      const fv = v * inv * 2 - row;
      const fu = col - Math.floor(col);
      return fv < 0.12 || fu < 0.06 ? 1 : 0;
    }
    case 'dots': {
      const fu = u * inv - Math.floor(u * inv) - 0.5;
      const fv = v * inv - Math.floor(v * inv) - 0.5;
      return fu * fu + fv * fv < 0.08 ? 1 : 0;
    }
    default:
      return 0;
  }
}

/** A texture over rows y0..y1-1 (all columns), modulated by the noise tile. */
export function fillTexture(s: Surface, tone: Tone, t: TextureSpec, y0: number, y1: number): void {
  const { width, rgba } = s;
  const { row: rowTone, col } = tone;
  const tile = noise();
  const cos = Math.cos(t.angle);
  const sin = Math.sin(t.angle);
  const inv = 1 / t.scale;
  const noisy = t.style === 'noise';
  const zoom = Math.max(1, Math.round(t.scale / 8));
  // Noise tile column per image column, computed once instead of per pixel.
  const tileCol = Int32Array.from({ length: width }, (_, x) => (Math.floor(x / zoom) + t.ox) & 255);
  const a0 = t.a[0];
  const a1 = t.a[1];
  const a2 = t.a[2];
  const d0 = t.b[0] - a0;
  const d1 = t.b[1] - a1;
  const d2 = t.b[2] - a2;
  for (let y = Math.max(0, y0); y < Math.min(s.height, y1); y += 1) {
    const row = (((Math.floor(y / zoom) + t.oy) & 255) << 8) >>> 0;
    const ty = rowTone[y]!;
    for (let x = 0, o = y * width * 4; x < width; x += 1, o += 4) {
      const n = tile[row | tileCol[x]!]! * (1 / 255);
      const k = noisy ? n : textureBit(t.style, x * cos + y * sin, y * cos - x * sin, inv);
      let f = (noisy ? 1 : 0.82 + 0.18 * n) * (ty + col[x]!);
      f = f < 0 ? 0 : f;
      const r = (a0 + d0 * k) * f;
      const g = (a1 + d1 * k) * f;
      const b = (a2 + d2 * k) * f;
      rgba[o] = r > 255 ? 255 : r;
      rgba[o + 1] = g > 255 ? 255 : g;
      rgba[o + 2] = b > 255 ? 255 : b;
    }
  }
}

export function drawBackground(s: Surface, plan: BackgroundPlan): void {
  const base = plan.base;
  const tone = makeTone(s.width, s.height, plan.tone.gx, plan.tone.gy, plan.tone.vignette);
  if (base.fill === 'plain') fillRect(s, tone, 0, 0, s.width, s.height, base.color);
  else if (base.fill === 'gradient') fillGradient(s, tone, base.from, base.to, base.angle, base.radial);
  else if (base.fill === 'texture') fillTexture(s, tone, base.texture, 0, s.height);
  else drawScene(s, tone, base.scene);
  drawProps(s, tone, plan.props);
}
