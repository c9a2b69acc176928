#!/usr/bin/env bash
# Every test: types, unit tests in Node, then the built app end to end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
npx tsc -b
npx vitest run
npx vite build
npx playwright test
