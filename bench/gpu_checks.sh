#!/usr/bin/env bash
# What needs a CUDA GPU, in one command per part (each part fits in well under 10 minutes on one H100).
#
#   bench/gpu_checks.sh OUT mfu              # GPU tests, then bench/train_step.py: small + base (ours, nanoGPT),
#                                            # base with fused projections; tables in OUT/*.log
#   bench/gpu_checks.sh OUT mfu2             # base at micro-batch 64, and with max-autotune
#   bench/gpu_checks.sh OUT tweeteval TE     # small on a tokenized TweetEval corpus TE (README recipe), eval, samples
#
# Runs from the repository root with the project on PYTHONPATH (no install needed where torch and
# transformers are already there). Every part writes its log under OUT even when a step fails.
set -u
out=${1:?usage: bench/gpu_checks.sh OUT mfu|mfu2|tweeteval [CORPUS]}
part=${2:?usage: bench/gpu_checks.sh OUT mfu|mfu2|tweeteval [CORPUS]}
mkdir -p "$out"
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
command -v nvidia-smi > /dev/null || { echo "no nvidia-smi here: these checks need a CUDA GPU" >&2; exit 1; }
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | tee "$out/gpu.txt"

case "$part" in
mfu)
    timeout 120 python3 -m pytest -q tests/train/test_gpu.py 2>&1 | tail -3 | tee "$out/test_gpu.log"
    timeout 240 python3 bench/train_step.py --gpu --gpu-only > "$out/bench.log" 2>&1
    timeout 150 python3 bench/train_step.py --gpu --gpu-only --gpu-presets base \
        --gpu-loops townsquare+compile townsquare-fused+compile > "$out/bench_fused.log" 2>&1
    grep -h "│" "$out"/bench*.log
    ;;
mfu2)
    timeout 150 python3 bench/train_step.py --gpu --gpu-only --gpu-presets base --gpu-batch 64 \
        --gpu-loops townsquare+compile > "$out/bench_b64.log" 2>&1
    timeout 300 python3 bench/train_step.py --gpu --gpu-only --gpu-presets base \
        --gpu-loops townsquare+compile --compile-mode max-autotune-no-cudagraphs > "$out/bench_autotune.log" 2>&1
    grep -h "│" "$out"/bench_b64.log "$out"/bench_autotune.log
    ;;
tweeteval)
    corpus=${3:?tweeteval needs a tokenized corpus: townsquare tokenize CORPUS --vocab-size 16384}
    rm -rf /tmp/gpu_te
    timeout 200 python3 -m townsquare train "$corpus" --preset small --out /tmp/gpu_te --max-steps 900 \
        --set batch_size=64 --set grad_accum=1 --set dropout=0.2 --set eval_interval=100 --set eval_batches=5 \
        > "$out/train.log" 2>&1
    tail -c 400 "$out/train.log"
    timeout 120 python3 -m townsquare eval /tmp/gpu_te 2>&1 | tee "$out/eval.log"
    # one process and one model load for every sample: starting Python and torch per prompt costs ~10 s each
    timeout 120 python3 - /tmp/gpu_te > "$out/samples.txt" 2>&1 <<'EOF'
import sys
from townsquare.train.export import load_exported
from townsquare.train.generate import model_dir, sample
model, tokenizer = load_exported(model_dir(sys.argv[1]), "cuda")
for prompt in ("", "I can't believe", "Happy birthday", "The game tonight", "@user", "So excited"):
    for text in sample(model, tokenizer, prompt, num=4, seed=1):
        print(f"[{prompt}] {text}")
EOF
    cp /tmp/gpu_te/log.jsonl /tmp/gpu_te/loss.png "$out/" 2>/dev/null
    head -24 "$out/samples.txt"
    ;;
*)
    echo "unknown part $part: choose mfu, mfu2 or tweeteval" >&2
    exit 2
    ;;
esac
