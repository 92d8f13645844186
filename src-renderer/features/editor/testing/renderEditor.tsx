/**
 * @file Rendering the editor page over the fake studio for DOM tests: the address set first (the
 * page reads it), the library's shared view optionally seeded (previous/next walk its filter), a
 * laid-out jsdom, and small helpers to press keys on the page and read the shown editor.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { Profiler, useState } from 'react';
import type { ProjectInfo } from '../../../../src-main/contract';
import { renderWithStudio, stubLayout } from '../../../testing/dom';
import type { createFakeStudio } from '../../../testing/fakeStudio';
import { LibraryShareProvider, useLibraryShare } from '../../poses/LibraryShareContext';
import type { LibraryView } from '../../poses/model/libraryShare';
import { DEFAULT_SORT, EMPTY_FILTER, type FilterState } from '../../poses/model/query';
import { EMPTY_SELECTION } from '../../poses/model/selection';
import { EditorPage } from '../EditorPage';
import type { PoseEditor } from '../model/poseEditor';
import { resetShown, shown } from './canvasStandIn';

export const DEMO: ProjectInfo = { path: '/p/demo', name: 'demo', schemaVersion: 1, poseCount: 12 };

type Fake = ReturnType<typeof createFakeStudio>;

/** Lay out jsdom, reset the stand-in and the address around each test of the calling file. */
export function editorTestSetup(): void {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    restore = stubLayout(1200, 800);
    resetShown();
    window.location.hash = '';
  });
  afterEach(() => {
    cleanup();
    restore();
  });
}

function SeedLibrary({ filterState }: { filterState: FilterState }) {
  const share = useLibraryShare();
  useState(() => {
    const view: LibraryView = { filterState, sort: DEFAULT_SORT, selection: EMPTY_SELECTION, total: null };
    share?.set(view);
    return null;
  });
  return null;
}

/** `onCommit` is called for each React commit of the page (a Profiler around it). */
export function renderEditor(
  fake: Fake,
  hash: string,
  filterState: FilterState = EMPTY_FILTER,
  onCommit?: () => void,
) {
  window.location.hash = hash;
  return renderWithStudio(
    fake.connection,
    <LibraryShareProvider projectPath={DEMO.path}>
      <SeedLibrary filterState={filterState} />
      <Profiler id="editor-page" onRender={() => onCommit?.()}>
        <EditorPage project={DEMO} onOpenProject={() => undefined} />
      </Profiler>
    </LibraryShareProvider>,
  );
}

/** Press a key on the page; returns false when the page prevented the default. */
export function press(key: string, mods: { ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean } = {}) {
  return fireEvent.keyDown(screen.getByTestId('editor-page'), { key, ...mods });
}

/** The editor the canvas shows now (after the pose with `title` opened). */
export async function openedEditor(title: string): Promise<PoseEditor> {
  await waitFor(() => expect(screen.getByTestId('editor-title').textContent).toBe(title));
  await waitFor(() => expect(shown.editor).not.toBeNull());
  return shown.editor!;
}

export const dirtyText = () => screen.getByTestId('editor-dirty').textContent;
