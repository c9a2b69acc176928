#!/usr/bin/env bash
# Every test: types, lint and formatting, unit tests in Node, the built app end to end in Debian's
# Chromium, and the benchmark harness's smoke run on the toy model (checks its JSON report's shape, not its speed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
npx tsc -b
npm run lint
npx vitest run
npx vite build
npx playwright test
CLIPTAG_BENCH=smoke bash scripts/bench.sh
