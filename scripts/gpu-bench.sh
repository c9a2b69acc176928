#!/usr/bin/env bash
# The one command for the GPU machine (after `bash scripts/gpu-kit.sh` here), with .gpu-kit carried:
#   bash scripts/gpu-bench.sh [harness options]
# It unpacks the kit, rebuilds the real-shape model with random weights (fp32, q8, fp16), and runs
# bench/gpu/main.ts on the WebGPU and CPU providers. The report goes to $OUT (or bench-results/).
set -euo pipefail
cd "$(dirname "$0")/.."
KIT=.gpu-kit
OUT_DIR=${OUT:-bench-results}
mkdir -p "$OUT_DIR"
[ -d "$KIT" ] || { echo "No $KIT: run 'bash scripts/gpu-kit.sh' first." >&2; exit 1; }

# The bare GPU machine lacks the Vulkan loader, and commands run there as root; a workstation keeps its own.
if ! ldconfig -p | grep -q libvulkan.so.1 && [ "$(id -u)" -eq 0 ]; then
  for deb in "$KIT"/debs/*.deb; do dpkg -x "$deb" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd; fi

run=/tmp/cliptag-gpu
mkdir -p "$run"
xz -dc "$KIT/node.xz" >"$run/node"
chmod +x "$run/node"
# There node_modules did not travel; here `npm install` has put the same onnxruntime-node in place.
if [ ! -d node_modules/onnxruntime-node/dist ]; then
  mkdir -p node_modules
  tar -C node_modules -xJf "$KIT/onnxruntime-node.tar.xz"
fi
nvidia-smi >"$OUT_DIR/nvidia-smi.txt" 2>&1 || true

# The GPU machine's python3 has onnx, numpy and onnxruntime; here Debian's has the first two (no fp16 then).
python=python3
if ! "$python" -c 'import onnx, numpy' 2>/dev/null; then python=/usr/bin/python3; fi
repo="$run/models/cliptag/clip-vit-b32-random"
"$python" tools/gpu/weights.py fill "$KIT/model" "$repo"
"$run/node" bench/gpu/main.ts --model "$repo" --out "$OUT_DIR/gpu-bench.json" "$@" 2>&1 | tee "$OUT_DIR/gpu-bench.log"
