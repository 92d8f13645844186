/**
 * @file Byte-array helpers shared by the writers that build a file from parts (PNG chunks,
 * safetensors, ONNX models and their appended fragments, external data files). Platform-free.
 */

/** The arrays one after another in one new Uint8Array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
