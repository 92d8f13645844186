import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, takeToken, withoutToken } from './token';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('takeToken', () => {
  it('reads ?token=, keeps it in storage and strips it from the address', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeToken({
      href: 'http://127.0.0.1:4000/?token=abc123&x=1#/poses',
      storage,
      replaceUrl: (url) => replaced.push(url),
    });
    expect(token).toBe('abc123');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(replaced).toEqual(['http://127.0.0.1:4000/?x=1#/poses']);
  });

  it('falls back to the stored token after a reload, without touching the address', () => {
    const replaced: string[] = [];
    const token = takeToken({
      href: 'http://127.0.0.1:4000/',
      storage: memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' }),
      replaceUrl: (url) => replaced.push(url),
    });
    expect(token).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('answers null when there is no token anywhere', () => {
    expect(
      takeToken({ href: 'http://h/', storage: memoryStorage(), replaceUrl: () => undefined }),
    ).toBeNull();
  });

  it('withoutToken leaves other parameters alone', () => {
    expect(withoutToken('http://h/a?b=2&token=t')).toBe('http://h/a?b=2');
  });
});
