#!/usr/bin/env python3
"""Benchmark reference: Pose Studio's genpoccl training step in plain PyTorch.

The same model, batch and loss as src-main/core/train (vit.ts, recipes.ts, losses.ts, adamw.ts):
a pre-norm ViT with [CLS] and [POSE] tokens (LayerNorm eps 1e-6, exact erf GELU, fused qkv with
head-major [q | k | v] columns), a Linear-BN-GELU-Linear projection head per token applied to
each view on its own (per-view batch norm, batch statistics), the genpoccl loss
(StableRep's multi-positive loss on the [POSE] projection of both views plus HAP's two-view
InfoNCE on [CLS], weighted as in recipes.ts) and AdamW with decoupled weight decay on the matrix
weights only, the global gradient norm computed every step (our graph outputs it) and optional
clipping. Parameter names equal ours (timm's), so weights exchange by name.

Three modes:
  step_vit.py [--threads 1] [--steps 20] [--warmup 3] [--groups 8] [--members 4] [model options]
      times forward + backward + grad norm + AdamW per step with torch.set_num_threads(threads)
      and prints one JSON object.
  step_vit.py --serve [model options]
      the same steps on request (`threads N`, `steps N` lines on stdin, one JSON line each on
      stdout), so bench/train-vs-torch.ts can alternate our steps and PyTorch's one by one.
  step_vit.py --check DIR [--gelu erf|tanh] [model options]
      float64 correctness check: reads our flat parameters and batch from DIR (meta.json,
      theta.f64, view1.f64, view2.f64), runs one step and writes the gradient in our flat layout
      to DIR/grad-<gelu>.f64 and the parameters after one AdamW step to DIR/theta1-<gelu>.f64;
      prints the loss and gradient norm as JSON.

Debian's python3-torch links the netlib reference BLAS (about 7 GFLOP/s); unless --blas system
is given, the script then re-executes itself with a small LD_PRELOAD shim that routes sgemm_ to
oneDNN's dnnl_sgemm (libdnnl, a dependency of that same torch package), which is what a PyTorch
with an optimised BLAS does. The JSON says which BLAS ran.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn.functional as F
from torch import nn

SHIM_ENV = "POSE_BENCH_SGEMM_SHIM"
SHIM_SOURCE = r"""
#include <stdint.h>
extern int dnnl_sgemm(char, char, int64_t, int64_t, int64_t, float, const float *, int64_t,
                      const float *, int64_t, float, float *, int64_t);
/* Column-major C = op(A) op(B) is row-major C^T = op(B)^T op(A)^T: swap the operands. */
void sgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k,
            const float *alpha, const float *a, const int *lda, const float *b, const int *ldb,
            const float *beta, float *c, const int *ldc) {
  dnnl_sgemm(*tb, *ta, *n, *m, *k, *alpha, b, *ldb, a, *lda, *beta, c, *ldc);
}
"""


def blas_in_use():
    """The BLAS library mapped into this process (after importing torch), or 'builtin'."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        paths = {line.split()[-1] for line in maps if "/" in line}
    for p in sorted(paths):
        base = os.path.basename(p)
        if "sgemm_dnnl" in base:
            return "oneDNN sgemm (LD_PRELOAD shim)"
        if "libblas" in base or "openblas" in base or "mkl_rt" in base or "libblis" in base:
            return os.path.realpath(p)
    return "builtin"


def ensure_fast_blas(args):
    """Re-executes with the oneDNN sgemm shim when torch runs on the netlib reference BLAS."""
    if args.blas == "system" or os.environ.get(SHIM_ENV):
        return
    if "/blas/libblas.so" not in blas_in_use():
        return  # OpenBLAS, MKL or a pip build: already fast
    cache = os.path.join(tempfile.gettempdir(), "pose-bench-blas")
    os.makedirs(cache, exist_ok=True)
    lib = os.path.join(cache, "libsgemm_dnnl.so")
    if not os.path.exists(lib):
        src = os.path.join(cache, "sgemm_dnnl.c")
        with open(src, "w", encoding="utf-8") as f:
            f.write(SHIM_SOURCE)
        cmd = ["cc", "-O2", "-shared", "-fPIC", "-o", lib, src, "-l:libdnnl.so.2"]
        if subprocess.run(cmd, check=False, capture_output=True).returncode != 0:
            print("warning: could not build the oneDNN sgemm shim; timing reference BLAS", file=sys.stderr)
            return
    env = dict(os.environ)
    env[SHIM_ENV] = "1"
    env["LD_PRELOAD"] = " ".join(x for x in [lib, env.get("LD_PRELOAD", "")] if x)
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


