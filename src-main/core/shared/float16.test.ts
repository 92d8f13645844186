import { describe, expect, it } from 'vitest';
import { float16BitsToNumber, float32ToFloat16Bits, fromFloat16, toFloat16 } from './float16';
import { createRng } from '../generate/prng';

describe('float32 -> float16 bits', () => {
  it('matches the bit patterns of research note §4.4 (checked with DataView.setFloat16)', () => {
    const table: [number, number][] = [
      [1, 0x3c00],
      [2, 0x4000],
      [-2, 0xc000],
      [1.5, 0x3e00],
      [0.5, 0x3800],
      [65504, 0x7bff],
      [65520, 0x7c00],
      [0.1, 0x2e66],
      [2 ** -14, 0x0400],
      [2 ** -24, 0x0001],
      [2.98e-8, 0x0000],
      [-0, 0x8000],
      [0.18215, 0x31d4],
      [7.5, 0x4780],
      [999, 0x63ce],
    ];
    for (const [value, bits] of table) expect(float32ToFloat16Bits(value)).toBe(bits);
    expect(Array.from(toFloat16(Float32Array.from(table.map(([v]) => v))))).toEqual(table.map(([, b]) => b));
  });

  it('rounds ties to even, in normals and subnormals', () => {
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway, down to even
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway, up to even
    expect(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above halfway
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // half the smallest subnormal
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    expect(float32ToFloat16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400); // carry into the normals
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
    expect(float32ToFloat16Bits(1.5 * 2 ** -25)).toBe(0x0001); // above half the smallest subnormal
    expect(float32ToFloat16Bits(1023 * 2 ** -24)).toBe(0x03ff); // largest subnormal
    expect(float32ToFloat16Bits(2049)).toBe(0x6800); // halfway between 2048 and 2050, down to even
    expect(float32ToFloat16Bits(2051)).toBe(0x6802); // halfway between 2050 and 2052, up to even
    expect(float32ToFloat16Bits(1 / 3)).toBe(0x3555);
  });

  it('keeps infinities, NaN and signs', () => {
    expect(float32ToFloat16Bits(Infinity)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-Infinity)).toBe(0xfc00);
    expect(float32ToFloat16Bits(-1e9)).toBe(0xfc00);
    expect(float32ToFloat16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(float32ToFloat16Bits(NaN) & 0x3ff).not.toBe(0);
    expect(float32ToFloat16Bits(-1e-30)).toBe(0x8000);
    expect(float32ToFloat16Bits(1e-10)).toBe(0x0000);
    expect(float32ToFloat16Bits(0)).toBe(0x0000);
    expect(float32ToFloat16Bits(1e10)).toBe(0x7c00);
  });

  it('converts arrays as it converts single values and, where present, as DataView.setFloat16 does', () => {
    const rng = createRng(5);
    const values = new Float32Array(20000);
    for (let i = 0; i < values.length; i++) values[i] = (rng.next() - 0.5) * 2 ** (rng.int(50) - 30);
    const bits = toFloat16(values);
    const view = new DataView(new ArrayBuffer(2)) as DataView & {
      setFloat16?: (o: number, v: number) => void;
    };
    for (let i = 0; i < values.length; i++) {
      expect(bits[i]).toBe(float32ToFloat16Bits(values[i]!));
      if (view.setFloat16) {
        view.setFloat16(0, values[i]!);
        expect(bits[i]).toBe(view.getUint16(0));
      }
    }
  });
});

describe('float16 bits -> float32', () => {
  it('decodes every half exactly and round-trips every pattern (NaN as some NaN)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const values = fromFloat16(all);
    expect(values[0x3c00]).toBe(1);
    expect(values[0x0001]).toBe(2 ** -24);
    expect(values[0x7bff]).toBe(65504);
    expect(values[0xfc00]).toBe(-Infinity);
    expect(Number.isNaN(values[0x7e00])).toBe(true);
    expect(Object.is(values[0x8000], -0)).toBe(true);
    const back = toFloat16(values);
    for (let h = 0; h < 65536; h++) {
      if (Number.isNaN(values[h])) {
        // A NaN half comes back as a NaN: exponent bits all set, mantissa not zero.
        expect(back[h]! & 0x7c00).toBe(0x7c00);
        expect(back[h]! & 0x3ff).not.toBe(0);
        continue;
      }
      expect(back[h]).toBe(h);
      expect(float16BitsToNumber(h)).toBe(values[h]);
    }
  });

  it('writes into given buffers and checks their length', () => {
    const out = new Float32Array(2);
    expect(fromFloat16(Uint16Array.from([0x3c00, 0x4000]), out)).toBe(out);
    expect(Array.from(out)).toEqual([1, 2]);
    const half = new Uint16Array(2);
    expect(toFloat16(out, half)).toBe(half);
    expect(() => toFloat16(out, new Uint16Array(3))).toThrow(/length/);
    expect(() => fromFloat16(half, new Float32Array(1))).toThrow(/length/);
  });
});
