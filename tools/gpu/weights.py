"""The real-shape benchmark model, carried to a GPU machine without its weights.

The untrained ViT-B/32-shaped model (`tools/toy-clip/make.py bench`) is 600 MB of random numbers, far
over what a call to the GPU machine may carry (64 MiB), and re-exporting it there would depend on that
machine's PyTorch. Its speed depends on the shapes, not on the numbers, so:

    python3 tools/gpu/weights.py strip REPO KIT   # here: the graphs, with every large tensor moved out
    python3 tools/gpu/weights.py fill KIT REPO    # there: random weights back in, then q8 and fp16

`strip` keeps small tensors (layer norms, biases, position embeddings) as they are and writes large
ones as external data, whose file is then left behind; `fill` writes random values of the same sizes
(normal, std 0.02, the init make.py used) in its place. q8 comes from the project's own quantizer
(tools/toy-clip/toyclip/quantize.py, as the Hub-layout fixtures); fp16 from ONNX Runtime's converter,
where the machine's onnxruntime package has it.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "toy-clip"))

ENCODERS = ("text_model", "vision_model")
SIDE_FILES = ("config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
              "special_tokens_map.json")
# Tensors of at least this many bytes leave the graph: the weight matrices and the token embedding.
EXTERNAL_BYTES = 64 * 1024


def strip(repo, kit):
    os.makedirs(kit, exist_ok=True)
    sizes = {}
    for name in ENCODERS:
        model = onnx.load(os.path.join(repo, "onnx", f"{name}.onnx"))
        weights = f"{name}.weights"
        onnx.save_model(model, os.path.join(kit, f"{name}.onnx"), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=weights, size_threshold=EXTERNAL_BYTES)
        path = os.path.join(kit, weights)
        sizes[weights] = os.path.getsize(path)
        os.remove(path)
    for file in SIDE_FILES:
        if os.path.exists(os.path.join(repo, file)):
            shutil.copy(os.path.join(repo, file), kit)
    with open(os.path.join(kit, "weights.json"), "w") as f:
        json.dump(sizes, f, indent=2)
    print(json.dumps({"kit": kit, "files": sorted(os.listdir(kit)), "weights_bytes": sizes}))


def float16_converter():
    try:
        from onnxruntime.transformers.float16 import convert_float_to_float16
        return convert_float_to_float16
    except ImportError as error:
        print(f"no fp16: {error}")
        return None


def fill(kit, repo, seed):
    from toyclip import quantize

    onnx_dir = os.path.join(repo, "onnx")
    shutil.rmtree(onnx_dir, ignore_errors=True)  # No file from an earlier fill may pass for this one's.
    os.makedirs(onnx_dir)
    for file in SIDE_FILES:
        if os.path.exists(os.path.join(kit, file)):
            shutil.copy(os.path.join(kit, file), repo)
    with open(os.path.join(kit, "weights.json")) as f:
        sizes = json.load(f)
    rng = np.random.default_rng(seed)
    to_fp16 = float16_converter()
    for name in ENCODERS:
        weights = f"{name}.weights"
        work = os.path.join(repo, "work")
        os.makedirs(work, exist_ok=True)
        shutil.copy(os.path.join(kit, f"{name}.onnx"), work)
        # Every external tensor is float32 at a 4-byte-aligned offset, so random floats fill them all.
        (rng.standard_normal(sizes[weights] // 4, dtype=np.float32) * 0.02).tofile(os.path.join(work, weights))
        model = onnx.load(os.path.join(work, f"{name}.onnx"))
        fp32 = os.path.join(onnx_dir, f"{name}.onnx")
        onnx.save_model(model, fp32)
        shutil.rmtree(work)
        count = quantize.quantize_file(fp32, os.path.join(onnx_dir, f"{name}_quantized.onnx"))
        print(f"{name}: fp32 {os.path.getsize(fp32) / 1e6:.0f} MB, q8 with {count} quantized MatMuls")
        if to_fp16:
            half = to_fp16(onnx.load(fp32), keep_io_types=True)
            onnx.save_model(half, os.path.join(onnx_dir, f"{name}_fp16.onnx"))
            print(f"{name}: fp16 written")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("strip", help="the graphs without their large tensors, and the side files")
    s.add_argument("repo")
    s.add_argument("kit")
    f = sub.add_parser("fill", help="random weights back in, then the q8 and fp16 files")
    f.add_argument("kit")
    f.add_argument("repo")
    f.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.command == "strip":
        strip(args.repo, args.kit)
    else:
        fill(args.kit, args.repo, args.seed)


if __name__ == "__main__":
    main()
