/**
 * @file jsdom has no 2D canvas (the `canvas` package is not installed), and Konva refuses to
 * build a stage on a null context. This installs a do-nothing 2D context that records the calls
 * the tests assert on (putImageData, drawImage, clearRect) per canvas, so the real Konva node tree, the
 * view's event handling and the preview's scheduling run in jsdom; only pixels are not produced.
 * It also gives elements a fixed client size, since jsdom lays nothing out.
 */

export type ContextCall = { method: string; args: unknown[] };

const RECORDED = new Set(['putImageData', 'drawImage', 'clearRect']);

function fakeContext(canvas: HTMLCanvasElement, calls: ContextCall[]): CanvasRenderingContext2D {
  const props: Record<string | symbol, unknown> = { canvas };
  const handler: ProxyHandler<Record<string | symbol, unknown>> = {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'createImageData' || key === 'getImageData')
        return (...args: unknown[]) => {
          const [w, h] = key === 'createImageData' ? args : args.slice(2);
          const width = Math.max(1, Number(w) | 0);
          const height = Math.max(1, Number(h) | 0);
          return { width, height, data: new Uint8ClampedArray(width * height * 4) };
        };
      if (key === 'measureText') return () => ({ width: 0 });
      if (typeof key === 'string' && RECORDED.has(key))
        return (...args: unknown[]) => void calls.push({ method: key, args });
      return () => undefined;
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  };
  return new Proxy(props, handler) as unknown as CanvasRenderingContext2D;
}

export type FakeCanvas = {
  /** Recorded calls on `canvas`'s context (empty when it never got one). */
  calls(canvas: HTMLCanvasElement): ContextCall[];
  restore(): void;
};

/** Install the fake context and a `width` x `height` client size on every element. */
export function installFakeCanvas(width = 800, height = 600): FakeCanvas {
  const registry = new WeakMap<
    HTMLCanvasElement,
    { context: CanvasRenderingContext2D; calls: ContextCall[] }
  >();
  const proto = HTMLCanvasElement.prototype;
  const getContext = proto.getContext;
  proto.getContext = function (this: HTMLCanvasElement) {
    let entry = registry.get(this);
    if (entry === undefined) {
      const calls: ContextCall[] = [];
      entry = { context: fakeContext(this, calls), calls };
      registry.set(this, entry);
    }
    return entry.context;
  } as unknown as typeof getContext; // one fake for every context id: only '2d' is ever asked for
  const element = HTMLElement.prototype;
  const sizes = ['clientWidth', 'clientHeight'].map(
    (name) => [name, Object.getOwnPropertyDescriptor(element, name)] as const,
  );
  Object.defineProperty(element, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(element, 'clientHeight', { configurable: true, get: () => height });
  return {
    calls: (canvas) => registry.get(canvas)?.calls ?? [],
    restore() {
      proto.getContext = getContext;
      for (const [name, descriptor] of sizes) {
        if (descriptor) Object.defineProperty(element, name, descriptor);
        else delete (element as unknown as Record<string, unknown>)[name];
      }
    },
  };
}

/** A manual requestAnimationFrame: callbacks wait until `flush()`. */
export function manualFrames(): { pending(): number; flush(): void; restore(): void } {
  let queue = new Map<number, FrameRequestCallback>();
  let next = 1;
  const raf = globalThis.requestAnimationFrame;
  const caf = globalThis.cancelAnimationFrame;
  globalThis.requestAnimationFrame = (callback) => {
    queue.set(next, callback);
    return next++;
  };
  globalThis.cancelAnimationFrame = (id) => void queue.delete(id);
  return {
    pending: () => queue.size,
    flush() {
      const run = queue;
      queue = new Map();
      for (const callback of run.values()) callback(performance.now());
    },
    restore() {
      globalThis.requestAnimationFrame = raf;
      globalThis.cancelAnimationFrame = caf;
    },
  };
}
