#!/usr/bin/env bash
# Accuracy of credsieve's default configuration on data sets made from seeds never used in
# tuning, with the fail2ban and over-reset baselines beside it. Prints a Markdown table and
# credsieve's precision and recall pooled over the realistic days.
#
#   scripts/accuracy.sh                 # every scenario (seed 9001) + realistic-day 9001 9002 9003
#   WORK=/tmp/acc scripts/accuracy.sh   # keep the generated sets and outputs there
#
# Needs jq. Environment: SEED (scenarios, default 9001), DAY_SEEDS (default "9001 9002 9003"),
# SCEN_ACCOUNTS (default 2000), DAY_ACCOUNTS (default 5000), CARGO_TARGET_DIR, FINGERPRINTS
# (default 1; 0 drops `cred` and `pw` from the events and detects without leaks: what a
# behavioural-only log such as sshd's gets).
set -euo pipefail
cd "$(dirname "$0")/.."

SEED=${SEED:-9001}
DAY_SEEDS=${DAY_SEEDS:-"9001 9002 9003"}
SCEN_ACCOUNTS=${SCEN_ACCOUNTS:-2000}
FINGERPRINTS=${FINGERPRINTS:-1}
DAY_ACCOUNTS=${DAY_ACCOUNTS:-5000}
SCENARIOS="stuffing distributed spraying bruteforce ipv6-rotation takeover-followup cgnat monitoring typos"
MUST_NOT_FLAG=" cgnat monitoring typos "
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
command -v jq >/dev/null || { echo "accuracy.sh: needs jq" >&2; exit 1; }

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/credsieve
echo "accuracy.sh: binary $BIN, work dir $WORK" >&2

# One table row: generate, detect with the defaults, eval with the baselines.
row() {
    local scenario=$1 seed=$2 accounts=$3
    local dir="$WORK/$scenario-$seed"
    "$BIN" gen --scenario "$scenario" --seed "$seed" --accounts "$accounts" --out "$dir" 2>/dev/null
    local events="$dir/events.jsonl"
    if [[ $FINGERPRINTS == 0 ]]; then
        events="$dir/events-nofp.jsonl"
        sed -E 's/,"cred":"[0-9a-f]+"//; s/,"pw":"[0-9a-f]+"//' "$dir/events.jsonl" >"$events"
        "$BIN" detect "$events" --out "$dir/out" 2>/dev/null
    else
        "$BIN" detect "$events" --leak-combos "$dir/combos.txt" --leak-passwords "$dir/passwords.txt" \
            --out "$dir/out" 2>/dev/null
    fi
    "$BIN" eval --truth "$dir/truth.csv" "$dir/out" --logs "$events" --json >"$dir/eval.json"
    local kind=""
    [[ $MUST_NOT_FLAG == *" $scenario "* ]] && kind=" (must not flag)"
    jq -r --arg name "$scenario$kind" --arg seed "$seed" --arg size "$accounts" \
        --slurpfile summary "$dir/out/summary.json" -f scripts/table_row.jq "$dir/eval.json"
}

echo "| data set | seed | accounts | events | truth | credsieve flagged | FP | precision | recall | fail2ban flagged | FP | precision | recall | over-reset flagged | FP | precision | recall |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for s in $SCENARIOS; do
    row "$s" "$SEED" "$SCEN_ACCOUNTS"
done
days=()
for s in $DAY_SEEDS; do
    row realistic-day "$s" "$DAY_ACCOUNTS"
    days+=("$WORK/realistic-day-$s/eval.json")
done
jq -r -s --arg what "realistic-day" -f scripts/pooled.jq "${days[@]}"