# ----------------------------------------------------------------------------- model


def gelu(kind):
    return nn.GELU(approximate="none" if kind == "erf" else "tanh")


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        qkv = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, t, d))


class Mlp(nn.Module):
    """Linear-GELU-Linear: a block's MLP."""

    def __init__(self, dim, hidden, act, out=None):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = gelu(act)
        self.fc2 = nn.Linear(hidden, out or dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Head(nn.Module):
    """Linear-BN-GELU-Linear projection head (vit.ts projectionHead): the batch norm always uses
    the batch's own statistics (biased variance, eps 1e-5), as ours does."""

    def __init__(self, dim, hidden, act, out):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.bn = nn.BatchNorm1d(hidden, eps=1e-5, track_running_stats=False)
        self.act = gelu(act)
        self.fc2 = nn.Linear(hidden, out)

    def forward(self, x):
        return self.fc2(self.act(self.bn(self.fc1(x))))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp, act):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, mlp, act)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PoseVit(nn.Module):
    """ViT encoder with [CLS] and [POSE] tokens plus the two projection heads (names as ours)."""

    def __init__(self, a):
        super().__init__()
        d, p = a.dim, a.patch
        tokens = 2 + (a.height // p) * (a.width // p)
        self.patch_embed = nn.Conv2d(a.channels, d, p, stride=p)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.pose_token = nn.Parameter(torch.zeros(1, 1, d))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens, d))
        self.blocks = nn.ModuleList(Block(d, a.heads, a.mlp, a.gelu) for _ in range(a.depth))
        self.norm = nn.LayerNorm(d, eps=1e-6)
        heads = {name: Head(d, a.head_hidden, a.gelu, a.head_out) for name in ("cls", "pose")}
        self.heads = nn.ModuleDict(heads)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.trunc_normal_(m.weight, std=0.02, a=-0.04, b=0.04)
                nn.init.zeros_(m.bias)
        nn.init.trunc_normal_(self.pos_embed, std=0.02, a=-0.04, b=0.04)
        nn.init.normal_(self.cls_token, std=1e-6)
        nn.init.normal_(self.pose_token, std=1e-6)

    def forward(self, images):
        b = images.shape[0]
        x = self.patch_embed(images).flatten(2).transpose(1, 2)  # patches in (c, ky, kx) order
        prefix = [self.cls_token.expand(b, -1, -1), self.pose_token.expand(b, -1, -1)]
        x = torch.cat([*prefix, x], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        return x[:, 0], x[:, 1]


# ----------------------------------------------------------------------------- loss


def l2_normalize(z):
    return z / torch.sqrt((z * z).sum(-1, keepdim=True) + 1e-12)


def multi_positive(z, ids, tau):
    """StableRep's loss; rows without positives are left out of the mean (losses.ts)."""
    b = z.shape[0]
    zn = l2_normalize(z)
    eye = torch.eye(b, dtype=torch.bool)
    logits = (zn @ zn.t() / tau).masked_fill(eye, -1e9)
    others = ((ids[:, None] == ids[None, :]) & ~eye).to(z.dtype)
    count = others.sum(-1, keepdim=True)
    has = count > 0
    target = others / torch.where(has, count, torch.ones_like(count))
    rows = has.sum().clamp(min=1)
    return -(target * F.log_softmax(logits, dim=-1)).sum(-1).sum() / rows


def info_nce_two_view(a, b, tau):
    logits = l2_normalize(a) @ l2_normalize(b).t() / tau
    labels = torch.arange(a.shape[0])
    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels))


