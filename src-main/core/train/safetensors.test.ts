import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from './safetensors';

function sample(): NamedTensor[] {
  return [
    { name: 'w', dtype: 'F32', shape: [2, 3], data: new Float32Array([1, -2.5, 3, 0.1, -0, 1e-40]) },
    { name: 'flag', dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
    { name: 'half', dtype: 'F16', shape: [2], data: new Uint16Array([0x3c00, 0xc000]) },
    { name: 'step', dtype: 'I64', shape: [], data: new BigInt64Array([-(2n ** 40n)]) },
    { name: 'd', dtype: 'F64', shape: [1], data: new Float64Array([Math.PI]) },
    { name: 'i', dtype: 'I32', shape: [2, 1], data: new Int32Array([-7, 2 ** 31 - 1]) },
    { name: 'bytes', dtype: 'U8', shape: [1], data: new Uint8Array([255]) },
    { name: 'empty', dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  ];
}

/** A file from parts: header JSON text (unpadded) and raw data bytes. */
function handMade(header: string, data: number[]): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors encode/decode', () => {
  it('round-trips every dtype, metadata and empty/scalar shapes bit-exactly', () => {
    const tensors = sample();
    const bytes = encodeSafetensors(tensors, { format: 'pt', note: 'héllo' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const decoded = decodeSafetensors(bytes);
    expect(decoded.metadata).toEqual({ format: 'pt', note: 'héllo' });
    expect(decoded.tensors.map((t) => t.name)).toEqual(tensors.map((t) => t.name));
    decoded.tensors.forEach((tensor, i) => {
      const original = tensors[i]!;
      expect(tensor.dtype).toBe(original.dtype);
      expect(tensor.shape).toEqual(original.shape);
      expect(tensor.data.constructor).toBe(original.data.constructor);
      expect(new Uint8Array(tensor.data.buffer)).toEqual(
        new Uint8Array(original.data.buffer, original.data.byteOffset, original.data.byteLength),
      );
    });
  });

  it('copies tensors out of a Node Buffer (whose slice() is a view into a shared pool)', () => {
    const bytes = Buffer.from(encodeSafetensors(sample()));
    const w = decodeSafetensors(bytes).tensors[0]!;
    expect(w.data.buffer.byteLength).toBe(24);
    expect(Array.from(w.data as Float32Array)).toEqual(
      Array.from(new Float32Array([1, -2.5, 3, 0.1, -0, 1e-40])),
    );
  });

  it('decodes a hand-made file that follows the spec (unpadded header, key order != data order)', () => {
    const header =
      '{"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]},' +
      '"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    // a = [1.0, -2.0] as little-endian float32, b = [258] as little-endian int32
    const data = [0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 2, 1, 0, 0];
    const file = decodeSafetensors(handMade(header, data));
    expect(file.metadata).toEqual({ k: 'v' });
    expect(file.tensors.map((t) => t.name)).toEqual(['a', 'b']);
    expect(Array.from(file.tensors[0]!.data as Float32Array)).toEqual([1, -2]);
    expect(Array.from(file.tensors[1]!.data as Float32Array)).toEqual([258]);
  });

  it('rejects malformed files with errors naming the problem', () => {
    const ok = encodeSafetensors(sample());
    expect(() => decodeSafetensors(ok.subarray(0, 5))).toThrow(/truncated file.*no header length/);
    expect(() => decodeSafetensors(ok.subarray(0, 20))).toThrow(/truncated file: header needs/);
    expect(() => decodeSafetensors(ok.subarray(0, ok.length - 1))).toThrow(/out of range.*truncated/);
    expect(() => decodeSafetensors(handMade('{"a": [', []))).toThrow(/bad header JSON/);
    expect(() => decodeSafetensors(handMade('[1]', []))).toThrow(/bad header JSON/);
    const f32 = (offsets: string, shape = '[1]', dtype = 'F32'): string =>
      `"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}`;
    const two = (a: string, b: string): string => `{"a":{${a}},"b":{${b}}}`;
    const eight = [0, 0, 0, 0, 0, 0, 0, 0];
    expect(() => decodeSafetensors(handMade(two(f32('[0,4]'), f32('[2,6]')), eight))).toThrow(/overlaps/);
    expect(() => decodeSafetensors(handMade(two(f32('[0,4]'), f32('[6,10]')), [...eight, 0, 0]))).toThrow(
      /gap in the data before tensor 'b'/,
    );
    expect(() => decodeSafetensors(handMade(`{"a":{${f32('[0,4]')}}}`, eight))).toThrow(/4 trailing bytes/);
    expect(() => decodeSafetensors(handMade(`{"a":{${f32('[0,8]')}}}`, eight))).toThrow(
      /F32 \[1\] needs 4 bytes, data_offsets span 8/,
    );
    expect(() => decodeSafetensors(handMade(`{"a":{${f32('[0,4]', '[1]', 'BF16')}}}`, [0, 0, 0, 0]))).toThrow(
      /unsupported dtype "BF16"/,
    );
    expect(() => decodeSafetensors(handMade(`{"a":{${f32('[4,0]')}}}`, [0, 0, 0, 0]))).toThrow(/reversed/);
    expect(() => decodeSafetensors(handMade(`{"a":{${f32('[0,1]', '[1]', 'BOOL')}}}`, [2]))).toThrow(
      /0 or 1/,
    );
    expect(() => decodeSafetensors(handMade('{"__metadata__":{"k":1}}', []))).toThrow(/'k' is not a string/);
  });

  it('rejects bad tensors when encoding', () => {
    const t = (over: Partial<NamedTensor>): NamedTensor[] => [
      { name: 'x', dtype: 'F32', shape: [2], data: new Float32Array(2), ...over },
    ];
    expect(() => encodeSafetensors(t({ shape: [3] }))).toThrow(/needs 3 elements, got 2/);
    expect(() => encodeSafetensors(t({ dtype: 'F64' }))).toThrow(/needs a Float64Array/);
    expect(() => encodeSafetensors(t({ name: '__metadata__' }))).toThrow(/bad name/);
    expect(() => encodeSafetensors([...t({}), ...t({})])).toThrow(/duplicate/);
  });

  it('writes files that a standard-library python3 parser reads (header layout and values)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
    try {
      const path = join(dir, 'x.safetensors');
      writeFileSync(path, encodeSafetensors(sample(), { step: '12' }));
      const script = [
        'import json, struct, sys',
        'b = open(sys.argv[1], "rb").read()',
        'n = struct.unpack("<Q", b[:8])[0]',
        'h = json.loads(b[8:8 + n])',
        'w = h["w"]; s, e = w["data_offsets"]',
        'vals = struct.unpack("<6f", b[8 + n + s:8 + n + e])',
        'd = h["d"]; ds, de = d["data_offsets"]',
        'print(json.dumps({"n": n, "meta": h["__metadata__"], "w": w, "vals": vals,',
        '  "pi": struct.unpack("<d", b[8 + n + ds:8 + n + de])[0], "size": len(b),',
        '  "end": max(v["data_offsets"][1] for k, v in h.items() if k != "__metadata__")}))',
      ].join('\n');
      const out = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as {
        n: number;
        meta: Record<string, string>;
        w: { dtype: string; shape: number[]; data_offsets: number[] };
        vals: number[];
        pi: number;
        size: number;
        end: number;
      };
      expect(out.n % 8).toBe(0);
      expect(out.meta).toEqual({ step: '12' });
      expect(out.w).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
      expect(out.vals).toEqual(Array.from(new Float32Array([1, -2.5, 3, 0.1, -0, 1e-40])));
      expect(out.pi).toBe(Math.PI);
      expect(out.size).toBe(8 + out.n + out.end);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
