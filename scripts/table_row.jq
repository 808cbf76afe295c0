# One Markdown table row from `credsieve eval --json` (the input) and the run's summary.json
# (--slurpfile summary): name, seed, size, events, truth, then flagged / FP / precision / recall
# for credsieve and the two baselines. Used by accuracy.sh and indep_accuracy.sh.
def f: (. * 1000 | round / 1000 | tostring);
def cell: "\(.flagged) | \(.fp) | \(.precision | f) | \(.recall | f)";
[$name, $seed, $size, ($summary[0].events | tostring), (.truth | tostring),
 ({flagged, fp, precision, recall} | cell),
 (.baselines[0] | cell), (.baselines[1] | cell)]
| "| " + join(" | ") + " |"
