"""toy-siglip: the trained toy CLIP's weights, laid out as a Hugging Face SigLIP repo, plus references.

Not trained for SigLIP. It is a layout/scoring fixture for the app's SigLIP path: one sigmoid per
image-label pair, sigmoid(exp(logit_scale) * cosine(image, text) + logit_bias).

- Weights: the toy CLIP checkpoint (conv-stem ViT + causal text transformer), its first convolution
  adapted to SigLIP's pixels (`adapt_stem_to_siglip_pixels`).
- Preprocessing: SiglipImageProcessor style, resize straight to 64x64 (no crop), /255, mean = std = 0.5.
  The toy was trained with CLIP's mean/std; the adapted stem turns SigLIP's pixels back into those inside the
  model, exactly but at the image border (the convolution's zero padding), so it sees what it learnt on.
- Text: the ONNX text model takes `input_ids` only (as the Xenova SigLIP exports; transformers.js feeds a
  session only the inputs it declares). It pools at argmax(input_ids), the first <|endoftext|> (the highest
  id, also the pad token), NOT at the last position as real SigLIP does. The text transformer is causal, so
  the EOS state never sees the padding: max_length padding (what SigLIP's pipeline uses) and padding to the
  longest give identical embeddings. References use max_length padding (32).
- Size: the toy's fp32 weights make 4.0 MB of ONNX. To stay under 3 MB, `round_weights_fp16` rounds every
  weight to the nearest float16 first (references are computed from the rounded model), and `store_fp16`
  stores each initializer that is then exactly a float16 as float16 + Cast(to float32). Inputs, outputs
  and all arithmetic stay float32; the Casts are lossless, so ONNX and PyTorch compute the same thing. The
  conv stem's weights (BatchNorm folded in by the exporter, not exact float16) stay float32.
  `make.py siglip --exact-weights` skips both (4.0 MB, the toy-clip weights unrounded).
- Scale and bias: logit scale fixed at 20 (config stores ln 20); the bias is fitted on the seen-pair 64 px
  probes so their true class scores > 0.5 and every other class < 0.5: bias = -20 * midpoint between the
  lowest true-class cosine and the highest other cosine, rounded to 2 decimals.
"""
import json
import math
import os

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

from . import data
from .export import _Vision, vision_fields
from .export import write_json

MODEL_ID = "cliptag/toy-siglip"
SIGLIP_MEAN = [0.5, 0.5, 0.5]
SIGLIP_STD = [0.5, 0.5, 0.5]
LOGIT_SCALE = 20.0
# 64x64 probes of fixtures/reference/toy-clip/probes (no resize needed); blue circle is an unseen pair
PROBES = ["red-circle-64.png", "blue-square-64.png", "yellow-triangle-64.png", "blue-circle-64.png"]


class _Text(nn.Module):
    """input_ids only; the all-ones mask is equivalent (causal attention, pooled at the first EOS)."""

    def __init__(self, text):
        super().__init__()
        self.text = text

    def forward(self, input_ids):
        return self.text(input_ids, torch.ones_like(input_ids))



@torch.no_grad()
def round_weights_fp16(model):
    for t in list(model.parameters()) + list(model.buffers()):
        if t.is_floating_point():
            t.copy_(t.half().float())


def store_fp16(path):
    """Float32 initializers that are exactly float16 -> float16 initializer + Cast to float32 (lossless)."""
    from onnx import helper, numpy_helper
    m = onnx.load(path)
    g = m.graph
    keep, casts, n = [], [], 0
    for init in g.initializer:
        a = numpy_helper.to_array(init)
        if a.dtype == np.float32 and a.size >= 64 and np.array_equal(a.astype(np.float16).astype(np.float32), a):
            keep.append(numpy_helper.from_array(a.astype(np.float16), init.name + "_fp16"))
            casts.append(helper.make_node("Cast", [init.name + "_fp16"], [init.name], to=onnx.TensorProto.FLOAT,
                                          name=init.name + "_cast"))
            n += 1
        else:
            keep.append(init)
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return n


def pad_max_length(tok, text):
    """transformers.js with padding: 'max_length', truncation: true (model_max_length = context length)."""
    ids = tok.encode(text)
    return ids + [tok.pad_id] * (tok.context_length - len(ids))


def siglip_pixels(path, size):
    """SiglipImageProcessor with PIL: RGB, bicubic resize straight to size x size, /255, (x-0.5)/0.5."""
    img = Image.open(path).convert("RGB")
    if img.size != (size, size):
        img = img.resize((size, size), Image.BICUBIC)
    x = np.asarray(img, dtype=np.float32) / np.float32(255.0)
    x = (x - np.array(SIGLIP_MEAN, np.float32)) / np.array(SIGLIP_STD, np.float32)
    return np.ascontiguousarray(x.transpose(2, 0, 1), dtype=np.float32)


