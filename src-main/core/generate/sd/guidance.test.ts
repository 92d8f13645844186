import { describe, expect, it } from 'vitest';
import {
  applyGuidance,
  controlImageTensor,
  controlScaleAt,
  latentPreviewRgba,
  latentsForDecoder,
  repeatBatch,
  scaleInPlace,
  scaleLatents,
  scaleResiduals,
  SD15_LATENT_RGB,
  SD15_VAE_SCALING_FACTOR,
  vaeOutputToRgba,
} from './guidance';

describe('classifier-free guidance', () => {
  it('computes u + g·(c − u) from [uncond; cond]', () => {
    const batched = Float32Array.from([1, 2, -1, /* cond */ 3, 2, 1]);
    expect(Array.from(applyGuidance(batched, 7.5))).toEqual([16, 2, 14]);
    expect(Array.from(applyGuidance(batched, 1))).toEqual([3, 2, 1]); // g = 1: the cond output
    expect(Array.from(applyGuidance(batched, 0))).toEqual([1, 2, -1]);
    const out = new Float32Array(3);
    expect(applyGuidance(batched, 2, out)).toBe(out);
    expect(() => applyGuidance(new Float32Array(3), 2)).toThrow(/halves/);
    expect(() => applyGuidance(batched, 2, new Float32Array(6))).toThrow(/length/);
  });

  it('duplicates batches for CFG', () => {
    const x = Float32Array.from([1, 2, 3]);
    expect(Array.from(repeatBatch(x))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(Array.from(repeatBatch(x, 3))).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
    const out = new Float32Array(6);
    expect(repeatBatch(x, 2, out)).toBe(out);
  });
});

describe('ControlNet helpers', () => {
  it('scales residuals in place', () => {
    const down = Float32Array.from([1, -2]);
    const mid = Float32Array.from([4]);
    scaleResiduals([down, mid], 0.5);
    expect(Array.from(down)).toEqual([0.5, -1]);
    expect(Array.from(mid)).toEqual([2]);
    const same = Float32Array.from([3]);
    expect(scaleInPlace(same, 1)).toBe(same);
  });

  it('drops the ControlNet outside control_guidance_start/end', () => {
    expect(controlScaleAt(0, 10, 0.8)).toBe(0.8);
    expect(controlScaleAt(9, 10, 0.8)).toBe(0.8);
    expect(controlScaleAt(1, 10, 0.8, 0.2)).toBe(0); // 0.1 < start
    expect(controlScaleAt(2, 10, 0.8, 0.2)).toBe(0.8);
    expect(controlScaleAt(7, 10, 0.8, 0, 0.7)).toBe(0); // (7+1)/10 > end
    expect(controlScaleAt(6, 10, 0.8, 0, 0.7)).toBe(0.8);
  });

  it('turns an RGBA condition map into NCHW RGB in [0, 1], repeated for CFG', () => {
    // 2×1 image: red-ish and blue-ish pixels, alpha ignored.
    const rgba = Uint8ClampedArray.from([255, 51, 0, 9, 0, 0, 255, 255]);
    const t = controlImageTensor(rgba, 2, 1, 2);
    expect(t).toHaveLength(12);
    const one = [1, 0, Math.fround(51 / 255), 0, 0, 1];
    expect(Array.from(t)).toEqual([...one, ...one]);
    expect(() => controlImageTensor(rgba, 3, 1)).toThrow(/RGBA length/);
  });
});

describe('VAE helpers', () => {
  it('scales latents by the VAE factor both ways', () => {
    expect(SD15_VAE_SCALING_FACTOR).toBe(0.18215);
    const z = Float32Array.from([1, -2]);
    const scaled = scaleLatents(z);
    expect(scaled[0]).toBeCloseTo(0.18215, 7);
    const back = latentsForDecoder(scaled);
    expect(back[1]).toBeCloseTo(-2, 6);
    const out = new Float32Array(2);
    expect(latentsForDecoder(z, 0.5, out)).toBe(out);
    expect(Array.from(out)).toEqual([2, -4]);
  });

  it('maps decoder output to RGBA8 with clip and round-half-even', () => {
    // 2×1 image, NCHW planes R, G, B.
    const sample = Float32Array.from([-1, 1, /* G */ 0, 5, /* B */ -3, 2 * (128.5 / 255) - 1]);
    const rgba = vaeOutputToRgba(sample, 2, 1);
    expect(Array.from(rgba)).toEqual([0, 128, 0, 255, 255, 255, 128, 255]);
    // 0 -> 127.5 -> 128; the last value is exactly 128.5 in float32 -> 128 (even; Math.round gives 129).
  });

  it('picks one image of a batch and checks sizes', () => {
    const two = new Float32Array(2 * 3 * 1).fill(-1);
    two.fill(1, 3);
    expect(Array.from(vaeOutputToRgba(two, 1, 1, 1))).toEqual([255, 255, 255, 255]);
    expect(() => vaeOutputToRgba(two, 1, 1, 2)).toThrow(/too short/);
    expect(() => vaeOutputToRgba(two, 1, 1, 0, new Uint8ClampedArray(3))).toThrow(/length/);
  });
});

describe('latent preview', () => {
  it('applies the A1111 linear approximation at latent resolution', () => {
    // 1×1 latent per image: channels (1, 0, 0, 0) -> row 0 of the table.
    const latent = Float32Array.from([1, 0, 0, 0]);
    const rgba = latentPreviewRgba(latent, 1, 1);
    const expected = SD15_LATENT_RGB[0].map((w) => Math.round((w * 0.5 + 0.5) * 255));
    expect(Array.from(rgba)).toEqual([...expected, 255]);
    const dark = latentPreviewRgba(Float32Array.from([0, 0, 0, 10]), 1, 1);
    expect(Array.from(dark)).toEqual([0, 0, 0, 255]);
    expect(() => latentPreviewRgba(latent, 2, 1)).toThrow(/too short/);
  });
});