def genpoccl_loss(model, view1, view2, ids, a):
    cls, pose = model(torch.cat([view1, view2]))
    b = view1.shape[0]
    per_view = lambda head, t: (model.heads[head](t[:b]), model.heads[head](t[b:]))
    mp = multi_positive(torch.cat(per_view("pose", pose)), torch.cat([ids, ids]), a.mp_tau)
    z1, z2 = per_view("cls", cls)
    align = info_nce_two_view(z1, z2, a.align_tau) * (4 * a.align_tau)
    return a.mp_weight * mp + a.align_weight * align


def make_optimizer(model, a):
    decay = [p for n, p in model.named_parameters() if n.endswith(".weight") and p.dim() >= 2]
    rest = [p for n, p in model.named_parameters() if not (n.endswith(".weight") and p.dim() >= 2)]
    groups = [{"params": decay, "weight_decay": a.weight_decay}, {"params": rest, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=a.lr, betas=(a.beta1, a.beta2), eps=1e-8, foreach=True)


def grad_norm(model, clip):
    """The global L2 norm (our graph's grad_norm output), clipping when clip > 0. PyTorch scales
    by clip / (norm + 1e-6), ours by clip / max(norm, clip): the same up to 1e-6 relative."""
    params = [p for p in model.parameters() if p.grad is not None]
    if clip > 0:
        return torch.nn.utils.clip_grad_norm_(params, clip)
    return torch.norm(torch.stack([torch.norm(p.grad.detach(), 2.0) for p in params]), 2.0)


def train_step(model, opt, batch, a):
    opt.zero_grad(set_to_none=True)
    loss = genpoccl_loss(model, *batch, a)
    loss.backward()
    norm = grad_norm(model, a.clip)
    opt.step()
    return loss.item(), norm.item()


# ----------------------------------------------------------------------------- modes


def random_batch(a, gen):
    shape = (a.groups * a.members, a.channels, a.height, a.width)
    views = [torch.rand(shape, generator=gen) * 2 - 1 for _ in range(2)]
    ids = torch.arange(a.groups).repeat_interleave(a.members)
    return views[0], views[1], ids


class Runner:
    """The model, optimizer and four fixed random batches; times steps on demand."""

    def __init__(self, a):
        torch.manual_seed(0)
        self.a = a
        self.model = PoseVit(a)
        self.opt = make_optimizer(self.model, a)
        gen = torch.Generator().manual_seed(1)
        self.batches = [random_batch(a, gen) for _ in range(4)]
        self.done = 0

    def steps(self, n):
        """Runs n steps; returns their wall times in ms and their losses."""
        times, losses = [], []
        for _ in range(n):
            start = time.perf_counter()
            loss, _ = train_step(self.model, self.opt, self.batches[self.done % 4], self.a)
            times.append((time.perf_counter() - start) * 1000)
            losses.append(loss)
            self.done += 1
        return times, losses


def serve(a):
    """Line protocol on stdin/stdout, so a caller can interleave our steps with PyTorch's one by
    one: `threads N` sets torch's threads, `steps N` runs N steps and answers their times."""
    runner = Runner(a)
    info = {"ready": True, "torch": torch.__version__, "blas": blas_in_use()}
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "threads":
            torch.set_num_threads(int(arg))
            print(json.dumps({"threads": torch.get_num_threads()}), flush=True)
        elif cmd == "steps":
            times, losses = runner.steps(int(arg))
            print(json.dumps({"times_ms": times, "losses": losses}), flush=True)
        elif cmd:
            print(json.dumps({"error": f"unknown command {cmd}"}), flush=True)


def bench(a):
    torch.set_num_threads(a.threads)
    runner = Runner(a)
    model = runner.model
    _, first = runner.steps(a.warmup)
    times, losses = runner.steps(a.steps)
    losses = first + losses
    images = 2 * a.groups * a.members
    median = statistics.median(times)
    return {
        "torch": torch.__version__,
        "blas": blas_in_use(),
        "threads": a.threads,
        "steps": a.steps,
        "params": sum(p.numel() for p in model.parameters()),
        "median_ms": median,
        "mean_ms": statistics.fmean(times),
        "min_ms": min(times),
        "images_per_s": images / median * 1000,
        "loss_first": losses[0],
        "loss_last": losses[-1],
        "times_ms": times,
    }


def read_f64(path):
    with open(path, "rb") as f:
        data = f.read()
    return torch.frombuffer(bytearray(data), dtype=torch.float64)


def from_ours(value, shape, torch_shape):
    """Our [in, out] matrices (patch_embed: [C*P*P, D]) to PyTorch's [out, in] layouts."""
    if len(shape) == 2 and len(torch_shape) >= 2 and shape[1] == torch_shape[0]:
        return value.reshape(shape).t().reshape(torch_shape)
    return value.reshape(torch_shape)


def to_ours(value, shape):
    if len(shape) == 2 and value.dim() >= 2 and shape[1] == value.shape[0]:
        return value.reshape(value.shape[0], -1).t().reshape(-1)
    return value.reshape(-1)


def check(a):
    """One float64 step on our weights and batch; writes the gradient and theta after the step."""
    torch.set_num_threads(a.threads)
    meta = json.load(open(os.path.join(a.check, "meta.json"), encoding="utf-8"))
    model = PoseVit(a).double()
    params = dict(model.named_parameters())
    theta = read_f64(os.path.join(a.check, "theta.f64"))
    entries = meta["layout"]
    if {e["name"] for e in entries} != set(params):
        raise SystemExit(f'parameter names differ: {sorted(set(params) ^ {e["name"] for e in entries})}')
    with torch.no_grad():
        for e in entries:
            value = theta[e["offset"] : e["offset"] + e["size"]]
            params[e["name"]].copy_(from_ours(value, e["shape"], params[e["name"]].shape))
    shape = (a.groups * a.members, a.channels, a.height, a.width)
    views = [read_f64(os.path.join(a.check, f"view{i}.f64")).reshape(shape) for i in (1, 2)]
    ids = torch.tensor(meta["groupIds"], dtype=torch.int64)
    opt = make_optimizer(model, a)
    loss = genpoccl_loss(model, views[0], views[1], ids, a)
    loss.backward()
    norm = grad_norm(model, a.clip)
    flat = lambda get: torch.cat([to_ours(get(params[e["name"]]), e["shape"]) for e in entries])
    flat(lambda p: p.grad).numpy().tofile(os.path.join(a.check, f"grad-{a.gelu}.f64"))
    opt.step()
    flat(lambda p: p.detach()).numpy().tofile(os.path.join(a.check, f"theta1-{a.gelu}.f64"))
    return {"torch": torch.__version__, "gelu": a.gelu, "loss": loss.item(), "grad_norm": norm.item()}


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add = p.add_argument
    add("--threads", type=int, default=1)
    add("--steps", type=int, default=20)
    add("--warmup", type=int, default=3)
    add("--groups", type=int, default=8)
    add("--members", type=int, default=4)
    add("--check", default=None, help="float64 check directory (see the module docstring)")
    add("--serve", action="store_true", help="answer `threads N` / `steps N` lines on stdin")
    add("--gelu", choices=["erf", "tanh"], default="erf")
    add("--blas", choices=["auto", "system"], default="auto")
    # Model (defaults: VIT_TINY and the default genpoccl recipe / optimizer of the app).
    for name, value in [("height", 64), ("width", 64), ("patch", 8), ("channels", 3), ("dim", 96)]:
        add(f"--{name}", type=int, default=value)
    for name, value in [("depth", 4), ("heads", 3), ("mlp", 384), ("head-hidden", 512), ("head-out", 128)]:
        add(f"--{name}", type=int, default=value)
    for name, value in [("mp-tau", 0.1), ("mp-weight", 0.05), ("align-tau", 0.2), ("align-weight", 0.05)]:
        add(f"--{name}", type=float, default=value)
    for name, value in [("lr", 5e-4), ("weight-decay", 0.05), ("beta1", 0.9), ("beta2", 0.95), ("clip", 0.0)]:
        add(f"--{name}", type=float, default=value)
    return p.parse_args(argv)


def main():
    a = parse(sys.argv[1:])
    ensure_fast_blas(a)
    if a.serve:
        serve(a)
        return
    result = check(a) if a.check else bench(a)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
