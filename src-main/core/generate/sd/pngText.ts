/**
 * @file Generation parameters inside PNG files: text chunks inserted right after IHDR of an already
 * encoded PNG (tEXt when key and value are Latin-1, as PIL's PngInfo.add_text does, else an
 * uncompressed iTXt in UTF-8), a reader for tEXt/iTXt, and the AUTOMATIC1111-style "parameters"
 * text that other tools (A1111, ComfyUI loaders, civitai) recognise. Pure Uint8Array in and out.
 */
import { concatBytes } from '../../shared/bytes';
import { crc32 } from '../../shared/zip';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

interface Chunk {
  type: string;
  /** Offset of the length field; the chunk spans [start, end). */
  start: number;
  end: number;
  data: Uint8Array;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function* chunks(png: Uint8Array): Generator<Chunk> {
  if (png.length < 8 || SIGNATURE.some((v, i) => png[i] !== v)) throw new Error('not a PNG file');
  let at = 8;
  while (at + 12 <= png.length) {
    const length = readU32(png, at);
    const end = at + 12 + length;
    if (end > png.length) throw new Error('truncated PNG chunk');
    const type = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    yield { type, start: at, end, data: png.subarray(at + 8, at + 8 + length) };
    if (type === 'IEND') return;
    at = end;
  }
}

/** Bytes as ISO-8859-1 (TextDecoder's 'latin1' is windows-1252, which differs at 0x80-0x9f). */
function latin1String(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(i + 8192, bytes.length)));
  }
  return out;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function checkKeyword(key: string): void {
  // PNG keywords: 1-79 Latin-1 printable characters, no leading/trailing/double spaces.
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(key) || /^ | $| {2}/.test(key)) {
    throw new Error(`invalid PNG text keyword "${key}"`);
  }
}

/** One tEXt or iTXt chunk with its length, type and CRC. */
export function encodeTextChunk(key: string, value: string): Uint8Array {
  checkKeyword(key);
  const keyBytes = latin1Bytes(key);
  let type: string;
  let body: Uint8Array;
  if (isLatin1(value)) {
    type = 'tEXt';
    const text = latin1Bytes(value);
    body = new Uint8Array(keyBytes.length + 1 + text.length);
    body.set(keyBytes);
    body.set(text, keyBytes.length + 1);
  } else {
    // iTXt: keyword, 0, compression flag 0, method 0, empty language, 0, empty translated key, 0, UTF-8.
    type = 'iTXt';
    const text = utf8Encoder.encode(value);
    body = new Uint8Array(keyBytes.length + 5 + text.length);
    body.set(keyBytes);
    body.set(text, keyBytes.length + 5);
  }
  const chunk = new Uint8Array(12 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(body, 8);
  view.setUint32(8 + body.length, crc32(chunk.subarray(4, 8 + body.length)));
  return chunk;
}

function textKey(chunk: Chunk): string | null {
  if (chunk.type !== 'tEXt' && chunk.type !== 'iTXt' && chunk.type !== 'zTXt') return null;
  const nul = chunk.data.indexOf(0);
  return nul < 0 ? null : latin1String(chunk.data.subarray(0, nul));
}

/**
 * A copy of `png` with one text chunk per entry right after IHDR (so readers that stop early still
 * see them). Existing text chunks with the same keys are dropped, so re-tagging replaces.
 */
export function insertPngText(png: Uint8Array, entries: Readonly<Record<string, string>>): Uint8Array {
  const keys = new Set(Object.keys(entries));
  const added = Object.entries(entries).map(([k, v]) => encodeTextChunk(k, v));
  const kept: Uint8Array[] = [png.subarray(0, 8)];
  let sawIhdr = false;
  for (const chunk of chunks(png)) {
    const key = textKey(chunk);
    if (key !== null && keys.has(key)) continue;
    kept.push(png.subarray(chunk.start, chunk.end));
    if (chunk.type === 'IHDR') {
      sawIhdr = true;
      kept.push(...added);
    }
  }
  if (!sawIhdr) throw new Error('PNG has no IHDR chunk');
  return concatBytes(kept);
}

function decodeItxt(data: Uint8Array, keyEnd: number): string | null {
  const compressed = data[keyEnd + 1];
  if (compressed !== 0) return null; // zlib-compressed iTXt needs inflate; not written by us.
  const langEnd = data.indexOf(0, keyEnd + 3);
  const transEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1);
  if (transEnd < 0) return null;
  return utf8Decoder.decode(data.subarray(transEnd + 1));
}

