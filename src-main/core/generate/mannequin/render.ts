/**
 * @file One mannequin variant, start to finish: fit the pose into the output, read the prompt,
 * resolve the appearance, plan the background and light from independent seed streams, draw
 * background, contact shadow, body, head, hair, hat and bag into one z-buffered surface, apply
 * the face defect, and derive keypoint visibility from the part labels. Pure: same inputs, same
 * bytes.
 */
import type { Keypoint } from '../../../contract';
import { fitCanvas, fitKeypoints } from '../fit';
import { createRng, mixSeed, type Rng } from '../prng';
import {
  blurRegion,
  createSurface,
  drawShapes,
  makeLight,
  type Placed,
  shadowRegion,
  smearRegion,
  type Surface,
} from '../raster';
import type { GeneratedVariant, GeneratorPose } from '../types';
import { type Appearance, type GarmentLook, resolveAppearance } from './appearance';
import { bagShapes } from './accessories';
import { type BackgroundPlan, drawBackground, planBackground, type Stage } from './background';
import { type Body, buildBody } from './body';
import { bodyShapes } from './figure';
import { hairShapes, hatShapes } from './hair';
import { type FaceStyle, headShapes } from './head';
import { faceLayout, type HeadFrame, headFrame, layerLimbsOverHead } from './headFrame';
import { FACE_DEFECTS, type FaceDefect, type MannequinOptions } from './options';
import { parsePrompt } from './promptAttributes';
import { createSpace, type Space } from './space';
import { visibleKeypoints } from './visibility';

export const MANNEQUIN_VERSION = '1.0.2';

function pickDefect(rng: Rng, options: MannequinOptions): FaceDefect | null {
  const roll = rng.next();
  const kind = rng.pick(FACE_DEFECTS);
  if (options.faceDefect === 'none' || roll >= options.faceDefectProbability) return null;
  return options.faceDefect === 'random' ? kind : options.faceDefect;
}

function pickLight(rng: Rng, strength: number) {
  const azimuth = rng.range(200, 340);
  const elevation = rng.range(25, 65);
  const diffuse = strength * rng.range(0.55, 0.85);
  const ambient = 1.04 - diffuse * Math.cos((elevation * Math.PI) / 180);
  return { azimuth, elevation, ambient, diffuse };
}

function contactShadow(s: Surface, body: Body, light: { azimuth: number }): void {
  const ankles = [body.joints[15], body.joints[16]].filter((j) => j !== null && j !== undefined);
  if (ankles.length === 0) return;
  const x = ankles.reduce((sum, a) => sum + a.x, 0) / ankles.length;
  const y = Math.max(...ankles.map((a) => a.y)) + body.unit * 0.08;
  const spread = ankles.length === 2 ? Math.abs(ankles[0]!.x - ankles[1]!.x) / 2 : 0;
  const shift = -Math.cos((light.azimuth * Math.PI) / 180) * body.unit * 0.25;
  shadowRegion(s, { cx: x + shift, cy: y, rx: spread + body.unit * 0.35, ry: body.unit * 0.09 }, 0.45);
}

function applyDefect(s: Surface, head: HeadFrame, defect: FaceDefect, rng: Rng): void {
  const region = { cx: head.cx, cy: head.cy, rx: head.hw * 1.05, ry: head.hh * 1.05 };
  if (defect === 'blur') blurRegion(s, region, Math.max(1, head.hw * 0.2));
  if (defect === 'smear') {
    const angle = rng.range(0, Math.PI * 2);
    smearRegion(s, region, Math.cos(angle), Math.sin(angle), Math.max(3, head.hw * 0.7));
  }
}

function backgroundSummary(plan: BackgroundPlan): Record<string, unknown> {
  const base = plan.base;
  const style =
    base.fill === 'texture'
      ? base.texture.style
      : base.fill === 'scene'
        ? base.scene.setting === 'indoor'
          ? base.scene.floor.style
          : base.scene.ground.style
        : base.fill;
  return { kind: plan.kind, setting: plan.setting, style, props: plan.props.map((p) => p.type) };
}

export type RenderInput = {
  pose: GeneratorPose;
  width: number;
  height: number;
  prompt: string;
  seed: number;
  options: MannequinOptions;
};

