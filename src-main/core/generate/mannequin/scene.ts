/**
 * @file Simple scenes behind the figure. Indoor: a wall (any texture) above a skirting board and
 * a floor in one-point perspective (wood planks, tiles or carpet) whose line sits above the feet.
 * Outdoor: a sky gradient, rolling hills at the horizon and ground (grass, sand, pavement, snow)
 * with an optional road to the vanishing point. Buildings, trees, clouds and furniture are props.
 */
import type { Rng } from '../prng';
import { fillRect, noise, type Rgb, type Surface, type Tone } from '../raster';
import { fillTexture, planTexture, randomColor, type Stage, type TextureSpec } from './background';
import { darken, lighten, mix } from './palette';

export type FloorStyle = 'wood' | 'tiles' | 'carpet' | 'grass' | 'sand' | 'pavement' | 'snow';
export type Floor = { style: FloorStyle; a: Rgb; b: Rgb; density: number; ox: number; oy: number };

export type ScenePlan =
  | { setting: 'indoor'; horizon: number; vpx: number; wall: TextureSpec; floor: Floor; skirting: Rgb }
  | {
      setting: 'outdoor';
      horizon: number;
      vpx: number;
      sky: { top: Rgb; bottom: Rgb };
      hills: { color: Rgb; height: number; freq: [number, number]; phase: [number, number] } | null;
      ground: Floor;
      road: Rgb | null;
    };

const SKIES: readonly [Rgb, Rgb][] = [
  [
    [70, 130, 210],
    [190, 220, 240],
  ],
  [
    [110, 160, 220],
    [230, 236, 240],
  ],
  [
    [150, 160, 175],
    [210, 212, 215],
  ],
  [
    [60, 70, 130],
    [240, 160, 110],
  ],
  [
    [90, 150, 200],
    [250, 230, 200],
  ],
];
const GROUNDS: Readonly<Record<string, [Rgb, Rgb]>> = {
  grass: [
    [70, 120, 50],
    [120, 160, 70],
  ],
  sand: [
    [200, 180, 140],
    [230, 214, 176],
  ],
  pavement: [
    [120, 120, 124],
    [160, 158, 156],
  ],
  snow: [
    [214, 224, 236],
    [248, 250, 252],
  ],
};

function horizonFor(rng: Rng, stage: Stage, lo: number, hi: number): number {
  const { height, feetY, unit } = stage;
  const wanted = feetY === null ? height * rng.range(0.3, 0.7) : feetY - unit * rng.range(lo, hi);
  return Math.round(Math.max(height * 0.12, Math.min(height * 0.85, wanted)));
}

export function planScene(rng: Rng, setting: 'indoor' | 'outdoor', stage: Stage): ScenePlan {
  const vpx = stage.width * rng.range(0.2, 0.8);
  if (setting === 'indoor') {
    const style = rng.pick(['wood', 'tiles', 'carpet'] as const);
    const a = style === 'wood' ? mix([120, 80, 50], randomColor(rng, 0.3), 0.3) : randomColor(rng, 0.5);
    const b =
      style === 'wood'
        ? lighten(a, rng.range(0.15, 0.35))
        : rng.chance(0.5)
          ? darken(a, 0.3)
          : randomColor(rng, 0.5);
    const wall = planTexture(
      rng,
      rng.pick(['noise', 'noise', 'stripes', 'bricks', 'dots', 'checks'] as const),
    );
    if (wall.style !== 'noise') wall.b = mix(wall.a, wall.b, 0.35);
    return {
      setting,
      horizon: horizonFor(rng, stage, 0.4, 1.4),
      vpx,
      wall,
      floor: { style, a, b, density: rng.range(6, 14), ox: rng.int(256), oy: rng.int(256) },
      skirting: rng.chance(0.5) ? [235, 232, 225] : darken(a, 0.2),
    };
  }
  const sky = rng.pick(SKIES);
  const groundStyle = rng.pick(['grass', 'grass', 'sand', 'pavement', 'snow'] as const);
  const [ga, gb] = GROUNDS[groundStyle]!;
  const hillColor = mix(sky[1], [60, 100, 70], rng.range(0.3, 0.8));
  return {
    setting,
    horizon: horizonFor(rng, stage, 0.8, 2.6),
    vpx,
    sky: { top: sky[0], bottom: sky[1] },
    hills: rng.chance(0.6)
      ? {
          color: hillColor,
          height: rng.range(0.04, 0.14),
          freq: [rng.range(2, 6), rng.range(7, 15)],
          phase: [rng.range(0, 6.3), rng.range(0, 6.3)],
        }
      : null,
    ground: {
      style: groundStyle,
      a: ga,
      b: gb,
      density: rng.range(6, 12),
      ox: rng.int(256),
      oy: rng.int(256),
    },
    road:
      groundStyle !== 'snow' && rng.chance(0.35)
        ? [rng.range(70, 110), rng.range(70, 110), rng.range(75, 115)]
        : null,
  };
}

