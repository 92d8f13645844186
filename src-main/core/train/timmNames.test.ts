import { describe, expect, it } from 'vitest';
import { decodeSafetensors, type NamedTensor } from './safetensors';
import { fromTimm, TIMM_CONFIG_KEY, timmSafetensors, toTimm, transpose2d } from './timmNames';

// A tiny ViT: width 4, 2 heads, patch 2, 3 channels, 2x2 grid, depth 2, MLP 8, [CLS] + [POSE].
const D = 4;
const P = 2;
const C = 3;
const H = 8;
let counter = 0;
function t(name: string, shape: number[]): NamedTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  // Distinct values everywhere, so any misplaced element shows.
  const data = new Float32Array(n).map(() => (counter += 1));
  return { name, dtype: 'F32', shape, data };
}

function tinyVit(): NamedTensor[] {
  const params = [
    t('cls_token', [D]),
    t('pose_token', [D]),
    t('pos_embed', [2 + 4, D]),
    t('patch_embed.weight', [C * P * P, D]),
    t('patch_embed.bias', [D]),
  ];
  for (let i = 0; i < 2; i++) {
    params.push(
      t(`blocks.${i}.norm1.weight`, [D]),
      t(`blocks.${i}.norm1.bias`, [D]),
      t(`blocks.${i}.attn.qkv.weight`, [D, 3 * D]),
      t(`blocks.${i}.attn.qkv.bias`, [3 * D]),
      t(`blocks.${i}.attn.proj.weight`, [D, D]),
      t(`blocks.${i}.attn.proj.bias`, [D]),
      t(`blocks.${i}.norm2.weight`, [D]),
      t(`blocks.${i}.norm2.bias`, [D]),
      t(`blocks.${i}.mlp.fc1.weight`, [D, H]),
      t(`blocks.${i}.mlp.fc1.bias`, [H]),
      t(`blocks.${i}.mlp.fc2.weight`, [H, D]),
      t(`blocks.${i}.mlp.fc2.bias`, [D]),
    );
  }
  params.push(t('norm.weight', [D]), t('norm.bias', [D]), t('head.weight', [D, 5]), t('head.bias', [5]));
  params.push(t('proj_heads.pose.weight', [D, 3]));
  return params;
}

const byName = (tensors: NamedTensor[]): Map<string, NamedTensor> => new Map(tensors.map((x) => [x.name, x]));