def hf_config(model, tok, logit_scale_log, logit_bias):
    v, t = model.cfg.vision, model.cfg.text
    return {
        "_name_or_path": MODEL_ID,
        "architectures": ["SiglipModel"],
        "model_type": "siglip",
        "initializer_factor": 1.0,
        "logit_scale_init_value": logit_scale_log,
        "logit_bias_init_value": logit_bias,
        "torch_dtype": "float32",
        "text_config": {
            "model_type": "siglip_text_model",
            "vocab_size": t.vocab_size,
            "hidden_size": t.width,
            "intermediate_size": t.mlp,
            "num_hidden_layers": t.layers,
            "num_attention_heads": t.heads,
            "max_position_embeddings": t.context_length,
            "projection_size": model.cfg.embed_dim,
            "hidden_act": "gelu",
            "layer_norm_eps": 1e-5,
            "bos_token_id": tok.bos_id,
            "eos_token_id": tok.eos_id,
            "pad_token_id": tok.pad_id,
            "causal": True,
            "pooling": "first <|endoftext|> (argmax of input_ids)",
        },
        "vision_config": {
            "model_type": "siglip_vision_model",
            **vision_fields(v),
            "projection_size": model.cfg.embed_dim,
            "hidden_act": "gelu",
            "layer_norm_eps": 1e-5,
            "conv_stem_channels": list(v.stem) + [v.width],
            "pooling": "class token",
        },
    }


def preprocessor_config(size):
    return {
        "do_resize": True,
        "size": {"height": size, "width": size},
        "resample": 3,
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": SIGLIP_MEAN,
        "image_std": SIGLIP_STD,
        "do_convert_rgb": True,
        "image_processor_type": "SiglipImageProcessor",
        "processor_class": "SiglipProcessor",
    }


def tokenizer_config(tok):
    cfg = tok.tokenizer_config()
    cfg["tokenizer_class"] = "SiglipTokenizer"
    cfg["model_max_length"] = tok.context_length
    cfg["model_input_names"] = ["input_ids"]
    return cfg


def export_onnx(model, tok, onnx_dir, opset=14, fp16_storage=True):
    os.makedirs(onnx_dir, exist_ok=True)
    model.eval()
    ids = torch.tensor([pad_max_length(tok, "a photo of a red circle."), pad_max_length(tok, "a star")])
    text_path = os.path.join(onnx_dir, "text_model.onnx")
    vision_path = os.path.join(onnx_dir, "vision_model.onnx")
    with torch.no_grad():
        torch.onnx.export(
            _Text(model.text), (ids,), text_path, opset_version=opset,
            input_names=["input_ids"], output_names=["pooler_output"],
            dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"}, "pooler_output": {0: "batch_size"}},
            do_constant_folding=True)
        model.eval()  # export of a wrapper leaves the inner modules in training mode
        s = model.cfg.vision.image_size
        torch.onnx.export(
            _Vision(model.vision), (torch.randn(2, 3, s, s),), vision_path, opset_version=opset,
            input_names=["pixel_values"], output_names=["pooler_output"],
            dynamic_axes={"pixel_values": {0: "batch_size"}, "pooler_output": {0: "batch_size"}},
            do_constant_folding=True)
        model.eval()
    for p, want in ((text_path, ["input_ids"]), (vision_path, ["pixel_values"])):
        m = onnx.load(p)
        onnx.checker.check_model(m)
        names = [i.name for i in m.graph.input]
        outs = [o.name for o in m.graph.output]
        assert names == want and outs == ["pooler_output"], (names, outs)
    if fp16_storage:
        return {"fp16_stored_initializers": {"text": store_fp16(text_path), "vision": store_fp16(vision_path)}}
    return {}


def f32list(t):
    return [float(np.float32(v)) for v in np.asarray(t, dtype=np.float32).ravel()]


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@torch.no_grad()
def adapt_stem_to_siglip_pixels(model):
    """Folds CLIP's normalisation of SigLIP-normalised pixels into the first convolution and its BatchNorm:
    per channel x_clip = a x_siglip + b, so the weights scale by a and the convolution of the constant b
    comes off the BatchNorm's running mean."""
    from .train import MEAN, STD
    a = torch.tensor(np.array(SIGLIP_STD, np.float32) / STD)
    b = torch.tensor((np.array(SIGLIP_MEAN, np.float32) - MEAN) / STD)
    conv, norm = model.vision.embed[0], model.vision.embed[1]
    shift = (conv.weight * b[None, :, None, None]).sum(dim=(1, 2, 3))
    conv.weight.mul_(a[None, :, None, None])
    norm.running_mean.sub_(shift)


def fit_bias(cos, true_idx, seen, scale):
    """Bias putting the decision boundary midway between the lowest true-class cosine and the highest
    other-class cosine over the seen-pair probes."""
    rows = [i for i in range(len(true_idx)) if seen[i]]
    lo_true = min(float(cos[i, true_idx[i]]) for i in rows)
    hi_other = max(float(np.delete(cos[i], true_idx[i]).max()) for i in rows)
    if not lo_true > hi_other:
        raise RuntimeError(f"seen probes not separable: true {lo_true:.4f} <= other {hi_other:.4f}")
    return round(-scale * (lo_true + hi_other) / 2, 2), lo_true, hi_other