/** The tEXt and uncompressed iTXt entries of `png`, in file order (zTXt/compressed iTXt skipped). */
export function readPngTextEntries(png: Uint8Array): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const chunk of chunks(png)) {
    const key = textKey(chunk);
    if (key === null) continue;
    const keyEnd = key.length;
    if (chunk.type === 'tEXt') out.push({ key, value: latin1String(chunk.data.subarray(keyEnd + 1)) });
    else if (chunk.type === 'iTXt') {
      const value = decodeItxt(chunk.data, keyEnd);
      if (value !== null) out.push({ key, value });
    }
  }
  return out;
}

/** The text entries as a record (the first chunk wins when a key repeats). */
export function readPngText(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of readPngTextEntries(png)) if (!(key in out)) out[key] = value;
  return out;
}

/** What a generated image records about how it was made. */
export interface GenerationParameters {
  prompt: string;
  negativePrompt?: string;
  steps: number;
  /** Scheduler name as the studio calls it: 'ddim' | 'euler-a' | 'lcm' (or another string). */
  scheduler: string;
  guidance: number;
  seed: number;
  width: number;
  height: number;
  modelName?: string;
  /** Short model hash (e.g. the first 10 hex digits of a SHA-256), A1111's "Model hash". */
  modelHash?: string;
  controlnetModel?: string;
  controlnetScale?: number;
  poseId?: string;
}

const A1111_SAMPLERS: Readonly<Record<string, string>> = { ddim: 'DDIM', 'euler-a': 'Euler a', lcm: 'LCM' };

/** A1111's infotext quoting: values with ',', ':' or a newline become JSON strings. */
function quote(value: string): string {
  return /[,:\n]/.test(value) ? JSON.stringify(value) : value;
}

/**
 * The AUTOMATIC1111 "parameters" text: prompt, "Negative prompt: …" line, then "Key: value" pairs
 * joined with ", " (Steps, Sampler, CFG scale, Seed, Size, Model hash, Model, ControlNet 0, Pose id).
 */
export function formatParameters(p: GenerationParameters): string {
  const pairs: [string, string | undefined][] = [
    ['Steps', String(p.steps)],
    ['Sampler', A1111_SAMPLERS[p.scheduler] ?? p.scheduler],
    ['CFG scale', String(p.guidance)],
    ['Seed', String(p.seed)],
    ['Size', `${p.width}x${p.height}`],
    ['Model hash', p.modelHash],
    ['Model', p.modelName],
  ];
  if (p.controlnetScale !== undefined || p.controlnetModel !== undefined) {
    const model = p.controlnetModel ?? 'openpose';
    const weight = p.controlnetScale ?? 1;
    pairs.push(['ControlNet 0', `Module: none, Model: ${model}, Weight: ${weight}`]);
  }
  pairs.push(['Pose id', p.poseId]);
  const settings = pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([k, v]) => `${k}: ${quote(v)}`)
    .join(', ');
  const lines = [p.prompt];
  if (p.negativePrompt) lines.push(`Negative prompt: ${p.negativePrompt}`);
  lines.push(settings);
  return lines.join('\n');
}

/** The text chunks the studio writes: "parameters" plus one key per field (absent fields omitted). */
export function generationTextEntries(p: GenerationParameters): Record<string, string> {
  const entries: Record<string, string> = { parameters: formatParameters(p), prompt: p.prompt };
  if (p.negativePrompt !== undefined) entries.negative_prompt = p.negativePrompt;
  entries.seed = String(p.seed);
  entries.steps = String(p.steps);
  entries.guidance = String(p.guidance);
  entries.scheduler = p.scheduler;
  if (p.controlnetScale !== undefined) entries.controlnet_scale = String(p.controlnetScale);
  if (p.modelHash !== undefined) entries.model_hash = p.modelHash;
  if (p.poseId !== undefined) entries.pose_id = p.poseId;
  return entries;
}
