import { describe, expect, it } from 'vitest';
import { exportUrl, parseUploadAnswer } from './httpFiles';

describe('server-mode files', () => {
  it('builds export links with the token in the query', () => {
    expect(exportUrl('http://127.0.0.1:4000', 'tok', 'poses coco.json')).toBe(
      'http://127.0.0.1:4000/api/exports/poses%20coco.json?token=tok',
    );
  });

  it('reads an upload envelope', () => {
    const answer = JSON.stringify({ ok: true, value: { uploadId: 'a'.repeat(32), bytes: 12 } });
    expect(parseUploadAnswer(200, answer)).toEqual({ uploadId: 'a'.repeat(32), bytes: 12 });
  });

  it('throws the server error of a refused upload, and a readable one for junk', () => {
    const refused = JSON.stringify({
      ok: false,
      error: { code: 'NO_PROJECT', message: 'no project is open' },
    });
    expect(() => parseUploadAnswer(409, refused)).toThrow(expect.objectContaining({ code: 'NO_PROJECT' }));
    expect(() => parseUploadAnswer(502, 'Bad gateway')).toThrow(/HTTP 502/);
  });
});
