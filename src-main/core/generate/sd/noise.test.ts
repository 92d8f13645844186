import { describe, expect, it } from 'vitest';
import { createMt19937, createNoise, initialLatents } from './noise';

describe('createMt19937', () => {
  it('produces the reference MT19937 stream (init_genrand seeding)', () => {
    // mt19937ar.c with init_genrand(5489) (the C++ std::mt19937 default seed).
    const u = createMt19937(5489);
    expect([u(), u(), u()]).toEqual([3499211612, 581869302, 3890346734]);
    // std::mt19937's 10000th output for the default seed is 4123659995 (C++11 standard).
    const v = createMt19937(5489);
    let last = 0;
    for (let i = 0; i < 10000; i++) last = v();
    expect(last).toBe(4123659995);
  });

  it('refuses seeds outside 0..2^32-1', () => {
    expect(() => createMt19937(-1)).toThrow(RangeError);
    expect(() => createMt19937(2 ** 32)).toThrow(RangeError);
    expect(() => createMt19937(1.5)).toThrow(RangeError);
  });
});

describe('createNoise (numpy RandomState.randn, §4.4)', () => {
  it('matches numpy.random.seed(0); randn(6)', () => {
    const n = createNoise(0);
    const got = Array.from({ length: 6 }, () => n.next());
    const want = [1.76405235, 0.40015721, 0.97873798, 2.2408932, 1.86755799, -0.97727788];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 8));
  });

  it('matches numpy.random.seed(12345); randn(10000)[-5:]', () => {
    const out = new Float32Array(10000);
    createNoise(12345).fill(out);
    const want = [-0.86285345, 2.15229409, -0.00670556, -1.21472309, 0.65498866];
    want.forEach((v, i) => expect(out[9995 + i]).toBeCloseTo(v, 6));
  });

  it('matches numpy bit for bit in float64 and for the largest seed', () => {
    // Printed by numpy 2.4 (repr, shortest round-trip).
    const n = createNoise(0);
    expect(n.next()).toBe(1.764052345967664);
    expect(n.next()).toBe(0.4001572083672233);
    const top = createNoise(4294967295);
    expect([top.next(), top.next(), top.next()]).toEqual([
      0.6484086742306527, 0.6693235306338161, -1.0805437227474493,
    ]);
  });

  it('continues one stream across fill() calls and odd lengths, like numpy', () => {
    const whole = new Float32Array(11);
    createNoise(7).fill(whole);
    const parts = createNoise(7);
    const a = new Float32Array(3);
    const b = new Float32Array(5);
    const c = new Float32Array(3);
    parts.fill(a);
    parts.fill(b);
    parts.fill(c);
    expect([...a, ...b, ...c]).toEqual(Array.from(whole));
    const mixed = createNoise(7);
    expect(Math.fround(mixed.next())).toBe(whole[0]);
    const rest = new Float32Array(10);
    mixed.fill(rest);
    expect(Array.from(rest)).toEqual(Array.from(whole.subarray(1)));
  });

  it('looks standard normal over a latent-sized draw', () => {
    const out = new Float32Array(4 * 64 * 64);
    createNoise(99).fill(out);
    let sum = 0;
    let sq = 0;
    for (const v of out) {
      sum += v;
      sq += v * v;
    }
    expect(Math.abs(sum / out.length)).toBeLessThan(0.03);
    expect(Math.abs(sq / out.length - 1)).toBeLessThan(0.04);
  });
});

describe('initialLatents', () => {
  it('is randn(length) · sigma in float32, into a given buffer', () => {
    const plain = initialLatents(3, 8);
    const scaled = initialLatents(3, 8, 14.6146);
    scaled.forEach((v, i) => expect(v).toBe(Math.fround(plain[i]! * 14.6146)));
    const buf = new Float32Array(8);
    expect(initialLatents(3, 8, 1, buf)).toBe(buf);
    expect(() => initialLatents(3, 8, 1, new Float32Array(4))).toThrow(/length/);
  });
});
