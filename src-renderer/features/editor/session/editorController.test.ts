import { describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, Pose } from '../../../../src-main/contract';
import { StudioError } from '../../../../src-main/contract';
import { fakeNeighbors } from '../../../testing/fakePoseEdit';
import { makePose } from '../../poses/model/testPoses';
import { EditorController, type StudioCall } from './editorController';

/** A tiny catalog: get, update, create and previous / next (the fake studio's brute force) over `poses`. */
function fakeStudio(poses: Pose[]) {
  const calls: Array<{ method: string; input: unknown }> = [];
  let nextId = 100;
  const handlers: Partial<Record<MethodName, (input: never) => unknown>> = {
    'poses.get': ({ id }: MethodInput<'poses.get'>) => {
      const pose = poses.find((p) => p.id === id);
      if (!pose) throw new StudioError('NOT_FOUND', `no pose ${id}`);
      return pose;
    },
    'poses.update': ({ id, ...patch }: MethodInput<'poses.update'>) => {
      const pose = poses.find((p) => p.id === id)!;
      Object.assign(pose, patch);
      return pose;
    },
    'poses.create': ({ width, height, keypoints }: MethodInput<'poses.create'>) => {
      const pose = makePose(nextId++, { width, height, keypoints });
      poses.push(pose);
      return pose;
    },
    'poses.neighbors': ({
      id,
      filter = {},
      sort = { by: 'id', dir: 'asc' },
    }: MethodInput<'poses.neighbors'>) =>
      fakeNeighbors(poses, { id, filter, sort: { by: sort.by ?? 'id', dir: sort.dir ?? 'asc' } }),
  };
  const call = (async (method: MethodName, input: unknown) => {
    calls.push({ method, input });
    const handler = handlers[method];
    if (!handler) throw new Error(`${method} not faked`);
    return handler(input as never);
  }) as StudioCall;
  return { call, calls };
}

/** Holds the answers of `method` until `release()`: a save still in flight. */
function gate(call: StudioCall, method: MethodName) {
  let open: () => void = () => undefined;
  let held = new Promise<void>((resolve) => (open = resolve));
  const gated = (async (m: MethodName, input: never) => {
    const answer = call(m, input);
    if (m === method) await held;
    return answer;
  }) as StudioCall;
  const release = () => {
    open();
    held = Promise.resolve();
  };
  return { gated, release };
}