describe('timm names', () => {
  it('maps names and shapes to timm VisionTransformer and infers its config', () => {
    const { tensors, skipped, config } = toTimm(tinyVit(), { patchSize: P, numHeads: 2 });
    const shapes = Object.fromEntries(tensors.map((x) => [x.name, x.shape]));
    expect(shapes).toMatchObject({
      cls_token: [1, 1, D],
      reg_token: [1, 1, D],
      pos_embed: [1, 6, D],
      'patch_embed.proj.weight': [D, C, P, P],
      'patch_embed.proj.bias': [D],
      'blocks.1.attn.qkv.weight': [3 * D, D],
      'blocks.1.attn.qkv.bias': [3 * D],
      'blocks.1.attn.proj.weight': [D, D],
      'blocks.0.mlp.fc1.weight': [H, D],
      'blocks.0.mlp.fc2.weight': [D, H],
      'blocks.0.norm2.bias': [D],
      'norm.weight': [D],
      'head.weight': [5, D],
    });
    expect(tensors).toHaveLength(5 + 2 * 12 + 4);
    expect(skipped).toEqual(['proj_heads.pose.weight']);
    expect(config).toEqual({
      img_size: [4, 4],
      patch_size: P,
      in_chans: C,
      embed_dim: D,
      depth: 2,
      num_heads: 2,
      mlp_ratio: 2,
      class_token: true,
      reg_tokens: 1,
      no_embed_class: false,
      num_classes: 5,
      global_pool: 'token',
    });
  });

  it('transposes Linear weights to [out, in] and lays the patch embedding out as Conv2d', () => {
    const ours = byName(tinyVit());
    const timm = byName(toTimm([...ours.values()], { patchSize: P, numHeads: 2 }).tensors);
    const qkvOurs = ours.get('blocks.0.attn.qkv.weight')!.data as Float32Array;
    const qkvTimm = timm.get('blocks.0.attn.qkv.weight')!.data as Float32Array;
    for (let i = 0; i < D; i++) {
      for (let o = 0; o < 3 * D; o++) expect(qkvTimm[o * D + i]).toBe(qkvOurs[i * 3 * D + o]);
    }
    const patchOurs = ours.get('patch_embed.weight')!.data as Float32Array;
    const patchTimm = timm.get('patch_embed.proj.weight')!.data as Float32Array;
    for (let d = 0; d < D; d++) {
      for (let c = 0; c < C; c++) {
        for (let ky = 0; ky < P; ky++) {
          for (let kx = 0; kx < P; kx++) {
            const timmIndex = ((d * C + c) * P + ky) * P + kx;
            expect(patchTimm[timmIndex]).toBe(patchOurs[((c * P + ky) * P + kx) * D + d]);
          }
        }
      }
    }
    expect(timm.get('pos_embed')!.data).toEqual(ours.get('pos_embed')!.data);
    expect(timm.get('reg_token')!.data).toEqual(ours.get('pose_token')!.data);
  });

  it('round-trips through fromTimm exactly', () => {
    const ours = tinyVit();
    const back = fromTimm(toTimm(ours, { patchSize: P, numHeads: 2 }).tensors, P);
    const expected = ours.filter((x) => !x.name.startsWith('proj_heads.'));
    expect(back).toEqual(expected);
  });

  it('handles pos_embed over patches only, non-square grids and no tokens', () => {
    const params = tinyVit().filter(
      (x) => !['cls_token', 'pose_token', 'head.weight', 'head.bias'].includes(x.name),
    );
    const pos = params.find((x) => x.name === 'pos_embed')!;
    pos.shape = [4, D];
    pos.data = pos.data.slice(0, 16);
    const { config } = toTimm(params, { patchSize: P, numHeads: 2, imageSize: [2, 8] });
    expect(config).toMatchObject({
      img_size: [2, 8],
      class_token: false,
      reg_tokens: 0,
      no_embed_class: false,
      num_classes: 0,
      global_pool: 'avg',
    });
    const withCls = [...params, t('cls_token', [D])];
    expect(toTimm(withCls, { patchSize: P, numHeads: 2 }).config.no_embed_class).toBe(true);
  });

  it('names what is wrong', () => {
    const missing = tinyVit().filter((x) => x.name !== 'blocks.1.mlp.fc2.bias');
    expect(() => toTimm(missing, { patchSize: P, numHeads: 2 })).toThrow(
      /missing parameter 'blocks.1.mlp.fc2.bias'/,
    );
    expect(() => toTimm(tinyVit(), { patchSize: P, numHeads: 3 })).toThrow(/not divisible by 3 heads/);
    expect(() => toTimm(tinyVit(), { patchSize: 3, numHeads: 2 })).toThrow(/expected \[C\*3\*3, D\]/);
    expect(() => toTimm(tinyVit(), { patchSize: P, numHeads: 2, imageSize: [6, 6] })).toThrow(/pos_embed/);
    expect(() => fromTimm([t('blocks.0.ls1.gamma', [D])], P)).toThrow(/no counterpart/);
  });

  it('writes a timm-loadable safetensors file with the config in metadata', () => {
    const file = decodeSafetensors(timmSafetensors(tinyVit(), { patchSize: P, numHeads: 2 }));
    expect(file.metadata.format).toBe('pt');
    expect(JSON.parse(file.metadata[TIMM_CONFIG_KEY]!)).toMatchObject({ embed_dim: D, depth: 2 });
    expect(file.tensors.map((x) => x.name)).toContain('patch_embed.proj.weight');
  });

  it('transpose2d is row-major', () => {
    expect(Array.from(transpose2d(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
