/**
 * @file Near-duplicates of the pose being edited: `poses.similar` asked ~300 ms after the last
 * change (not on every pointer move), answers above OKS 0.95 kept, the pose itself excluded. An
 * answer that arrives after a newer edit is dropped.
 */
import { useEffect, useState } from 'react';
import type { Keypoint } from '../../../../src-main/contract';
import { useApi } from '../../../api/ApiContext';
import type { EditSession } from './editSession';
import { useSessionValue } from './useEditorController';

export const NEAR_DUPLICATE_OKS = 0.95;
export const SIMILAR_DEBOUNCE_MS = 300;

export type NearDuplicate = { id: number; oks: number };

type Answer = { excludeId: number | null; items: NearDuplicate[]; error: unknown };

const NONE: readonly Keypoint[] = [];

export function useNearDuplicates(
  session: EditSession | null,
  excludeId: number | null,
): { items: NearDuplicate[]; error: unknown } {
  const { client } = useApi();
  const keypoints = useSessionValue(session, (s) => s.editor.state.keypoints, NONE);
  const width = useSessionValue(session, (s) => s.editor.state.width, 0);
  const height = useSessionValue(session, (s) => s.editor.state.height, 0);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const labeled = keypoints.some((point) => point[2] > 0);
  useEffect(() => {
    if (!labeled) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      const input = {
        ...{ width, height, keypoints: keypoints.map(([x, y, v]): Keypoint => [x, y, v]) },
        ...{ threshold: NEAR_DUPLICATE_OKS, limit: 5, ...(excludeId === null ? {} : { excludeId }) },
      };
      client.call('poses.similar', input).then(
        ({ items }) => {
          const near = items.filter((item) => item.oks > NEAR_DUPLICATE_OKS && item.id !== excludeId);
          if (current) setAnswer({ excludeId, items: near, error: null });
        },
        (error: unknown) => current && setAnswer({ excludeId, items: [], error }),
      );
    }, SIMILAR_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, labeled, keypoints, width, height, excludeId]);
  // Until the answer for the latest edit arrives the last one stays (no flicker while dragging),
  // unless it was about another pose, or nothing is labeled (nothing to compare).
  return answer === null || answer.excludeId !== excludeId || !labeled
    ? { items: [], error: null }
    : { items: answer.items, error: answer.error };
}
