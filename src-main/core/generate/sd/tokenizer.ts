/**
 * @file The CLIP BPE tokenizer of SD 1.x text encoders, rebuilt from a model folder's
 * tokenizer/vocab.json and merges.txt (no Python, no tokenizer ONNX op). It follows transformers'
 * CLIPTokenizer without ftfy (research note §1.6):
 * 1. normalise like BERT's BasicTokenizer(strip_accents=False, do_split_on_punc=False): drop NUL,
 *    U+FFFD and control/format characters (category C except \t \n \r), map whitespace to spaces,
 *    space out CJK ideographs, NFC, split on whitespace, lowercase, join with single spaces;
 * 2. split with the CLIP regex (u and i flags): special tokens, 's 't 're 've 'm 'll 'd, letter
 *    runs, single digits, runs of other non-space characters;
 * 3. map each piece's UTF-8 bytes through GPT-2's bytes_to_unicode table;
 * 4. BPE with `</w>` on the last symbol, always merging the pair of lowest rank (= merges.txt line
 *    order), results cached per piece; unknown tokens become the unk id (<|endoftext|>);
 * 5. [bos] + ids cut to maxLength − 2 + [eos], padded to maxLength with the pad id.
 */

/** The CLIP pre-tokenizer pattern (transformers tokenization_clip.py), for JS with the u+i flags. */
export const CLIP_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

/** HF reads merges.txt lines [1 : 49152 − 256 − 2 + 1]: at most this many merges. */
export const CLIP_MAX_MERGES = 49152 - 256 - 2;

export const CLIP_BOS = '<|startoftext|>';
export const CLIP_EOS = '<|endoftext|>';

/** GPT-2 bytes_to_unicode: printable Latin-1 bytes map to themselves, the other 68 to U+0100 on. */
export const BYTE_TO_UNICODE: readonly string[] = (() => {
  const table: string[] = new Array<string>(256);
  const printable = (b: number): boolean =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  for (let b = 0; b < 256; b++) table[b] = String.fromCharCode(printable(b) ? b : 256 + extra++);
  return table;
})();

/** Code points BERT's _tokenize_chinese_chars spaces out (CJK Unified Ideographs blocks). */
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

const CONTROL = /\p{C}/u;
const SPACE_SEPARATOR = /\p{Zs}/u;

/** Step 1: BasicTokenizer(strip_accents=False, do_split_on_punc=False) joined with spaces. */
export function normalizeClipText(text: string): string {
  let cleaned = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || SPACE_SEPARATOR.test(ch)) cleaned += ' ';
    else if (cp === 0 || cp === 0xfffd || CONTROL.test(ch)) continue;
    else if (isCjk(cp)) cleaned += ` ${ch} `;
    else cleaned += ch;
  }
  return cleaned
    .normalize('NFC')
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => t.toLowerCase())
    .join(' ');
}

const utf8 = new TextEncoder();

/** Step 3: a piece's UTF-8 bytes as bytes_to_unicode characters. */
export function byteEncode(piece: string): string {
  let out = '';
  for (const b of utf8.encode(piece)) out += BYTE_TO_UNICODE[b]!;
  return out;
}

export interface ClipTokenizerOptions {
  /** vocab.json: token -> id. */
  vocab: Readonly<Record<string, number>>;
  /**
   * merges.txt lines in file order. A first line starting with '#' (the "#version: 0.2" header) is
   * skipped; at most CLIP_MAX_MERGES merges are used. Lines without exactly two symbols are ignored.
   */
  merges: readonly string[];
  /** A token (looked up in vocab) or an id. Default <|startoftext|>. */
  bos?: string | number;
  /** Default <|endoftext|>. */
  eos?: string | number;
  /** Default: the eos id (SD 1.x); SD 2.x folders say "!". */
  pad?: string | number;
  /** Id of tokens missing from vocab. Default <|endoftext|>. */
  unk?: string | number;
  /** Sequence length of encode(). Default 77. */
  maxLength?: number;
}

export interface ClipTokenizer {
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  readonly unkId: number;
  readonly maxLength: number;
  /** BPE token strings of `text` (no special tokens added, no truncation). */
  tokenize(text: string): string[];
  /** Ids of `text` without bos/eos and without truncation (to count or warn about cut prompts). */
  encodeContent(text: string): number[];
  /** The text encoder's `input_ids`: [bos, ≤ maxLength − 2 ids, eos, pad…], length maxLength. */
  encode(text: string): Int32Array;
}

/** Merge ranks keyed "a b" (symbols never contain a space: bytes_to_unicode maps it to Ġ). */
export function parseMergeRanks(lines: readonly string[]): Map<string, number> {
  const start = lines.length > 0 && lines[0]!.startsWith('#') ? 1 : 0;
  const ranks = new Map<string, number>();
  const end = Math.min(lines.length, start + CLIP_MAX_MERGES);
  for (let i = start; i < end; i++) {
    const parts = lines[i]!.trim().split(/\s+/);
    if (parts.length === 2) ranks.set(`${parts[0]} ${parts[1]}`, i - start);
  }
  return ranks;
}

