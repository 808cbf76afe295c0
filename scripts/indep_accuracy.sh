#!/usr/bin/env bash
# Accuracy of credsieve's defaults on data from the independent generator
# (scripts/indepgen/indepgen.py, written from SPEC.md alone without reading credsieve), with the
# fail2ban and over-reset baselines beside it. Prints a Markdown table and credsieve's precision
# and recall pooled over all sets.
#
#   scripts/indep_accuracy.sh                       # 4 profiles x seeds 1-3, scale 5000
#   PROFILES="mixed" SEEDS="7 8" SCALE=50000 WORK=/tmp/ia scripts/indep_accuracy.sh
#
# Needs python3 and jq. Environment: PROFILES, SEEDS, SCALE, WORK (kept sets), CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILES=${PROFILES:-"mixed botnet-heavy low-and-slow noisy-honest"}
SEEDS=${SEEDS:-"1 2 3"}
SCALE=${SCALE:-5000}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
command -v jq >/dev/null || { echo "indep_accuracy.sh: needs jq" >&2; exit 1; }

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/credsieve
echo "indep_accuracy.sh: binary $BIN, work dir $WORK" >&2

echo "| profile | seed | scale | events | truth | credsieve flagged | FP | precision | recall | fail2ban flagged | FP | precision | recall | over-reset flagged | FP | precision | recall |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
evals=()
for p in $PROFILES; do
    for s in $SEEDS; do
        d="$WORK/$p-$s"
        python3 scripts/indepgen/indepgen.py --seed "$s" --scale "$SCALE" --profile "$p" --out "$d" >/dev/null
        "$BIN" detect "$d/events.jsonl" --leak-combos "$d/combos.txt" --leak-passwords "$d/passwords.txt" \
            --out "$d/out" 2>/dev/null
        "$BIN" eval --truth "$d/truth.csv" "$d/out" --logs "$d/events.jsonl" --json >"$d/eval.json"
        jq -r --arg name "$p" --arg seed "$s" --arg size "$SCALE" \
            --slurpfile summary "$d/out/summary.json" -f scripts/table_row.jq "$d/eval.json"
        evals+=("$d/eval.json")
    done
done
jq -r -s --arg what "all sets" -f scripts/pooled.jq "${evals[@]}"
