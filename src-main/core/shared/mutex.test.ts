import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex';

describe('Mutex', () => {
  it('runs tasks one at a time in call order, even across awaits', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const task = (name: string, ms: number) =>
      mutex.runExclusive(async () => {
        log.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`${name}:end`);
        return name;
      });
    const results = await Promise.all([task('a', 20), task('b', 1), task('c', 5)]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('releases the lock when a task throws', async () => {
    const mutex = new Mutex();
    await expect(mutex.runExclusive(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(mutex.held).toBe(false);
    await expect(mutex.runExclusive(() => 7)).resolves.toBe(7);
  });
});
