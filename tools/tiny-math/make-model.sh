#!/usr/bin/env bash
# Make the tiny-math base model from scratch (what packages/tiny-math/model holds): three seeded phases of
# tools/tiny-math/src/pretrain.ts, each continuing from the last with fresh documents (another seed) and a new
# cosine schedule. Usage: tools/tiny-math/make-model.sh [OUT_DIR] (default packages/tiny-math/model).
# Measured here: 52 minutes in all with the other core busy (13.7 + 19.0 + 19.0); see packages/tiny-math/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-packages/tiny-math/model}"
work="$(mktemp -d)"
run() { node --conditions=@reasonrl/source --import tsx tools/tiny-math/src/pretrain.ts "$@"; }
# Phase 1: tokenizer + random init, 900 steps at peak lr 3e-3.
run --out "$work/phase1" --seed 0 --steps 900 --batch 32 --lr 3e-3 --layers 2 --intermediate 352 \
  --eval-every 300 --eval-examples 128
# Phase 2: 1200 more steps at peak lr 2e-3 on new documents.
run --out "$work/phase2" --init-from "$work/phase1" --seed 1 --steps 1200 --batch 32 --lr 2e-3 \
  --eval-every 400 --eval-examples 128
# Phase 3: 1200 more steps at peak lr 1.5e-3.
run --out "$out" --init-from "$work/phase2" --seed 2 --steps 1200 --batch 32 --lr 1.5e-3 \
  --eval-every 400 --eval-examples 128
rm -rf "$work"
