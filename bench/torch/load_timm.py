"""Loads Pose Studio's timm-style encoder safetensors into a plain-PyTorch ViT and compares it with ONNX.

A check, not a test: torch is never a test dependency. bench/export-check.ts writes a directory with

  encoder.safetensors   encoderTimmSafetensors(): timm names/layouts, timm kwargs in the metadata
  input.f32             raw little-endian float32 images [B, C, H, W]
  <run>.<output>.f32    the ONNX model's outputs (cls, pose, tokens) for each exported variant
  meta.json             {"input_shape": [...], "runs": {"<run>": ["cls", "pose", "tokens"]}}

and runs `python3 bench/torch/load_timm.py <dir>`. The model below mirrors timm's VisionTransformer
module names and semantics (PatchEmbed conv, cls_token, reg_token, pos_embed, pre-norm blocks with
norm1/attn.qkv/attn.proj/norm2/mlp.fc1/mlp.fc2, final norm, LayerNorm eps 1e-6, erf GELU,
attention scale head_dim^-0.5), so `load_state_dict(strict=True)` proves the names and shapes, and
the output comparison proves the layouts (patch flattening, qkv column order, transposes).
Prints the max abs difference per run and output; exits 1 if float32 ONNX differs by more than 1e-4.
"""

import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

TIMM_CONFIG_KEY = "pose_studio.timm_config"
DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64}


def load_safetensors(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """The file format in a few lines: u64 LE header length, JSON header, raw tensor bytes."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + length :]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


class PatchEmbed(nn.Module):
    def __init__(self, patch_size: int, in_chans: int, embed_dim: int):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)  # [B, N, D], patches row-major


class Attention(nn.Module):
    def __init__(self, dim: int, num_heads: int):
        super().__init__()
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.num_heads, c // self.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        attn = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()  # exact (erf), timm's default
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim: int, num_heads: int, mlp_ratio: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, num_heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    """timm's VisionTransformer reduced to what the export uses (no head: num_classes=0)."""

    def __init__(self, img_size, patch_size, in_chans, embed_dim, depth, num_heads, mlp_ratio,
                 class_token=True, reg_tokens=0, no_embed_class=False, num_classes=0, global_pool="token"):
        super().__init__()
        assert num_classes == 0, "this check covers the encoder only"
        grid = (img_size[0] // patch_size) * (img_size[1] // patch_size)
        self.num_prefix_tokens = int(class_token) + reg_tokens
        self.no_embed_class = no_embed_class
        self.patch_embed = PatchEmbed(patch_size, in_chans, embed_dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim)) if class_token else None
        self.reg_token = nn.Parameter(torch.zeros(1, reg_tokens, embed_dim)) if reg_tokens else None
        embed_len = grid if no_embed_class else grid + self.num_prefix_tokens
        self.pos_embed = nn.Parameter(torch.zeros(1, embed_len, embed_dim))
        self.blocks = nn.ModuleList([Block(embed_dim, num_heads, mlp_ratio) for _ in range(depth)])
        self.norm = nn.LayerNorm(embed_dim, eps=1e-6)

    def _pos_embed(self, x: torch.Tensor) -> torch.Tensor:
        prefix = []
        if self.cls_token is not None:
            prefix.append(self.cls_token.expand(x.shape[0], -1, -1))
        if self.reg_token is not None:
            prefix.append(self.reg_token.expand(x.shape[0], -1, -1))
        if self.no_embed_class:
            return torch.cat(prefix + [x + self.pos_embed], dim=1)
        return torch.cat(prefix + [x], dim=1) + self.pos_embed

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        x = self._pos_embed(self.patch_embed(x))
        for block in self.blocks:
            x = block(x)
        return self.norm(x)


def read_f32(path: Path, shape) -> torch.Tensor:
    return torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(shape))


def main(folder: Path) -> int:
    state, metadata = load_safetensors(folder / "encoder.safetensors")
    config = json.loads(metadata[TIMM_CONFIG_KEY])
    model = VisionTransformer(**config).eval()
    model.load_state_dict(state, strict=True)
    meta = json.loads((folder / "meta.json").read_text())
    images = read_f32(folder / "input.f32", meta["input_shape"])
    with torch.no_grad():
        tokens = model.forward_features(images)
        tokens64 = model.double().forward_features(images.double())
    b, t, d = tokens.shape
    ours = {"tokens": tokens, "cls": tokens[:, 0]}
    if config["reg_tokens"]:
        ours["pose"] = tokens[:, 1]
    print(f"torch {torch.__version__}: loaded {len(state)} tensors strictly; tokens [{b}, {t}, {d}]")
    print(f"torch float32 vs torch float64: {(tokens.double() - tokens64).abs().max().item():.3e}")
    worst = 0.0
    for run, outputs in meta["runs"].items():
        if sorted(outputs) != sorted(ours):
            print(f"{run}: ONNX outputs {outputs} differ from {sorted(ours)}")
            return 1
        for name in outputs:
            onnx = read_f32(folder / f"{run}.{name}.f32", ours[name].shape)
            diff = (onnx - ours[name]).abs().max().item()
            if run == "fp32":
                worst = max(worst, diff)
            print(f"{run:5s} {name:6s} max abs diff vs torch: {diff:.3e}")
    return 0 if worst < 1e-4 else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python3 bench/torch/load_timm.py <dir written by bench/export-check.ts>")
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
