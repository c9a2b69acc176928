"""Write a model folder laid out like a Hugging Face Hub CLIP repo that transformers.js loads."""
import json
import math
import os

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import quantize
from .combined import DYNAMIC_AXES, INPUT_NAMES, OUTPUT_NAMES

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


class _Text(nn.Module):
    def __init__(self, text):
        super().__init__()
        self.text = text

    def forward(self, input_ids, attention_mask):
        return self.text(input_ids, attention_mask)


class _Vision(nn.Module):
    def __init__(self, vision):
        super().__init__()
        self.vision = vision

    def forward(self, pixel_values):
        return self.vision(pixel_values)


class _Combined(nn.Module):
    """Both encoders and the logits, as the Hub's onnx/model.onnx that transformers.js's pipeline loads."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, pixel_values, attention_mask):
        text = F.normalize(self.model.text(input_ids, attention_mask), dim=-1)
        image = F.normalize(self.model.vision(pixel_values), dim=-1)
        logits_per_text = self.model.scale() * text @ image.T
        return logits_per_text.T, logits_per_text, text, image


def export_combined(model, tok, onnx_dir, opset=14):
    """onnx/model.onnx (+ _quantized): what the library's zero-shot pipeline needs, for benchmarks against it.
    From PyTorch, for the real-shape model; the toy's are built from its encoder files by combine.py."""
    model.eval()
    ids, mask = tok.batch(["a photo of a red circle.", "a star"])
    s = model.cfg.vision.image_size
    path = os.path.join(onnx_dir, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(
            _Combined(model), (torch.tensor(ids), torch.randn(1, 3, s, s), torch.tensor(mask)), path,
            opset_version=opset, input_names=INPUT_NAMES, output_names=OUTPUT_NAMES,
            dynamic_axes=DYNAMIC_AXES, do_constant_folding=True)
    model.eval()  # export of a wrapper leaves the inner modules in training mode
    onnx.checker.check_model(onnx.load(path))
    return quantize.quantize_file(path, os.path.join(onnx_dir, "model_quantized.onnx"))


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def vision_fields(v):
    """The vision_config fields CLIP and SigLIP configs share, in the order both write them."""
    return {
        "image_size": v.image_size,
        "patch_size": v.patch_size,
        "num_channels": 3,
        "hidden_size": v.width,
        "intermediate_size": v.mlp,
        "num_hidden_layers": v.layers,
        "num_attention_heads": v.heads,
    }


def hf_config(model, tok, name_or_path):
    v, t = model.cfg.vision, model.cfg.text
    return {
        "_name_or_path": name_or_path,
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "initializer_factor": 1.0,
        "logit_scale_init_value": float(model.logit_scale.detach().clamp(max=math.log(100.0)).item()),
        "projection_dim": model.cfg.embed_dim,
        "torch_dtype": "float32",
        "text_config": {
            "model_type": "clip_text_model",
            "vocab_size": t.vocab_size,
            "hidden_size": t.width,
            "intermediate_size": t.mlp,
            "num_hidden_layers": t.layers,
            "num_attention_heads": t.heads,
            "max_position_embeddings": t.context_length,
            "projection_dim": model.cfg.embed_dim,
            "hidden_act": "gelu",
            "layer_norm_eps": 1e-5,
            "bos_token_id": tok.bos_id,
            "eos_token_id": tok.eos_id,
            "pad_token_id": tok.pad_id,
        },
        "vision_config": {
            "model_type": "clip_vision_model",
            **vision_fields(v),
            "projection_dim": model.cfg.embed_dim,
            "hidden_act": "gelu",
            "layer_norm_eps": 1e-5,
            "conv_stem_channels": list(v.stem) + [v.width] if v.stem else None,
        },
    }


def preprocessor_config(size):
    return {
        "do_resize": True,
        "size": {"shortest_edge": size},
        "resample": 3,
        "do_center_crop": True,
        "crop_size": {"height": size, "width": size},
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": CLIP_MEAN,
        "image_std": CLIP_STD,
        "do_convert_rgb": True,
        "image_processor_type": "CLIPImageProcessor",
        "feature_extractor_type": "CLIPFeatureExtractor",
        "processor_class": "CLIPProcessor",
    }


def export_onnx(model, tok, onnx_dir, opset=14):
    os.makedirs(onnx_dir, exist_ok=True)
    model.eval()
    ids, mask = tok.batch(["a photo of a red circle.", "a star"])
    ids, mask = torch.tensor(ids), torch.tensor(mask)
    text_path = os.path.join(onnx_dir, "text_model.onnx")
    vision_path = os.path.join(onnx_dir, "vision_model.onnx")
    with torch.no_grad():
        torch.onnx.export(
            _Text(model.text), (ids, mask), text_path, opset_version=opset,
            input_names=["input_ids", "attention_mask"], output_names=["text_embeds"],
            dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                          "attention_mask": {0: "batch_size", 1: "sequence_length"},
                          "text_embeds": {0: "batch_size"}},
            do_constant_folding=True)
        model.eval()  # export of a wrapper leaves the inner modules in training mode
        s = model.cfg.vision.image_size
        px = torch.randn(2, 3, s, s)
        torch.onnx.export(
            _Vision(model.vision), (px,), vision_path, opset_version=opset,
            input_names=["pixel_values"], output_names=["image_embeds"],
            dynamic_axes={"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"}},
            do_constant_folding=True)
        model.eval()
    for p in (text_path, vision_path):
        m = onnx.load(p)
        onnx.checker.check_model(m)
        names = [i.name for i in m.graph.input]
        assert names in (["input_ids", "attention_mask"], ["pixel_values"]), names
    n_t = quantize.quantize_file(text_path, os.path.join(onnx_dir, "text_model_quantized.onnx"))
    n_v = quantize.quantize_file(vision_path, os.path.join(onnx_dir, "vision_model_quantized.onnx"))
    return {"quantized_matmuls_text": n_t, "quantized_matmuls_vision": n_v}


def write_repo(model, tok, out_dir, name_or_path, combined=False):
    os.makedirs(out_dir, exist_ok=True)
    write_json(os.path.join(out_dir, "config.json"), hf_config(model, tok, name_or_path))
    write_json(os.path.join(out_dir, "preprocessor_config.json"), preprocessor_config(model.cfg.vision.image_size))
    with open(os.path.join(out_dir, "tokenizer.json"), "w") as f:
        json.dump(tok.tokenizer_json(), f, ensure_ascii=False)
        f.write("\n")
    write_json(os.path.join(out_dir, "tokenizer_config.json"), tok.tokenizer_config())
    write_json(os.path.join(out_dir, "special_tokens_map.json"), tok.special_tokens_map())
    info = export_onnx(model, tok, os.path.join(out_dir, "onnx"))
    if combined:
        info["quantized_matmuls_combined"] = export_combined(model, tok, os.path.join(out_dir, "onnx"))
    return info
