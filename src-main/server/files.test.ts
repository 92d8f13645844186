/** Pure file helpers of the server: attachment dispositions. */
import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './files';

describe('attachmentDisposition', () => {
  it('quotes safely and keeps the UTF-8 name', () => {
    expect(attachmentDisposition('poses.json')).toBe(
      `attachment; filename="poses.json"; filename*=UTF-8''poses.json`,
    );
    expect(attachmentDisposition('pôses "x".json')).toBe(
      `attachment; filename="p_ses _x_.json"; filename*=UTF-8''p%C3%B4ses%20%22x%22.json`,
    );
  });
});
