/**
 * @file A small async mutex. The catalog has one writer connection, and a long import keeps a
 * transaction open across awaits; every write takes this lock so nothing else's statements can
 * slip into that transaction.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #held = false;

  get held(): boolean {
    return this.#held;
  }

  async runExclusive<T>(task: () => Promise<T> | T): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#held = true;
    try {
      return await task();
    } finally {
      this.#held = false;
      release();
    }
  }
}