function attributesOf(look: Appearance, plan: BackgroundPlan): Record<string, unknown> {
  const { identity, build, skin, eyes, hair, top, bottom, shoes, hat, bag } = look;
  const patternColor = (g: GarmentLook): string | null => (g.pattern === 'solid' ? null : g.alt);
  return {
    identity,
    build,
    skin: skin.tone,
    eyes: eyes.color,
    hair: { style: hair.style, color: hair.color },
    top: {
      kind: top.kind,
      sleeves: top.sleeves,
      color: top.color,
      pattern: top.pattern,
      patternColor: patternColor(top),
    },
    bottom: {
      kind: bottom.kind,
      color: bottom.color,
      pattern: bottom.pattern,
      patternColor: patternColor(bottom),
    },
    shoes: shoes.color,
    hat: hat ? { kind: hat.kind, color: hat.color } : null,
    bag: bag ? { kind: bag.kind, color: bag.color } : null,
    background: plan.kind,
    setting: plan.setting,
  };
}

function stageOf(body: Body, width: number, height: number): Stage {
  const ankles = [body.joints[15], body.joints[16]].filter((j) => j !== null && j !== undefined);
  const feetY = ankles.length > 0 ? Math.max(...ankles.map((a) => a.y)) : null;
  return { width, height, unit: body.unit, feetY, centreX: width / 2 };
}

/** Everything drawn over the background: body, head with face, hair, hat, bag. */
function figureShapes(
  sp: Space,
  body: Body,
  head: HeadFrame | null,
  defect: FaceDefect | null,
  rng: Rng,
): Placed[] {
  const shapes: Placed[] = bodyShapes(sp, body, head);
  if (head) {
    const style: FaceStyle = defect === 'missing' ? 'missing' : defect === 'distort' ? 'distort' : 'normal';
    shapes.push(...headShapes(sp, head, faceLayout(head, body.joints), style, rng));
    shapes.push(...hairShapes(sp, head), ...hatShapes(sp, head));
  }
  shapes.push(...bagShapes(sp, body));
  return shapes;
}

export function renderMannequin({
  pose,
  width,
  height,
  prompt,
  seed,
  options,
}: RenderInput): GeneratedVariant {
  const fit = fitCanvas(pose.width, pose.height, width, height);
  const keypoints: Keypoint[] = fitKeypoints(pose.keypoints, fit);
  const attrs = parsePrompt(prompt);
  const look = resolveAppearance(attrs, seed);
  const body = buildBody(keypoints, Math.min(width, height) * 0.3);
  const head = headFrame(body);
  if (head) layerLimbsOverHead(body, head);
  // Independent streams: person (in resolveAppearance), scene, light, defect.
  const plan = planBackground(
    createRng(mixSeed(seed, 2)),
    options.background,
    attrs.setting,
    options.clutter,
    stageOf(body, width, height),
  );
  const lighting = pickLight(createRng(mixSeed(seed, 3)), options.lighting);
  const defectRng = createRng(mixSeed(seed, 4));
  // Drawn whether or not a face is seen, so the stream never depends on the pose.
  const wanted = pickDefect(defectRng, options);
  const defect = head?.faceVisible ? wanted : null;
  const s = createSurface(width, height);
  drawBackground(s, plan);
  contactShadow(s, body, lighting);
  const light = makeLight(lighting.azimuth, lighting.elevation, lighting.ambient, lighting.diffuse);
  const shapes = figureShapes(createSpace(look, body.unit), body, head, defect, defectRng);
  drawShapes(s, shapes, light, options.antialias);
  if (head && defect) applyDefect(s, head, defect, defectRng);
  return {
    width,
    height,
    rgba: s.rgba,
    depth: s.depth,
    parts: s.parts,
    keypoints: visibleKeypoints(keypoints, s.parts, width, height),
    prompt,
    seed,
    attributes: attributesOf(look, plan),
    faceDefect: defect,
    params: {
      generator: 'mannequin',
      version: MANNEQUIN_VERSION,
      options,
      promptAttributes: attrs,
      appearance: look,
      background: backgroundSummary(plan),
      lighting,
      fit,
      unit: body.unit,
    },
  };
}
