#!/usr/bin/env bash
# Issue 18's GPU part in one device call: train small and base on every public corpus we have, score both on
# TweetEval, measure the TF-IDF baseline in the same call, and draw the report page.
#
#   bench/gpu_tweeteval.sh OUT                  # on one H100: about 7 minutes planned, every step with a timeout
#   PRESETS=base REUSE=1 bench/gpu_tweeteval.sh OUT2   # a second call on the warm machine if base did not fit:
#                                               # reuses the corpus and the small run already in $WORK
#   MICRO=1 bench/gpu_tweeteval.sh OUT          # the same steps at micro size on a CPU (about 2 minutes)
#
# Pretraining data: the TweetEval *train* splits (never val or test: val picks each head's epoch, test is
# what we report), the X account archive, the X API v2 pages and the Bluesky exports in ../shared/data;
# `townsquare build` keeps only their public posts. Results under OUT: eval.json and REPORT.md of each run,
# baseline.json + baseline.log (TF-IDF + LR next to the published rows and our small model), report/
# (the page), and summary.txt with the lines to quote.
set -u
out=${1:?usage: [MICRO=1] bench/gpu_tweeteval.sh OUT}
mkdir -p "$out"
out=$(cd "$out" && pwd)
data=${DATA:-$(cd "$(dirname "$0")/../.." && pwd)/shared/data}
[ -d "$data/tweeteval" ] || data=/work/shared/data
te=$data/tweeteval
work=${WORK:-/tmp/gpu_tweeteval}
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
ts="python3 -m townsquare"
step() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$out/summary.txt"; }

if [ "${MICRO:-0}" = 1 ]; then  # CPU smoke size: the same commands, tiny numbers
    presets="micro" vocab=400 device=cpu
    train_small="--max-steps 20"
    te_set="--tweeteval-set max_steps=2 --tweeteval-set limit=60 --tweeteval-set batch_size=8"
    bench_limit="--limit 300"
    sources="$te/irony/train_text.txt $te/emotion/train_text.txt $data/x-api-v2"
else
    command -v nvidia-smi > /dev/null || { echo "no nvidia-smi: run with MICRO=1 on a CPU" >&2; exit 1; }
    nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | tee "$out/gpu.txt"
    presets=${PRESETS:-small base} vocab=16384 device=cuda
    # small: the README recipe (~8.5 epochs of the TweetEval train texts); base: context 256 (posts are short),
    # 64 x 256 tokens a step, 300 steps (~9 epochs); both export their lowest-validation-loss weights
    train_small="--max-steps 900 --set batch_size=64 --set grad_accum=1 --set dropout=0.2 --set eval_interval=100 --set eval_batches=5"
    train_base="--max-steps 300 --set block_size=256 --set batch_size=64 --set grad_accum=1 --set dropout=0.1 --set warmup_steps=30 --set eval_interval=50 --set eval_batches=5"
    # chosen before any measurement, not tuned on test: 2 epochs, the better one on val kept
    te_set="--tweeteval-set epochs=2 --tweeteval-set lr=1e-4 --tweeteval-set batch_size=64"
    bench_limit=""
    sources="$(ls "$te"/{emoji,emotion,hate,irony,offensive}/train_text.txt "$te"/stance/*/train_text.txt) \
             $data/x-archive/milahu104 $data/x-api-v2 $data/bluesky/jetstream/expected_v1.jsonl $data/bluesky/jetstream/repo.car"
fi
if [ "${REUSE:-0}" = 1 ] && [ -f "$work/corpus/tokens/meta.json" ]; then
    for p in $presets; do rm -rf "$work/runs/$p"; done
else
    rm -rf "$work" && mkdir -p "$work/runs"
fi

# the TF-IDF baseline runs on the CPU cores while the GPU trains (it does not touch the GPU)
tfidf=""
if [ ! -f "$work/tfidf.json" ]; then
    step "tf-idf baseline (background)"
    (timeout 500 python3 bench/tweeteval_baseline.py --data "$te" $bench_limit --out "$work/tfidf.json" \
        > "$out/tfidf.log" 2>&1; echo "tf-idf exit $?" >> "$out/tfidf.log") &
    tfidf=$!
fi

if [ ! -f "$work/corpus/tokens/meta.json" ]; then
    step "build + tokenize"
    timeout 120 $ts build $sources --out "$work/corpus" --workers 8 > "$out/build.log" 2>&1 || { tail -5 "$out/build.log"; exit 1; }
    tail -2 "$out/build.log" | tee -a "$out/summary.txt"
    timeout 120 $ts tokenize "$work/corpus" --vocab-size $vocab > "$out/tokenize.log" 2>&1 || { tail -5 "$out/tokenize.log"; exit 1; }
fi

for preset in $presets; do
    run=$work/runs/$preset
    opts=$train_small; [ "$preset" = base ] && opts=$train_base
    step "train $preset"
    timeout 150 $ts train "$work/corpus" --preset $preset --out "$run" $opts > "$out/train_$preset.log" 2>&1
    tail -1 "$out/train_$preset.log" | tee -a "$out/summary.txt"
    step "eval $preset --tweeteval"
    timeout 200 $ts eval "$run" --device $device --tweeteval "$te" $te_set > "$out/eval_$preset.log" 2>&1
    grep -E "TweetEval|val loss" "$out/eval_$preset.log" | tee -a "$out/summary.txt"
    mkdir -p "$out/$preset" && cp "$run"/{eval.json,REPORT.md,run.json,train_summary.json,log.jsonl,loss.png,tweeteval.png} "$out/$preset/" 2>/dev/null
done

step "wait for tf-idf"
[ -n "$tfidf" ] && wait $tfidf && tail -1 "$out/tfidf.log"
if [ ! -f "$work/tfidf.json" ]; then echo "tf-idf did not finish: see $out/tfidf.log" | tee -a "$out/summary.txt"; exit 1; fi
# the table: TF-IDF measured above, our runs' heads measured above (eval.json), the published rows
runs_done=$(for p in small base micro; do [ -f "$work/runs/$p/eval.json" ] && echo "$work/runs/$p"; done)
python3 bench/tweeteval_baseline.py --data "$te" --reuse "$work/tfidf.json" \
    $(for r in $runs_done; do echo --eval "$r"; done) --out "$out/baseline.json" 2>&1 | tee "$out/baseline.log" | tee -a "$out/summary.txt"

step "report"
$ts report $runs_done --out "$out/report" --baseline "$out/baseline.json" 2>&1 | tee -a "$out/summary.txt"
step "done"
