#!/usr/bin/env bash
# npm run bench: builds the app with its benchmark page, makes the real-shape ViT-B/32 model and the
# photos if they are missing (ignored folders under .cache/), then measures in headless Chromium.
# CLIPTAG_BENCH=smoke runs the same harness on the committed toy CLIP in a minute (npm test does).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
# Both runs build the toy's combined model (onnx, numpy); the full run also makes models and photos (torch, PIL).
python_packages=(python3-onnx python3-numpy)
python_modules="onnx, numpy"
if [ "${CLIPTAG_BENCH:-full}" != smoke ]; then
  python_packages+=(python3-torch python3-pil libopenblas0-pthread)
  python_modules+=", torch, PIL"
fi
if ! /usr/bin/python3 -c "import $python_modules" 2>/dev/null; then
  echo "Installing Debian's ${python_packages[*]} to make the benchmark's models." >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${python_packages[@]}" >/dev/null
fi
# The library's pipeline loads the toy's combined model, which the committed toy leaves out: the benchmark
# serves the toy from links to its files beside that model, built from its encoders when missing or stale.
/usr/bin/python3 tools/toy-clip/combine.py fixtures/models/cliptag/toy-clip .cache/bench-models/cliptag/toy-clip
if [ "${CLIPTAG_BENCH:-full}" != smoke ]; then
  if [ ! -f .cache/models/cliptag/clip-vit-b32-random/onnx/model_quantized.onnx ]; then
    /usr/bin/python3 tools/toy-clip/make.py bench --out .cache/models
  fi
  # A model made before it had the real CLIP tokenizer gets it here (a second); make.py bench writes it too.
  node tools/clip-tokenizer/make-tokenizer.mjs .cache/models/cliptag/clip-vit-b32-random >/dev/null
  # The toy model's figures (per-photo cost, its pipeline, the many-photos run) come from the same model host.
  ln -sfn ../../bench-models/cliptag/toy-clip .cache/models/cliptag/toy-clip
  if [ "$(ls .cache/bench/photos 2>/dev/null | wc -l)" -lt 1200 ]; then
    /usr/bin/python3 tools/toy-clip/make.py photos --out .cache/bench/photos --count 1200
  fi
  if [ "$(ls .cache/bench/phone-photos 2>/dev/null | wc -l)" -lt 100 ]; then
    /usr/bin/python3 tools/toy-clip/make.py photos --phone --out .cache/bench/phone-photos --count 100 --seed 1
  fi
fi
npx tsc -b
npx vite build --mode bench --logLevel warn
npx playwright test -c bench/playwright.config.ts
