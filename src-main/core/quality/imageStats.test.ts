import { describe, expect, it } from 'vitest';
import { decide, emptyScores } from './scores';
import {
  brightnessPercentiles,
  entropy,
  hammingDistance,
  laplacianVariance,
  perceptualHash,
} from './imageStats';
import { measureImage } from './measure';
import { createRng } from '../generate/prng';
import type { ImageView } from './resample';

function image(w: number, h: number, colour: (x: number, y: number) => number): ImageView {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) data.fill(colour(x, y), (y * w + x) * 3, (y * w + x) * 3 + 3);
  }
  return { data, width: w, height: h, channels: 3 };
}

/** A smooth scene with a few shapes: what a real picture looks like to a 32 x 32 hash. */
const scene = (x: number, y: number): number =>
  Math.round(60 + 0.5 * x + 40 * Math.sin(y / 9) + ((x - 40) ** 2 + (y - 50) ** 2 < 400 ? 90 : 0));

describe('image statistics', () => {
  it('a flat image has zero Laplacian variance and zero entropy', () => {
    const gray = new Float32Array(64 * 64).fill(120);
    expect(laplacianVariance(gray, 64, 64)).toBe(0);
    expect(entropy(gray)).toBe(0);
  });

  it('a linear gradient has no Laplacian either, a checkerboard a large one', () => {
    const ramp = Float32Array.from({ length: 32 * 32 }, (_, i) => (i % 32) * 4);
    expect(laplacianVariance(ramp, 32, 32)).toBeCloseTo(0, 6);
    const checker = Float32Array.from({ length: 32 * 32 }, (_, i) =>
      ((i % 32) + Math.floor(i / 32)) % 2 ? 255 : 0,
    );
    expect(laplacianVariance(checker, 32, 32)).toBeGreaterThan(1e5);
  });

  it('entropy is 1 bit for two equal halves and 8 bits for a uniform histogram', () => {
    expect(entropy(Float32Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : 255)))).toBeCloseTo(1, 6);
    expect(entropy(Float32Array.from({ length: 256 }, (_, i) => i))).toBeCloseTo(8, 6);
  });

  it('brightness percentiles of a half-black, half-white image', () => {
    const img = image(10, 10, (x) => (x < 5 ? 0 : 255));
    expect(brightnessPercentiles(img, [5, 99])).toEqual([0, 1]);
  });
});

describe('image checks (measureImage + decide)', () => {
  const imageReasons = (img: ImageView): string[] => {
    const m = measureImage(img);
    const scores = {
      ...emptyScores(),
      'image.blur': m.blur,
      'image.dark': m.dark,
      'image.bright': m.bright,
      'image.entropy': m.entropy,
    };
    return decide(scores, {}, { groups: ['image'] }).failed;
  };

  it('flags a flat grey image as blurry and low-information, but not dark or bright', () => {
    expect(imageReasons(image(64, 64, () => 128))).toEqual(['image.blur', 'image.entropy']);
  });

  it('flags a dark picture as dark and a washed-out one as bright', () => {
    expect(imageReasons(image(64, 64, (x, y) => Math.round(scene(x, y) * 0.15)))).toContain('image.dark');
    expect(imageReasons(image(64, 64, (x, y) => 235 + (scene(x, y) % 20)))).toContain('image.bright');
  });

  it('passes an ordinary detailed picture', () => {
    const rng = createRng(7);
    expect(
      imageReasons(image(128, 128, (x, y) => Math.min(255, scene(x, y) + Math.floor(rng.next() * 30)))),
    ).toEqual([]);
  });
});

describe('perceptual hash', () => {
  const hashOf = (img: ImageView): string => measureImage(img).phash;

  it('is 16 hex digits', () => {
    expect(hashOf(image(96, 96, scene))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a slightly noised copy is within a few bits; a different picture is far', () => {
    const rng = createRng(1);
    const base = hashOf(image(96, 96, scene));
    const noisy = hashOf(
      image(96, 96, (x, y) => Math.max(0, Math.min(255, scene(x, y) + Math.round((rng.next() - 0.5) * 16)))),
    );
    const other = hashOf(image(96, 96, (x, y) => Math.round(128 + 100 * Math.cos(x / 7) * Math.cos(y / 11))));
    expect(hammingDistance(base, noisy)).toBeLessThanOrEqual(4);
    expect(hammingDistance(base, other)).toBeGreaterThanOrEqual(20);
  });

  it('hamming distance counts differing bits and needs equal lengths', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00f0', '0070')).toBe(1);
    expect(() => hammingDistance('00', '000')).toThrow();
    expect(() => perceptualHash(new Float32Array(10))).toThrow();
  });
});
