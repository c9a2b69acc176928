"""The combined CLIP model (both encoders and the logits, the Hub's onnx/model.onnx) that only transformers.js's
zero-shot pipeline loads, built from a repo's two encoder files with `onnx` and `numpy` alone (no torch)."""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, compose, helper, numpy_helper

INPUT_NAMES = ["input_ids", "pixel_values", "attention_mask"]
OUTPUT_NAMES = ["logits_per_image", "logits_per_text", "text_embeds", "image_embeds"]
DYNAMIC_AXES = {
    "input_ids": {0: "text_batch_size", 1: "sequence_length"},
    "attention_mask": {0: "text_batch_size", 1: "sequence_length"},
    "pixel_values": {0: "image_batch_size"},
    "logits_per_image": {0: "image_batch_size", 1: "text_batch_size"},
    "logits_per_text": {0: "text_batch_size", 1: "image_batch_size"},
    "text_embeds": {0: "text_batch_size"},
    "image_embeds": {0: "image_batch_size"},
}
# (text encoder, vision encoder, combined model) under a repo's onnx/, per dtype.
FILES = {
    "fp32": ("text_model.onnx", "vision_model.onnx", "model.onnx"),
    "q8": ("text_model_quantized.onnx", "vision_model_quantized.onnx", "model_quantized.onnx"),
}
# F.normalize's floor under the norm, as export.py's PyTorch graph has it.
NORM_EPS = 1e-12


def _prefixed(graph, prefix):
    """A copy of `graph` with its node, edge and initializer names prefixed, so that two graphs fit in one, but
    its inputs: the combined model takes the encoders' inputs under their own names."""
    g = compose.add_prefix_graph(graph, prefix)
    inputs = {prefix + i.name: i.name for i in graph.input}
    for node in g.node:
        node.input[:] = [inputs.get(name, name) for name in node.input]
    for i in g.input:
        i.name = inputs[i.name]
    return g


def _declared(value_info, name):
    """A copy of `value_info` named `name`, with DYNAMIC_AXES's symbolic dimensions for it."""
    declared = onnx.ValueInfoProto()
    declared.CopyFrom(value_info)
    declared.name = name
    for axis, symbol in DYNAMIC_AXES[name].items():
        declared.type.tensor_type.shape.dim[axis].dim_param = symbol
    return declared


def _normalize(x, out):
    """Nodes for F.normalize(x, dim=-1): x / max(||x||, NORM_EPS)."""
    return [
        helper.make_node("ReduceL2", [x], [f"{out}/norm"], axes=[-1], keepdims=1),
        helper.make_node("Max", [f"{out}/norm", "norm_eps"], [f"{out}/norm_floored"]),
        helper.make_node("Div", [x, f"{out}/norm_floored"], [out]),
    ]


def _logits():
    """Nodes for export.py's logits: logits_per_text = exp(logit_scale) * text @ image.T, logits_per_image its
    transpose (text and image embeddings normalised)."""
    return [
        helper.make_node("Exp", ["logit_scale"], ["scale"]),
        helper.make_node("Mul", ["scale", "text_embeds"], ["scaled_text_embeds"]),
        helper.make_node("Transpose", ["image_embeds"], ["image_embeds_t"], perm=[1, 0]),
        helper.make_node("MatMul", ["scaled_text_embeds", "image_embeds_t"], ["logits_per_text"]),
        helper.make_node("Transpose", ["logits_per_text"], ["logits_per_image"], perm=[1, 0]),
    ]


def combine(text, vision, logit_scale_log):
    """The combined model from a text encoder (input_ids, attention_mask -> text_embeds) and a vision encoder
    (pixel_values -> image_embeds), with the log of the logit scale (HF's config logit_scale_init_value)."""
    t, v = _prefixed(text.graph, "text/"), _prefixed(vision.graph, "vision/")
    inputs = {i.name: i for i in list(t.input) + list(v.input)}
    text_out, image_out = t.output[0], v.output[0]
    logits = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [None, None])
    outputs = {"logits_per_image": logits, "logits_per_text": logits,
               "text_embeds": text_out, "image_embeds": image_out}
    nodes = list(t.node) + list(v.node)
    nodes += _normalize(text_out.name, "text_embeds") + _normalize(image_out.name, "image_embeds") + _logits()
    constants = [
        numpy_helper.from_array(np.array(NORM_EPS, np.float32), "norm_eps"),
        numpy_helper.from_array(np.array(logit_scale_log, np.float32), "logit_scale"),
    ]
    graph = helper.make_graph(
        nodes, "clip",
        [_declared(inputs[name], name) for name in INPUT_NAMES],
        [_declared(outputs[name], name) for name in OUTPUT_NAMES],
        list(t.initializer) + list(v.initializer) + constants,
    )
    opsets = {}
    for opset in list(text.opset_import) + list(vision.opset_import):
        opsets[opset.domain] = max(opset.version, opsets.get(opset.domain, 0))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid(d, n) for d, n in opsets.items()],
                              producer_name="cliptag tools/toy-clip/toyclip/combined.py")
    model.ir_version = max(text.ir_version, vision.ir_version)
    onnx.checker.check_model(model)
    return model


def logit_scale_log(repo_dir):
    """The trained log logit scale that export.hf_config writes (clamped as model.scale() clamps it)."""
    with open(os.path.join(repo_dir, "config.json")) as f:
        return json.load(f)["logit_scale_init_value"]


def write_combined(repo_dir, onnx_dir, dtype):
    """Writes onnx_dir/model(_quantized).onnx from repo_dir's encoders of `dtype`; returns its path."""
    _, text_path, vision_path = sources(repo_dir, dtype)
    model = combine(onnx.load(text_path), onnx.load(vision_path), logit_scale_log(repo_dir))
    path = os.path.join(onnx_dir, FILES[dtype][2])
    # Written beside and then renamed, so a build cut short never leaves a file that looks up to date.
    onnx.save(model, path + ".partial")
    os.replace(path + ".partial", path)
    return path


def sources(repo_dir, dtype):
    """The files a dtype's combined model is built from: the config (for the logit scale) and both encoders."""
    text_file, vision_file, _ = FILES[dtype]
    return [os.path.join(repo_dir, "config.json"), os.path.join(repo_dir, "onnx", text_file),
            os.path.join(repo_dir, "onnx", vision_file)]
