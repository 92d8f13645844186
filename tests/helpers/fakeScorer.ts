/**
 * @file A stand-in QualityScorer for scoring tests, loaded by path in the quality worker threads
 * (StudioOptions.scorerModule). Scores are deterministic functions of the pixels: every check
 * gets a value in [0, 2 x its default threshold], face checks apply only when the pose shows a
 * nose, one face sits on the nose, and the hash is an 8 x 8 average hash. It can be slowed down
 * (FAKE_SCORER_DELAY_MS, read when each worker starts) to pause a job mid-way.
 */
import { CHECKS } from '../../src-main/core/quality/checks';

export const fakeScorerModule = __filename;

type Input = {
  rgb: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  keypoints: readonly (readonly [number, number, number])[];
};

/** 64-bit average hash (16 hex digits): each bit says whether an 8 x 8 cell is brighter than the mean. */
function averageHash(input: Input): string {
  const cells = new Float64Array(64);
  for (let y = 0; y < input.height; y += 1) {
    for (let x = 0; x < input.width; x += 1) {
      const o = (y * input.width + x) * input.channels;
      const cell = Math.floor((y * 8) / input.height) * 8 + Math.floor((x * 8) / input.width);
      cells[cell]! += input.rgb[o]! + input.rgb[o + 1]! + input.rgb[o + 2]!;
    }
  }
  const mean = cells.reduce((a, b) => a + b, 0) / 64;
  let hex = '';
  for (let n = 0; n < 16; n += 1) {
    let nibble = 0;
    for (let b = 0; b < 4; b += 1) nibble = (nibble << 1) | (cells[n * 4 + b]! > mean ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** FNV-1a over the pixels and a salt, as a fraction in [0, 1). */
function fraction(bytes: Uint8Array, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < bytes.length; i += 7) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

export class QualityScorer {
  private constructor(private readonly delayMs: number) {}

  static async create(): Promise<QualityScorer> {
    return new QualityScorer(Number(process.env.FAKE_SCORER_DELAY_MS ?? 0));
  }

  async score(input: Input) {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const nose = input.keypoints[0];
    const faceShown = nose !== undefined && nose[2] === 2;
    const scores: Record<string, number | null> = {};
    CHECKS.forEach((check, i) => {
      const applies = check.id !== 'image.duplicate' && (check.group === 'image' || faceShown);
      scores[check.id] = applies ? 2 * check.threshold * fraction(input.rgb, i + 1) : null;
    });
    const faces = faceShown
      ? [{ box: [nose[0] - 4, nose[1] - 4, 8, 8], score: 0.9, keypoints: [[nose[0], nose[1]]] }]
      : [];
    return { scores, faces, phash: averageHash(input) };
  }

  dispose(): void {}
}
