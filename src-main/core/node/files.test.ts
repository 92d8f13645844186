import { describe, expect, it } from 'vitest';
import { resolveInside } from './files';

describe('resolveInside', () => {
  it('keeps paths strictly inside the root', () => {
    expect(resolveInside('/srv/r', 'a/b.txt')).toBe('/srv/r/a/b.txt');
    expect(resolveInside('/srv/r', '../x')).toBeNull();
    expect(resolveInside('/srv/r', '.')).toBeNull();
    expect(resolveInside('/srv/r', '/etc/passwd')).toBeNull();
    expect(resolveInside('/srv/r', 'a/../../x')).toBeNull();
    expect(resolveInside('/srv/r', 'a\0b')).toBeNull();
    expect(resolveInside('/srv/r', '')).toBeNull();
  });
});
