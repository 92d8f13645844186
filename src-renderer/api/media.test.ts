import { describe, expect, it } from 'vitest';
import { encodeMediaPath, httpMediaUrl, ipcMediaUrl } from './media';

describe('media URLs', () => {
  it('server mode: /media/<path> on the origin with the token in the query', () => {
    expect(httpMediaUrl('http://127.0.0.1:5123', 'secret', 'ab/abcdef.webp')).toBe(
      'http://127.0.0.1:5123/media/ab/abcdef.webp?token=secret',
    );
    expect(httpMediaUrl('http://127.0.0.1:5123', null, 'ab/abcdef.png')).toBe(
      'http://127.0.0.1:5123/media/ab/abcdef.png',
    );
  });

  it('desktop app: the studio://app/media/ scheme, no token', () => {
    expect(ipcMediaUrl('ab/abcdef.png')).toBe('studio://app/media/ab/abcdef.png');
  });

  it('encodes each segment but keeps the folders, and drops leading slashes', () => {
    expect(encodeMediaPath('/a b/c#d?.png')).toBe('a%20b/c%23d%3F.png');
    expect(httpMediaUrl('http://h:1', 't&x', 'x/y z.png')).toBe('http://h:1/media/x/y%20z.png?token=t%26x');
  });
});
