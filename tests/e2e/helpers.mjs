// Helpers shared by the end-to-end steps: the contract over HTTP, assertions, waiting for jobs
// and texts, and counting drawn canvas pixels.
export async function rpc(origin, token, method, input) {
  const response = await fetch(`${origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const envelope = await response.json();
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Poll jobs.list until job `id` is done; fail on failed/cancelled or after `timeout` ms. */
export async function waitForJobAt(origin, token, id, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const { items } = await rpc(origin, token, 'jobs.list', { limit: 200 });
    const job = items.find((item) => item.id === id);
    if (job?.state === 'done') return job;
    if (job && ['failed', 'cancelled'].includes(job.state))
      throw new Error(`job ${id} ${job.state}: ${job.error}`);
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state ?? 'missing'} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function expectText(locator, text, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let seen = '';
  while (Date.now() < deadline) {
    seen = ((await locator.textContent({ timeout }).catch(() => '')) ?? '').trim();
    if (seen === text) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`expected "${text}", saw "${seen}"`);
}

/** Pixels of a canvas that are neither the thumbnail background nor the pose frame colour. */
export async function drawnPixels(canvasLocator) {
  return canvasLocator.evaluate((canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const background = [
      [0x16, 0x18, 0x1c],
      [0x22, 0x25, 0x2b],
    ];
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const near = background.some(
        ([r, g, b]) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 24,
      );
      if (!near) count += 1;
    }
    return count;
  });
}