/** Step 4 for one byte-encoded piece: the BPE symbols, `</w>` on the last. */
export function bpe(piece: string, ranks: ReadonlyMap<string, number>): string[] {
  const chars = Array.from(piece);
  if (chars.length === 0) return [];
  let word = chars.slice(0, -1).concat(`${chars[chars.length - 1]}</w>`);
  while (word.length > 1) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i < word.length - 1; i++) {
      const rank = ranks.get(`${word[i]} ${word[i + 1]}`);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best < 0) break;
    const first = word[best]!;
    const second = word[best + 1]!;
    // Merge every non-overlapping occurrence of the pair, left to right (HF's inner loop).
    const merged: string[] = [];
    for (let i = 0; i < word.length; i++) {
      if (i < word.length - 1 && word[i] === first && word[i + 1] === second) {
        merged.push(first + second);
        i++;
      } else merged.push(word[i]!);
    }
    word = merged;
  }
  return word;
}

function resolveId(vocab: ReadonlyMap<string, number>, token: string | number, role: string): number {
  if (typeof token === 'number') return token;
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`tokenizer: ${role} token "${token}" is not in the vocabulary`);
  return id;
}

/** Cached BPE results kept before the cache starts over (HF's grows without bound). */
const CACHE_LIMIT = 50_000;

export function createClipTokenizer(options: ClipTokenizerOptions): ClipTokenizer {
  const vocab = new Map(Object.entries(options.vocab));
  const ranks = parseMergeRanks(options.merges);
  const bosId = resolveId(vocab, options.bos ?? CLIP_BOS, 'bos');
  const eosId = resolveId(vocab, options.eos ?? CLIP_EOS, 'eos');
  const padId = options.pad === undefined ? eosId : resolveId(vocab, options.pad, 'pad');
  const unkId = resolveId(vocab, options.unk ?? CLIP_EOS, 'unk');
  const maxLength = options.maxLength ?? 77;
  if (!Number.isInteger(maxLength) || maxLength < 2) throw new Error('tokenizer: maxLength must be >= 2');
  // Special tokens are their own BPE result, as in HF's pre-filled cache.
  const cache = new Map<string, string[]>();
  const resetCache = (): void => {
    cache.clear();
    cache.set(CLIP_BOS, [CLIP_BOS]);
    cache.set(CLIP_EOS, [CLIP_EOS]);
  };
  resetCache();

  const tokenize = (text: string): string[] => {
    const out: string[] = [];
    for (const match of normalizeClipText(text).matchAll(CLIP_PATTERN)) {
      const piece = byteEncode(match[0]);
      let symbols = cache.get(piece);
      if (!symbols) {
        symbols = bpe(piece, ranks);
        if (cache.size >= CACHE_LIMIT) resetCache(); // a long-lived studio sees many prompts
        cache.set(piece, symbols);
      }
      out.push(...symbols);
    }
    return out;
  };
  const encodeContent = (text: string): number[] => tokenize(text).map((t) => vocab.get(t) ?? unkId);
  const encode = (text: string): Int32Array => {
    const ids = encodeContent(text).slice(0, maxLength - 2);
    const out = new Int32Array(maxLength).fill(padId);
    out[0] = bosId;
    out.set(ids, 1);
    out[ids.length + 1] = eosId;
    return out;
  };
  return { bosId, eosId, padId, unkId, maxLength, tokenize, encodeContent, encode };
}

/** The contents of a diffusers `tokenizer/` folder (text of each file; configs optional). */
export interface ClipTokenizerFiles {
  vocabJson: string;
  mergesText: string;
  tokenizerConfigJson?: string;
  specialTokensMapJson?: string;
}

type TokenSpec = string | { content?: unknown } | null | undefined;

function tokenContent(spec: TokenSpec): string | undefined {
  if (typeof spec === 'string') return spec;
  if (spec && typeof spec === 'object' && typeof spec.content === 'string') return spec.content;
  return undefined;
}

/**
 * A tokenizer from a model folder's files. bos/eos/pad/unk come from special_tokens_map.json over
 * tokenizer_config.json (transformers' order; entries may be strings or {content}); maxLength from
 * model_max_length when it is a sane integer (some configs hold 1e30), else 77.
 */
export function clipTokenizerFromFiles(files: ClipTokenizerFiles): ClipTokenizer {
  const vocab = JSON.parse(files.vocabJson) as Record<string, number>;
  const config = (files.tokenizerConfigJson ? JSON.parse(files.tokenizerConfigJson) : {}) as Record<
    string,
    unknown
  >;
  const special = (files.specialTokensMapJson ? JSON.parse(files.specialTokensMapJson) : {}) as Record<
    string,
    unknown
  >;
  const pick = (key: string): string | undefined =>
    tokenContent(special[key] as TokenSpec) ?? tokenContent(config[key] as TokenSpec);
  const max = config.model_max_length;
  return createClipTokenizer({
    vocab,
    merges: files.mergesText.trim().split('\n'),
    bos: pick('bos_token'),
    eos: pick('eos_token'),
    pad: pick('pad_token'),
    unk: pick('unk_token'),
    maxLength: typeof max === 'number' && Number.isInteger(max) && max >= 2 && max <= 4096 ? max : 77,
  });
}