/** Floor rows below the horizon in one-point perspective towards (vpx, horizon). */
function fillFloor(s: Surface, tone: Tone, f: Floor, horizon: number, vpx: number): void {
  const { width, height, rgba } = s;
  const { row, col } = tone;
  const tile = noise();
  const k = f.density;
  for (let y = Math.max(0, horizon); y < height; y += 1) {
    const dy = y - horizon + 1.5;
    const depthRow = (((Math.floor(2048 / dy) + f.oy) & 255) << 8) >>> 0;
    const v = (k * height * 0.12) / dy;
    const fog = Math.min(1, dy / (height * 0.25));
    for (let x = 0, o = y * width * 4; x < width; x += 1, o += 4) {
      const p = ((x - vpx) * k * 0.1) / dy + 1000;
      const n = tile[depthRow | ((Math.floor(((x - vpx) * 24) / dy) + f.ox) & 255)]! / 255;
      let t: number;
      if (f.style === 'wood') {
        const i = Math.floor(p);
        t = ((Math.imul(i, 2654435761) >>> 24) / 255) * 0.7 + n * 0.3;
        if (p - i < 0.05) t = -0.4;
      } else if (f.style === 'tiles') {
        const fu = p - Math.floor(p);
        const fv = v - Math.floor(v);
        t = fu < 0.04 || fv < 0.06 ? 0.5 : (Math.floor(p) + Math.floor(v)) & 1 ? 1 : 0.1 * n;
      } else t = n;
      let shade = (0.75 + 0.25 * fog) * (row[y]! + col[x]!);
      shade = shade < 0 ? 0 : shade;
      const r = (f.a[0] + (f.b[0] - f.a[0]) * t) * shade;
      const g = (f.a[1] + (f.b[1] - f.a[1]) * t) * shade;
      const b = (f.a[2] + (f.b[2] - f.a[2]) * t) * shade;
      rgba[o] = r < 0 ? 0 : r > 255 ? 255 : r;
      rgba[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
      rgba[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
}

function fillSky(s: Surface, tone: Tone, top: Rgb, bottom: Rgb, horizon: number): void {
  for (let y = 0; y < Math.min(horizon, s.height); y += 1) {
    const t = y / Math.max(1, horizon);
    fillRect(s, tone, 0, y, s.width, y + 1, mix(top, bottom, t * t));
  }
}

function fillHills(
  s: Surface,
  tone: Tone,
  hills: NonNullable<Extract<ScenePlan, { setting: 'outdoor' }>['hills']>,
  horizon: number,
): void {
  const { width, height, rgba } = s;
  for (let x = 0; x < width; x += 1) {
    const u = x / width;
    const h =
      height *
      hills.height *
      (1 +
        0.5 * Math.sin(u * hills.freq[0] + hills.phase[0]) +
        0.25 * Math.sin(u * hills.freq[1] + hills.phase[1]));
    for (let y = Math.max(0, Math.round(horizon - h)); y < Math.min(horizon, height); y += 1) {
      const o = (y * width + x) * 4;
      const t = (horizon - y) / Math.max(1, h);
      const f = Math.max(0, (0.85 + 0.15 * t) * (tone.row[y]! + tone.col[x]!));
      rgba[o] = Math.min(255, hills.color[0] * f);
      rgba[o + 1] = Math.min(255, hills.color[1] * f);
      rgba[o + 2] = Math.min(255, hills.color[2] * f);
    }
  }
}

/** A road: a trapezoid from the vanishing point widening to the bottom edge, dashed centre line. */
function fillRoad(s: Surface, tone: Tone, color: Rgb, horizon: number, vpx: number): void {
  const { width, height, rgba } = s;
  for (let y = Math.max(0, horizon + 1); y < height; y += 1) {
    const dy = y - horizon;
    const half = dy * 0.9;
    const line = Math.floor(400 / dy) & 1;
    for (let x = Math.max(0, Math.floor(vpx - half)); x < Math.min(width, Math.ceil(vpx + half)); x += 1) {
      const o = (y * width + x) * 4;
      const centre = Math.abs(x - vpx) < dy * 0.025 && line === 0;
      const c = centre ? [230, 220, 150] : color;
      const f = Math.max(0, tone.row[y]! + tone.col[x]!);
      rgba[o] = Math.min(255, c[0]! * f);
      rgba[o + 1] = Math.min(255, c[1]! * f);
      rgba[o + 2] = Math.min(255, c[2]! * f);
    }
  }
}

export function drawScene(s: Surface, tone: Tone, plan: ScenePlan): void {
  if (plan.setting === 'indoor') {
    fillTexture(s, tone, plan.wall, 0, plan.horizon);
    fillFloor(s, tone, plan.floor, plan.horizon, plan.vpx);
    const board = Math.max(2, Math.round(s.height * 0.025));
    fillRect(s, tone, 0, plan.horizon - board, s.width, plan.horizon, plan.skirting);
    return;
  }
  fillSky(s, tone, plan.sky.top, plan.sky.bottom, plan.horizon);
  fillFloor(s, tone, plan.ground, plan.horizon, plan.vpx);
  if (plan.hills) fillHills(s, tone, plan.hills, plan.horizon);
  if (plan.road) fillRoad(s, tone, plan.road, plan.horizon, plan.vpx);
}