/** The address bar: push fires the controller's hash handler (as hashchange would), replace does not. */
function setup(poses = [1, 2, 3, 4].map((id) => makePose(id)), hold?: MethodName) {
  const plain = fakeStudio(poses);
  const held = hold === undefined ? null : gate(plain.call, hold);
  const studio = { ...plain, call: held?.gated ?? plain.call, release: held?.release ?? (() => undefined) };
  const nav = {
    hash: '',
    history: [] as string[],
    current: () => nav.hash,
    push: (hash: string) => {
      nav.hash = hash;
      nav.history.push(hash);
      controller.onHash(hash);
    },
    replace: (hash: string) => void (nav.hash = hash),
  };
  let tag: string | null = null;
  const controller: EditorController = new EditorController({
    call: studio.call,
    nav,
    mac: false,
    library: () => (tag === null ? null : { filter: { tags: [tag] }, sort: { by: 'id', dir: 'asc' } }),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const open = async (hash: string) => {
    nav.push(hash);
    await settle();
  };
  return { controller, nav, studio, poses, open, settle, setTag: (t: string) => (tag = t) };
}

const editorOf = (c: EditorController) => c.getState().doc!.session.editor;

describe('EditorController', () => {
  it('opens the pose the address names and saves edits with poses.update', async () => {
    const { controller, open, studio } = setup();
    await open('#/editor/2');
    expect(controller.getState().doc?.pose?.id).toBe(2);
    editorOf(controller).mirrorPose();
    expect(controller.dirty).toBe(true);
    const mirrored = editorOf(controller).state.keypoints;
    expect(controller.keyDown({ key: 's', ctrl: true })).toBe(true);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const update = studio.calls.find((c) => c.method === 'poses.update')!
      .input as MethodInput<'poses.update'>;
    expect(update).toMatchObject({ id: 2, width: 200, height: 300 });
    expect(update.keypoints).toEqual(mirrored);
    expect(controller.dirty).toBe(false);
  });

  it('puts the address back and asks before leaving a dirty pose; cancel stays, discard goes', async () => {
    const { controller, open, nav, settle } = setup();
    await open('#/editor/1');
    editorOf(controller).mirrorPose();
    nav.hash = '#/poses'; // the user clicked another page
    controller.onHash('#/poses');
    expect(nav.hash).toBe('#/editor/1');
    expect(controller.getState().dialog?.kind).toBe('unsaved');
    await controller.resolveUnsaved('cancel');
    expect(controller.getState().dialog).toBeNull();
    expect(controller.dirty).toBe(true);
    nav.hash = '#/editor/3';
    controller.onHash('#/editor/3');
    await controller.resolveUnsaved('discard');
    await settle();
    expect(nav.hash).toBe('#/editor/3');
    expect(controller.getState().doc?.pose?.id).toBe(3);
  });

  it('saves first when the user chooses Save, then goes on', async () => {
    const { controller, open, nav, studio, settle } = setup();
    await open('#/editor/1');
    editorOf(controller).mirrorPose();
    controller.navigate('#/poses');
    await controller.resolveUnsaved('save');
    await settle();
    expect(studio.calls.filter((c) => c.method === 'poses.update')).toHaveLength(1);
    expect(nav.hash).toBe('#/poses');
  });

  it('creates a new pose from a draft on save and moves the address to it', async () => {
    const { controller, open, nav, studio, settle } = setup();
    await open('#/editor');
    expect(controller.getState().dialog?.kind).toBe('new');
    const keypoints = makePose(9).keypoints;
    controller.startDraft({ width: 512, height: 768, keypoints, origin: { kind: 'preset', ref: 't-pose' } });
    expect(controller.dirty).toBe(true);
    expect(await controller.save()).toBe(true);
    await settle();
    const create = studio.calls.find((c) => c.method === 'poses.create')!.input;
    expect(create).toMatchObject({ width: 512, height: 768, origin: { kind: 'preset', ref: 't-pose' } });
    expect(nav.hash).toBe('#/editor/100');
    expect(controller.getState().doc?.pose?.id).toBe(100);
    expect(studio.calls.filter((c) => c.method === 'poses.get')).toHaveLength(0);
    expect(controller.dirty).toBe(false);
  });

  it('discard reloads the saved pose; a resize is undone by undo', async () => {
    const { controller, open, settle } = setup();
    await open('#/editor/4');
    const saved = editorOf(controller).state.keypoints;
    controller.getState().doc!.session.resize(512, 512, 'fit');
    expect(controller.isEnabled('edit.undo')).toBe(true);
    expect(controller.keyDown({ key: 'z', ctrl: true })).toBe(true);
    expect(editorOf(controller).state.width).toBe(200);
    editorOf(controller).mirrorPose();
    controller.discard();
    await settle();
    expect(editorOf(controller).state.keypoints).toEqual(saved);
    expect(controller.dirty).toBe(false);
  });

  it('steps to the previous and next pose of the library filter, one poses.neighbors call a step', async () => {
    const poses = [1, 2, 3, 4, 5].map((id) => makePose(id, { tags: id % 2 === 1 ? ['odd'] : [] }));
    const { controller, open, nav, settle, setTag, studio } = setup(poses);
    setTag('odd');
    await open('#/editor/3');
    controller.step(1);
    await settle();
    await settle();
    expect(nav.hash).toBe('#/editor/5');
    controller.step(1);
    await settle();
    expect(controller.getState().notice).toBe('This is the last pose.');
    controller.step(-1);
    await settle();
    await settle();
    expect(nav.hash).toBe('#/editor/3');
    const steps = studio.calls.filter((c) => c.method === 'poses.neighbors').map((c) => c.input);
    expect(steps.map((input) => (input as { id: number }).id)).toEqual([3, 5, 5]);
    expect(steps[0]).toEqual({ id: 3, filter: { tags: ['odd'] }, sort: { by: 'id', dir: 'asc' } });
  });

  it('steps from where a pose outside the filter would sit, and over every pose with no library view', async () => {
    const poses = [1, 2, 3, 4, 5].map((id) => makePose(id, { tags: id % 2 === 1 ? ['odd'] : [] }));
    const { controller, open, nav, settle, setTag } = setup(poses);
    await open('#/editor/2');
    controller.step(1);
    await settle();
    await settle();
    expect(nav.hash).toBe('#/editor/3'); // no library view: every pose by id
    setTag('odd');
    await open('#/editor/4'); // not odd: between 3 and 5
    controller.step(-1);
    await settle();
    await settle();
    expect(nav.hash).toBe('#/editor/3');
  });

  it('keeps edits made while a save is in flight unsaved', async () => {
    const { controller, open, studio, settle } = setup(undefined, 'poses.update');
    await open('#/editor/1');
    editorOf(controller).mirrorPose();
    const saving = controller.save();
    const moved = editorOf(controller).state.keypoints.map(([x, y, v]): [number, number, 0 | 1 | 2] => [
      x,
      y,
      v,
    ]);
    moved[0] = [moved[0]![0] + 5, moved[0]![1], 2];
    editorOf(controller).store.commitPose('Nudge', moved);
    studio.release();
    expect(await saving).toBe(true);
    await settle();
    expect(controller.dirty).toBe(true);
  });

  it('does not bring back the pose that was left (Discard) while its save was in flight', async () => {
    const { controller, open, nav, studio, settle } = setup(undefined, 'poses.update');
    await open('#/editor/1');
    editorOf(controller).mirrorPose();
    const saving = controller.save();
    nav.hash = '#/editor/3'; // the user follows a link before the answer
    controller.onHash('#/editor/3');
    expect(controller.getState().dialog?.kind).toBe('unsaved');
    await controller.resolveUnsaved('discard');
    await settle();
    expect(controller.getState().doc?.pose?.id).toBe(3);
    studio.release();
    await saving;
    await settle();
    expect(nav.hash).toBe('#/editor/3');
    expect(controller.getState().doc?.pose?.id).toBe(3);
    expect(controller.getState().route).toEqual({ kind: 'pose', id: 3 });
    expect(controller.getState().busy).toBe(false);
  });

  it('does not replace a new draft with the pose whose save was in flight', async () => {
    const { controller, open, studio, settle } = setup(undefined, 'poses.update');
    await open('#/editor/2');
    editorOf(controller).mirrorPose();
    const saving = controller.save();
    const keypoints = makePose(9).keypoints;
    controller.startDraft({ width: 512, height: 768, keypoints, origin: { kind: 'preset', ref: 't-pose' } });
    await controller.resolveUnsaved('discard');
    expect(controller.getState().doc?.pose).toBeNull();
    studio.release();
    await saving;
    await settle();
    expect(controller.getState().doc?.pose).toBeNull();
    expect(editorOf(controller).state.width).toBe(512);
    expect(controller.getState().notice).toBeNull();
  });

  it('does not bring the user back when a new pose finishes saving after they left the page', async () => {
    const { controller, open, nav, studio, settle } = setup(undefined, 'poses.create');
    await open('#/editor');
    const keypoints = makePose(9).keypoints;
    controller.startDraft({ width: 512, height: 768, keypoints, origin: { kind: 'preset', ref: 't-pose' } });
    const saving = controller.save();
    controller.navigate('#/poses');
    await controller.resolveUnsaved('discard');
    expect(nav.hash).toBe('#/poses');
    studio.release();
    expect(await saving).toBe(true);
    await settle();
    expect(nav.hash).toBe('#/poses');
    expect(studio.calls.filter((c) => c.method === 'poses.create')).toHaveLength(1);
  });

  it('does not bring the user back for a duplicate or a step that answers after they left', async () => {
    for (const [method, act] of [
      ['poses.create', (c: EditorController) => c.duplicate()],
      ['poses.neighbors', (c: EditorController) => c.step(1)],
    ] as const) {
      const { controller, open, nav, studio, settle } = setup(undefined, method);
      await open('#/editor/1');
      act(controller);
      controller.navigate('#/poses'); // nothing unsaved: leaves at once
      expect(nav.hash).toBe('#/poses');
      studio.release();
      await settle();
      await settle();
      expect(nav.hash, method).toBe('#/poses');
      expect(controller.getState().busy).toBe(false);
    }
  });

  it('stays on the pose when it was edited while its duplicate was being made', async () => {
    const { controller, open, nav, studio, settle } = setup(undefined, 'poses.create');
    await open('#/editor/1');
    controller.duplicate();
    editorOf(controller).mirrorPose(); // after the copy was taken
    const edited = editorOf(controller).state.keypoints;
    studio.release();
    await settle();
    await settle();
    expect(nav.hash).toBe('#/editor/1');
    expect(editorOf(controller).state.keypoints).toBe(edited);
    expect(controller.dirty).toBe(true);
    expect(controller.getState().notice).toBe('Duplicated #1 as #100');
    expect(controller.getState().busy).toBe(false);
  });

  it('ignores a previous/next answer for a pose that is no longer open', async () => {
    const { controller, open, nav, studio, settle } = setup(undefined, 'poses.neighbors');
    await open('#/editor/1');
    controller.step(1);
    await open('#/editor/4');
    studio.release();
    await settle();
    await settle();
    expect(nav.hash).toBe('#/editor/4');
    expect(controller.getState().doc?.pose?.id).toBe(4);
  });

  it('shows a failed save and stays dirty', async () => {
    const { controller, open, poses } = setup();
    await open('#/editor/1');
    editorOf(controller).mirrorPose();
    poses.splice(0, poses.length);
    expect(await controller.save()).toBe(false);
    expect(controller.getState().error).toBeInstanceOf(Error);
    expect(controller.dirty).toBe(true);
  });
});
