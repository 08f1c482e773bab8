#!/usr/bin/env bash
# Start-up cost: `chatkeys --help` against `go version`, run side by side
# (interleaved, N times each). Prints min/median/max in ms and the ratio
# of the medians. Target: ≤ 3×.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${N:-21}
bin=$(mktemp -d)/chatkeys
go build -o "$bin" .
gobin=$(command -v go)
ms() { # run "$@" once, print elapsed ms
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000 ))
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f %.1f\n", a[1]/1000, a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
help=() ; ver=()
for _ in $(seq "$n"); do
  help+=("$(ms "$bin" --help)")
  ver+=("$(ms "$gobin" version)")
done
read -r hmin hmed hmax < <(printf '%s\n' "${help[@]}" | stats)
read -r vmin vmed vmax < <(printf '%s\n' "${ver[@]}" | stats)
echo "chatkeys --help  min/median/max ms: $hmin / $hmed / $hmax"
echo "go version       min/median/max ms: $vmin / $vmed / $vmax"
awk -v a="$hmed" -v b="$vmed" 'BEGIN {printf "ratio of medians: %.2f× (target ≤ 3×)\n", a/b}'
