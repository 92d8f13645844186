/**
 * @file Editing one pose's tags: chips with a remove button, an input to add (comma-separated),
 * saved with `poses.update {id, tags}`; tag rules come from the contract.
 */
import { useState } from 'react';
import { useApi } from '../../../api/ApiContext';
import { useAction } from '../../../api/hooks';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { parseTags } from '../model/importForm';

export function TagEditor({ poseId, tags }: { poseId: number; tags: readonly string[] }) {
  const { client } = useApi();
  const action = useAction();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = (next: string[]) => action.run(() => client.call('poses.update', { id: poseId, tags: next }));
  const add = async () => {
    const parsed = parseTags(text, 64);
    if (!parsed.ok) return setInvalid(parsed.error);
    setInvalid(null);
    const next = [...tags, ...parsed.value.filter((tag) => !tags.includes(tag))];
    if ((await save(next)) !== undefined) setText('');
  };
  return (
    <div className="tag-editor" data-testid="detail-tags">
      <ul className="chips" aria-label="Tags">
        {tags.length === 0 && <li className="muted small">No tags</li>}
        {tags.map((tag) => (
          <li key={tag} className="chip">
            {tag}
            <button
              type="button"
              className="chip__remove"
              aria-label={`Remove tag ${tag}`}
              disabled={action.busy}
              onClick={() => void save(tags.filter((other) => other !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="input-group"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <input
          className="input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="add tags"
          aria-label="Add tags to this pose"
          data-testid="detail-tag-input"
        />
        <button type="submit" className="button" disabled={action.busy || text.trim() === ''}>
          Add
        </button>
      </form>
      <ErrorNotice
        error={invalid ?? action.error}
        onDismiss={() => (setInvalid(null), action.clearError())}
      />
    </div>
  );
}
