/**
 * @file Near-duplicates of the pose being edited: `poses.similar` asked ~300 ms after the last
 * change (not on every pointer move), answers above OKS 0.95 kept, the pose itself excluded. An
 * answer that arrives after a newer edit is dropped.
 *
 * The session is watched directly, not through React state: a drag changes the keypoints on every
 * pointer move, and only the answer (at most one per pause) re-renders the warnings panel.
 */
import { useEffect, useState } from 'react';
import type { Keypoint } from '../../../../src-main/contract';
import { useApi } from '../../../api/ApiContext';
import type { EditSession } from './editSession';

export const NEAR_DUPLICATE_OKS = 0.95;
export const SIMILAR_DEBOUNCE_MS = 300;

export type NearDuplicate = { id: number; oks: number };

type Answer = { session: EditSession; excludeId: number | null; items: NearDuplicate[]; error: unknown };

type Asked = Readonly<{ keypoints: readonly Keypoint[]; width: number; height: number }>;

const NO_ANSWER = { items: [], error: null };

export function useNearDuplicates(
  session: EditSession | null,
  excludeId: number | null,
): { items: NearDuplicate[]; error: unknown } {
  const { client } = useApi();
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    if (session === null) return undefined;
    let asked: Asked | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest = 0; // the question whose answer may still be shown
    const show = (ask: number, items: NearDuplicate[], error: unknown) => {
      if (ask === latest) setAnswer({ session, excludeId, items, error });
    };
    const onChange = () => {
      const { keypoints, width, height } = session.editor.state;
      if (asked?.keypoints === keypoints && asked.width === width && asked.height === height) return;
      asked = { keypoints, width, height };
      const ask = ++latest;
      clearTimeout(timer);
      // Nothing labeled: nothing to compare (and no flicker while dragging: the last answer stays).
      if (!keypoints.some((point) => point[2] > 0)) return show(ask, [], null);
      timer = setTimeout(() => {
        const input = {
          ...{ width, height, keypoints: keypoints.map(([x, y, v]): Keypoint => [x, y, v]) },
          ...{ threshold: NEAR_DUPLICATE_OKS, limit: 5, ...(excludeId === null ? {} : { excludeId }) },
        };
        client.call('poses.similar', input).then(
          ({ items }) =>
            show(
              ask,
              items.filter((item) => item.oks > NEAR_DUPLICATE_OKS && item.id !== excludeId),
              null,
            ),
          (error: unknown) => show(ask, [], error),
        );
      }, SIMILAR_DEBOUNCE_MS);
    };
    onChange();
    const stop = session.subscribe(onChange);
    return () => {
      stop();
      clearTimeout(timer);
      latest += 1;
    };
  }, [client, session, excludeId]);
  // An answer about another pose (or session) is not shown while this one's is on its way.
  return answer === null || answer.session !== session || answer.excludeId !== excludeId
    ? NO_ANSWER
    : { items: answer.items, error: answer.error };
}
