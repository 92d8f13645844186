import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { crc32 as zlibCrc32 } from 'node:zlib';
import {
  encodeTextChunk,
  formatParameters,
  generationTextEntries,
  insertPngText,
  readPngText,
  readPngTextEntries,
  type GenerationParameters,
} from './pngText';

async function tinyPng(): Promise<Uint8Array> {
  const buf = await sharp({
    create: { width: 3, height: 2, channels: 3, background: { r: 200, g: 10, b: 30 } },
  })
    .png()
    .toBuffer();
  return new Uint8Array(buf);
}

/** Chunk types in order, checking every CRC with zlib's implementation. */
function chunkTypes(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe(zlibCrc32(typeAndData));
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
    at += 12 + length;
  }
  return types;
}

const params: GenerationParameters = {
  prompt: 'a photo of a person, studio light',
  negativePrompt: 'blurry',
  steps: 20,
  scheduler: 'euler-a',
  guidance: 7.5,
  seed: 1234,
  width: 512,
  height: 768,
  modelName: 'v1-5-pruned-emaonly',
  modelHash: '6ce0161689',
  controlnetModel: 'control_v11p_sd15_openpose',
  controlnetScale: 0.8,
  poseId: 'p-42',
};

describe('insertPngText / readPngText', () => {
  it('adds tEXt chunks after IHDR with valid CRCs, readable by libvips', async () => {
    const png = await tinyPng();
    const tagged = insertPngText(png, { parameters: 'hello\nworld', seed: '7' });
    const types = chunkTypes(tagged);
    expect(types.slice(0, 3)).toEqual(['IHDR', 'tEXt', 'tEXt']);
    expect(types[types.length - 1]).toBe('IEND');
    expect(readPngText(tagged)).toEqual({ parameters: 'hello\nworld', seed: '7' });
    const meta = await sharp(tagged).metadata();
    expect(meta.comments).toEqual([
      { keyword: 'parameters', text: 'hello\nworld' },
      { keyword: 'seed', text: '7' },
    ]);
    const [a, b] = await Promise.all([sharp(png).raw().toBuffer(), sharp(tagged).raw().toBuffer()]);
    expect(b.equals(a)).toBe(true);
  });

  it('uses iTXt for text outside Latin-1 and Latin-1 tEXt for accents', async () => {
    const png = await tinyPng();
    const tagged = insertPngText(png, { prompt: 'ポーズ ✓ person', negative_prompt: 'café, naïve' });
    expect(chunkTypes(tagged).slice(1, 3)).toEqual(['iTXt', 'tEXt']);
    expect(readPngText(tagged)).toEqual({ prompt: 'ポーズ ✓ person', negative_prompt: 'café, naïve' });
    // Bytes 0x80-0x9f are ISO-8859-1 controls, not windows-1252 punctuation.
    const odd = insertPngText(png, { k: '\u0080\u009f\u00ff' });
    expect(readPngText(odd).k).toBe('\u0080\u009f\u00ff');
  });

  it('replaces text chunks with the same keys and keeps others', async () => {
    const png = await tinyPng();
    const once = insertPngText(png, { seed: '1', other: 'keep' });
    const twice = insertPngText(once, { seed: '2' });
    expect(readPngTextEntries(twice)).toEqual([
      { key: 'seed', value: '2' },
      { key: 'other', value: 'keep' },
    ]);
  });

  it('refuses non-PNG input and bad keywords', async () => {
    expect(() => insertPngText(new Uint8Array([1, 2, 3]), { a: 'b' })).toThrow(/not a PNG/);
    const png = await tinyPng();
    expect(() => insertPngText(png, { '': 'x' })).toThrow(/keyword/);
    expect(() => insertPngText(png, { ' lead': 'x' })).toThrow(/keyword/);
    expect(() => encodeTextChunk('k'.repeat(80), 'x')).toThrow(/keyword/);
    expect(() => readPngText(png.subarray(0, png.length - 20))).toThrow(/truncated/);
  });
});

describe('formatParameters', () => {
  it('writes the A1111 infotext', () => {
    expect(formatParameters(params)).toBe(
      [
        'a photo of a person, studio light',
        'Negative prompt: blurry',
        'Steps: 20, Sampler: Euler a, CFG scale: 7.5, Seed: 1234, Size: 512x768, Model hash: 6ce0161689, ' +
          'Model: v1-5-pruned-emaonly, ' +
          'ControlNet 0: "Module: none, Model: control_v11p_sd15_openpose, Weight: 0.8", Pose id: p-42',
      ].join('\n'),
    );
  });

  it('omits absent fields and quotes values with commas or colons', () => {
    const text = formatParameters({
      prompt: 'x',
      steps: 4,
      scheduler: 'lcm',
      guidance: 1,
      seed: 0,
      width: 64,
      height: 64,
      modelName: 'a:b',
    });
    expect(text).toBe('x\nSteps: 4, Sampler: LCM, CFG scale: 1, Seed: 0, Size: 64x64, Model: "a:b"');
  });

  it('gives the individual keys beside "parameters"', () => {
    const entries = generationTextEntries(params);
    expect(entries).toMatchObject({
      prompt: params.prompt,
      negative_prompt: 'blurry',
      seed: '1234',
      steps: '20',
      guidance: '7.5',
      scheduler: 'euler-a',
      controlnet_scale: '0.8',
      model_hash: '6ce0161689',
      pose_id: 'p-42',
    });
    expect(entries.parameters).toBe(formatParameters(params));
  });
});