@torch.no_grad()
def write_fixture(model, tok, model_dir, ref_dir, clip_ref_dir, root, exact_weights=False):
    """Export the SigLIP-layout repo into model_dir and the references into ref_dir. Returns a summary."""
    model.eval()
    adapt_stem_to_siglip_pixels(model)
    if not exact_weights:
        round_weights_fp16(model)
    size = model.cfg.vision.image_size
    probes_dir = os.path.join(clip_ref_dir, "probes")
    pix_dir = os.path.join(ref_dir, "pixels")
    os.makedirs(pix_dir, exist_ok=True)
    os.makedirs(model_dir, exist_ok=True)

    labels = [data.label_of(c, s) for c, s in data.ALL_PAIRS]
    texts = [data.prompt_of(c, s) for c, s in data.ALL_PAIRS]
    ids = [pad_max_length(tok, t) for t in texts]
    text_emb = model.text(torch.tensor(ids), torch.ones(len(ids), tok.context_length, dtype=torch.long))
    text_n = F.normalize(text_emb, dim=-1)

    pix, img_emb, true_idx, seen = [], [], [], []
    for name in PROBES:
        colour, shape = name.split("-")[:2]
        px = siglip_pixels(os.path.join(probes_dir, name), size)
        pix.append(px)
        img_emb.append(model.vision(torch.from_numpy(px)[None])[0])
        true_idx.append(labels.index(data.label_of(colour, shape)))
        seen.append((colour, shape) in data.SEEN_PAIRS)
    img_emb = torch.stack(img_emb)
    cos = (F.normalize(img_emb, dim=-1) @ text_n.T).double().numpy()

    scale_log = math.log(LOGIT_SCALE)
    bias, lo_true, hi_other = fit_bias(cos, true_idx, seen, LOGIT_SCALE)
    scale = math.exp(scale_log)
    scores = sigmoid(scale * cos + bias)

    write_json(os.path.join(model_dir, "config.json"), hf_config(model, tok, scale_log, bias))
    write_json(os.path.join(model_dir, "preprocessor_config.json"), preprocessor_config(size))
    with open(os.path.join(model_dir, "tokenizer.json"), "w") as f:
        json.dump(tok.tokenizer_json(), f, ensure_ascii=False)
        f.write("\n")
    write_json(os.path.join(model_dir, "tokenizer_config.json"), tokenizer_config(tok))
    write_json(os.path.join(model_dir, "special_tokens_map.json"), tok.special_tokens_map())
    stored = export_onnx(model, tok, os.path.join(model_dir, "onnx"), fp16_storage=not exact_weights)

    probes = []
    for name, px, emb, ti, sn, row in zip(PROBES, pix, img_emb, true_idx, seen, scores):
        pix_file = os.path.splitext(name)[0] + ".f32"
        px.astype("<f4").tofile(os.path.join(pix_dir, pix_file))
        probes.append({
            "file": os.path.relpath(os.path.join(probes_dir, name), root).replace(os.sep, "/"),
            "true_label": labels[ti], "true_index": ti, "seen_pair": sn,
            "pixel_values_file": f"pixels/{pix_file}",
            "image_pooler_output": f32list(emb),
            "above_half": [labels[j] for j in range(len(labels)) if row[j] > 0.5],
        })
    ref = {
        "model": MODEL_ID,
        "image_size": size,
        "context_length": tok.context_length,
        "labels": labels,
        "texts": texts,
        "input_ids": ids,
        "input_ids_note": "padding: 'max_length' (model_max_length), truncation: true; pad = <|endoftext|>",
        "weights": "toy-clip checkpoint, exact" if exact_weights else
                   "toy-clip checkpoint rounded to float16 values (stored as float16 + Cast where exact; "
                   "float32 arithmetic); references computed from the rounded model",
        "logit_scale": scale,
        "logit_scale_log": scale_log,
        "logit_bias": bias,
        "bias_fit": {"method": "seen-pair probes: bias = -scale * (min true-class cos + max other-class cos) / 2, "
                               "rounded to 2 decimals", "min_true_cos": lo_true, "max_other_cos": hi_other},
        "pixel_values_format": "little-endian float32, shape [3, image_size, image_size]; SiglipImageProcessor in "
                               "PIL: RGB, bicubic resize to image_size x image_size (no-op for these 64 px probes), "
                               "/255, (x-0.5)/0.5",
        "scores_definition": "sigmoid_scores[i][j] = sigmoid(logit_scale * cos(image_pooler_output[i], "
                             "text_pooler_output[j]) + logit_bias), float64 from float32 embeddings",
        "text_pooler_output": [f32list(r) for r in text_emb],
        "probes": probes,
        "sigmoid_scores": [[float(v) for v in row] for row in scores],
    }
    with open(os.path.join(ref_dir, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    return {**stored, "logit_scale": scale, "logit_scale_log": scale_log, "logit_bias": bias,
            "min_true_cos": lo_true, "max_other_cos": hi_other,
            "above_half": {p["file"].split("/")[-1]: p["above_half"] for p in probes}}
