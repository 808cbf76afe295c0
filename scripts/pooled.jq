# Pools `credsieve eval --json` reports (slurped with jq -s) into one Markdown line:
# true and false positives, misses, precision and recall over all of them.
(map(.tp) | add) as $tp | (map(.fp) | add) as $fp | (map(.fn) | add) as $fn
| "\n\($what) pooled: \($tp + $fp) flagged, \($fp) false positives, \($fn) missed: precision "
  + (if $tp + $fp == 0 then "1" else (($tp / ($tp + $fp)) * 1000 | round / 1000 | tostring) end)
  + ", recall "
  + (if $tp + $fn == 0 then "1" else (($tp / ($tp + $fn)) * 1000 | round / 1000 | tostring) end)
