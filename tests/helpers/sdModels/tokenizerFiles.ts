/**
 * @file A miniature CLIP tokenizer (research/sd-controlnet-onnx.md §1.6): the 256-symbol byte
 * alphabet of GPT-2's bytes_to_unicode with and without `</w>`, a few merges ("a person", "pose"),
 * then `<|startoftext|>` and `<|endoftext|>` as the last two ids. Real CLIP ids are not reproduced
 * (that needs the real 49408-entry files); only the file formats and special tokens are.
 */

/** GPT-2 / CLIP byte -> printable unicode character table. */
export function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const table: string[] = new Array<string>(256);
  for (const b of bs) table[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) table[b] = String.fromCharCode(256 + n++);
  return table;
}

/** Merge pairs in rank order; each result becomes a vocab entry. */
export const MINI_MERGES: readonly (readonly [string, string])[] = [
  ['p', 'e'],
  ['r', 's'],
  ['o', 'n</w>'],
  ['pe', 'rs'],
  ['pers', 'on</w>'],
  ['p', 'o'],
  ['s', 'e</w>'],
  ['po', 'se</w>'],
];

export const BOS_TOKEN = '<|startoftext|>';
export const EOS_TOKEN = '<|endoftext|>';

export interface TokenizerFiles {
  'vocab.json': string;
  'merges.txt': string;
  'tokenizer_config.json': string;
  'special_tokens_map.json': string;
}

export function miniVocab(): Record<string, number> {
  const vocab: Record<string, number> = {};
  let id = 0;
  const add = (token: string) => {
    if (!(token in vocab)) vocab[token] = id++;
  };
  const chars = bytesToUnicode();
  for (const c of chars) add(c);
  for (const c of chars) add(`${c}</w>`);
  for (const [a, b] of MINI_MERGES) add(a + b);
  add(BOS_TOKEN);
  add(EOS_TOKEN);
  return vocab;
}

export function miniTokenizerFiles(): TokenizerFiles {
  const special = {
    bos_token: { content: BOS_TOKEN, lstrip: false, normalized: true, rstrip: false, single_word: false },
    eos_token: { content: EOS_TOKEN, lstrip: false, normalized: true, rstrip: false, single_word: false },
    pad_token: EOS_TOKEN,
    unk_token: { content: EOS_TOKEN, lstrip: false, normalized: true, rstrip: false, single_word: false },
  };
  return {
    'vocab.json': JSON.stringify(miniVocab()),
    'merges.txt': ['#version: 0.2', ...MINI_MERGES.map(([a, b]) => `${a} ${b}`)].join('\n') + '\n',
    'tokenizer_config.json': JSON.stringify(
      {
        add_prefix_space: false,
        do_lower_case: true,
        errors: 'replace',
        model_max_length: 77,
        tokenizer_class: 'CLIPTokenizer',
        ...special,
      },
      null,
      2,
    ),
    'special_tokens_map.json': JSON.stringify(special, null, 2),
  };
}
