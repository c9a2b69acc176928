"""A CLIP (Radford et al. 2021) in plain PyTorch, written to export cleanly to ONNX (opset 14).

Vision: conv stem (toy) or patch-embedding conv (real ViT shapes) -> [class] token + position
embeddings -> pre-LN -> pre-LN transformer blocks -> LN on the class token -> linear projection.
Text: token + position embeddings -> causal pre-LN transformer (causal mask combined with the
attention_mask as a key-padding mask) -> final LN -> pooled at argmax(input_ids) (the EOS token,
the highest id) -> linear projection.
"""
import math
from dataclasses import dataclass, field, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9


@dataclass
class VisionCfg:
    image_size: int = 64
    width: int = 128
    layers: int = 4
    heads: int = 4
    mlp: int = 512
    stem: list = field(default_factory=lambda: [32, 64, 96])  # conv channels before the last conv (-> width)
    patch_size: int = 16  # effective: 2**len(stem+1) for the stem, the conv kernel otherwise


@dataclass
class TextCfg:
    vocab_size: int = 64
    context_length: int = 32
    width: int = 128
    layers: int = 3
    heads: int = 4
    mlp: int = 512


@dataclass
class ClipCfg:
    vision: VisionCfg
    text: TextCfg
    embed_dim: int = 64

    def to_dict(self):
        return asdict(self)


class Block(nn.Module):
    def __init__(self, d, heads, mlp):
        super().__init__()
        self.d, self.h = d, heads
        self.ln_1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, mlp)
        self.fc2 = nn.Linear(mlp, d)

    def forward(self, x, mask=None):
        B, T = x.shape[0], x.shape[1]
        hd = self.d // self.h
        qkv = self.qkv(self.ln_1(x)).reshape(B, T, 3, self.h, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        if mask is not None:
            att = att + mask
        att = att.softmax(dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(B, T, self.d)
        x = x + self.out_proj(y)
        x = x + self.fc2(F.gelu(self.fc1(self.ln_2(x))))
        return x


class VisionModel(nn.Module):
    def __init__(self, cfg: VisionCfg, embed_dim):
        super().__init__()
        self.cfg = cfg
        if cfg.stem:
            layers, c_in = [], 3
            for c in cfg.stem:
                layers += [nn.Conv2d(c_in, c, 3, 2, 1, bias=False), nn.BatchNorm2d(c), nn.GELU()]
                c_in = c
            layers += [nn.Conv2d(c_in, cfg.width, 3, 2, 1, bias=False), nn.BatchNorm2d(cfg.width)]
            self.embed = nn.Sequential(*layers)
            grid = cfg.image_size // (2 ** (len(cfg.stem) + 1))
        else:
            self.embed = nn.Conv2d(3, cfg.width, cfg.patch_size, cfg.patch_size, bias=False)
            grid = cfg.image_size // cfg.patch_size
        self.class_embedding = nn.Parameter(torch.randn(cfg.width) * 0.02)
        self.position_embedding = nn.Parameter(torch.randn(grid * grid + 1, cfg.width) * 0.02)
        self.ln_pre = nn.LayerNorm(cfg.width)
        self.blocks = nn.ModuleList([Block(cfg.width, cfg.heads, cfg.mlp) for _ in range(cfg.layers)])
        self.ln_post = nn.LayerNorm(cfg.width)
        self.proj = nn.Linear(cfg.width, embed_dim, bias=False)

    def forward(self, pixel_values):
        x = self.embed(pixel_values).flatten(2).transpose(1, 2)  # B, N, D
        cls = self.class_embedding.reshape(1, 1, -1).expand(x.shape[0], 1, self.cfg.width)
        x = torch.cat([cls, x], dim=1) + self.position_embedding
        x = self.ln_pre(x)
        for b in self.blocks:
            x = b(x)
        return self.proj(self.ln_post(x[:, 0]))


class TextModel(nn.Module):
    def __init__(self, cfg: TextCfg, embed_dim):
        super().__init__()
        self.cfg = cfg
        self.token_embedding = nn.Embedding(cfg.vocab_size, cfg.width)
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        self.position_embedding = nn.Parameter(torch.randn(cfg.context_length, cfg.width) * 0.01)
        C = cfg.context_length
        causal = torch.triu(torch.full((C, C), NEG), diagonal=1)
        self.register_buffer("causal_mask", causal, persistent=False)  # built once, sliced [:T, :T]
        self.blocks = nn.ModuleList([Block(cfg.width, cfg.heads, cfg.mlp) for _ in range(cfg.layers)])
        self.ln_final = nn.LayerNorm(cfg.width)
        self.proj = nn.Linear(cfg.width, embed_dim, bias=False)

    def forward(self, input_ids, attention_mask):
        B, T = input_ids.shape[0], input_ids.shape[1]
        x = self.token_embedding(input_ids) + self.position_embedding[:T]
        pad = (1.0 - attention_mask.to(x.dtype)).reshape(B, 1, 1, T) * NEG
        mask = self.causal_mask[:T, :T].reshape(1, 1, T, T) + pad
        for b in self.blocks:
            x = b(x, mask)
        x = self.ln_final(x)
        eos = input_ids.to(torch.int32).argmax(dim=-1)  # first occurrence of the highest id (EOS)
        pooled = x[torch.arange(B, device=x.device), eos]
        return self.proj(pooled)


class CLIP(nn.Module):
    def __init__(self, cfg: ClipCfg):
        super().__init__()
        self.cfg = cfg
        self.vision = VisionModel(cfg.vision, cfg.embed_dim)
        self.text = TextModel(cfg.text, cfg.embed_dim)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def scale(self):
        return self.logit_scale.clamp(max=math.log(100.0)).exp()


def count_params(m):
    return sum(p.numel() for p in m.parameters())


def toy_config(vocab_size):
    return ClipCfg(
        vision=VisionCfg(image_size=64, width=128, layers=4, heads=4, mlp=256, stem=[24, 48, 96], patch_size=16),
        text=TextCfg(vocab_size=vocab_size, context_length=32, width=96, layers=3, heads=4, mlp=256),
        embed_dim=64,
    )


def vit_b32_config():
    return ClipCfg(
        vision=VisionCfg(image_size=224, width=768, layers=12, heads=12, mlp=3072, stem=[], patch_size=32),
        text=TextCfg(vocab_size=49408, context_length=77, width=512, layers=12, heads=8, mlp=2048),
        embed_dim=512,
    )
