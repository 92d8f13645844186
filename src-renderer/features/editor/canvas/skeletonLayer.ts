/**
 * @file The skeleton's Konva layer, built once per editor and updated imperatively: one node per
 * limb, joint, highlight ring and outside-the-canvas mark, positioned in screen pixels from
 * `skeletonScene`. A pointer move only rewrites positions (and styles whose inputs changed) and
 * redraws this one layer; React never re-renders for it. Nothing here listens for Konva events:
 * the view hit-tests through the model, so Konva's hit graph is never drawn.
 *
 * Node names, for tests and the e2e suite: `joint-<coco index>`, `ring-<i>`, `outside-<i>`,
 * `limb-<openpose limb index>`, `neck`, `hover-label`, `placing-label`.
 */
import Konva from 'konva';
import { COCO_COUNT } from '../../../../src-main/core/pose/skeleton';
import type { EditorState } from '../model/editorStore';
import type { Viewport } from '../model/viewport';
import {
  LIMB_WIDTH,
  OUTSIDE_RING,
  jointLabel,
  jointName,
  jointStyle,
  limbStyle,
  ringStyle,
  skeletonScene,
  type SceneJoint,
  type ShapeStyle,
} from './skeletonStyle';

const STATIC = { listening: false, perfectDrawEnabled: false, shadowForStrokeEnabled: false } as const;
const LIMB_COUNT = 17;

function applyStyle(node: Konva.Circle, style: ShapeStyle): void {
  node.setAttrs({
    visible: style.visible,
    radius: style.radius,
    fill: style.fill ?? undefined,
    fillEnabled: style.fill !== null,
    stroke: style.stroke,
    strokeWidth: style.strokeWidth,
    strokeEnabled: style.strokeWidth > 0,
    dash: style.dash ?? undefined,
    dashEnabled: style.dash !== null,
    opacity: style.opacity,
  });
}

function makeLabel(name: string): { label: Konva.Label; text: Konva.Text } {
  const label = new Konva.Label({ ...STATIC, name, visible: false });
  label.add(new Konva.Tag({ ...STATIC, fill: 'rgba(15,17,21,0.85)', cornerRadius: 3 }));
  const text = new Konva.Text({ ...STATIC, padding: 4, fontSize: 12, fill: '#e2e5ea', text: '' });
  label.add(text);
  return { label, text };
}

export class SkeletonLayer {
  readonly layer = new Konva.Layer({ listening: false, name: 'skeleton' });
  private readonly limbs: Konva.Line[] = [];
  private readonly joints: Konva.Circle[] = [];
  private readonly rings: Konva.Circle[] = [];
  private readonly outside: Konva.Circle[] = [];
  private readonly neck = new Konva.Circle({ ...STATIC, name: 'neck', radius: 3, fill: '#ff5500' });
  private readonly hover = makeLabel('hover-label');
  private readonly placing = makeLabel('placing-label');
  /** Per joint, the inputs its style was last computed from, so unchanged joints only move. */
  private readonly styleKeys: string[] = [];
  private lastPlacing: number | null | undefined = undefined;

  constructor() {
    for (let i = 0; i < LIMB_COUNT; i += 1) {
      const line = new Konva.Line({
        ...STATIC,
        name: `limb-${i}`,
        strokeWidth: LIMB_WIDTH,
        lineCap: 'round',
      });
      this.limbs.push(line);
      this.layer.add(line);
    }
    this.layer.add(this.neck);
    for (let i = 0; i < COCO_COUNT; i += 1) {
      const outside = new Konva.Circle({
        ...STATIC,
        name: `outside-${i}`,
        radius: OUTSIDE_RING,
        stroke: '#ef5b5f',
        strokeWidth: 2,
        dash: [4, 3],
        visible: false,
      });
      const ring = new Konva.Circle({ ...STATIC, name: `ring-${i}`, visible: false });
      const joint = new Konva.Circle({ ...STATIC, name: `joint-${i}` });
      this.outside.push(outside);
      this.rings.push(ring);
      this.joints.push(joint);
      this.layer.add(outside, ring, joint);
      this.styleKeys.push('');
    }
    this.layer.add(this.hover.label, this.placing.label);
    this.placing.label.position({ x: 8, y: 8 });
  }

  /** Bring every node in line with `state` under `viewport` (does not draw). */
  update(state: EditorState, viewport: Viewport): void {
    const scene = skeletonScene(state, viewport);
    scene.limbs.forEach((limb, i) => {
      const line = this.limbs[i]!;
      const style = limbStyle(limb.a, limb.b);
      line.setAttrs({
        visible: style.visible,
        points: limb.points,
        stroke: limb.color,
        opacity: style.opacity,
        dash: style.dash ?? undefined,
        dashEnabled: style.dash !== null,
      });
    });
    this.neck.setAttrs({ x: scene.neck.x, y: scene.neck.y, visible: scene.neck.v > 0 });
    scene.joints.forEach((joint, i) => this.updateJoint(i, joint));
    this.updateHoverLabel(state, scene.joints);
    this.updatePlacingLabel(state.placing);
  }

  private updateJoint(i: number, joint: SceneJoint): void {
    const position = { x: joint.x, y: joint.y };
    this.joints[i]!.position(position);
    this.rings[i]!.position(position);
    this.outside[i]!.position(position);
    const key = `${joint.v}${+joint.selected}${+joint.hovered}${+joint.outside}${joint.color}`;
    if (this.styleKeys[i] === key) return;
    this.styleKeys[i] = key;
    applyStyle(this.joints[i]!, jointStyle(joint.v, joint.color, joint.selected));
    applyStyle(this.rings[i]!, ringStyle(joint.v !== 0, joint.selected, joint.hovered));
    this.outside[i]!.visible(joint.outside);
  }

  private updateHoverLabel(state: EditorState, joints: readonly SceneJoint[]): void {
    const joint = state.hover === null ? undefined : joints[state.hover];
    const { label, text } = this.hover;
    if (joint === undefined || joint.v === 0) {
      label.visible(false);
      return;
    }
    const name = jointLabel(state.hover!);
    text.text(joint.v === 1 ? `${name} (occluded)` : name);
    label.setAttrs({ visible: true, x: joint.x + 12, y: joint.y - 26 });
  }

  private updatePlacingLabel(placing: number | null): void {
    if (placing === this.lastPlacing) return;
    this.lastPlacing = placing;
    this.placing.label.visible(placing !== null);
    if (placing !== null) this.placing.text.text(`Click to place the ${jointName(placing)} · Esc cancels`);
  }

  destroy(): void {
    this.layer.destroy();
  }
}
