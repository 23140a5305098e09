#!/usr/bin/env bash
# Thread scaling of the scanner: URLs/s with 1, 2, 4, 8, 16 threads (up to the cores present)
# on N generated URLs, and the speed-up over 1 thread.
# Usage: bench/scaling.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-4000000}
urlscan=${URLSCAN:-$root/build/tools/urlscan}
gen=${GEN_URLS:-$root/build/scripts/gen-urls}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$gen" "$n" > "$tmp/urls.txt"
cores=$(nproc)
echo "cores: $cores, input: $n URLs"
base=""
for t in 1 2 4 8 16; do
  [ "$t" -le "$cores" ] || break
  best=""
  for r in 1 2 3; do
    s=$( { /usr/bin/time -f %e "$urlscan" --threads "$t" --count "$tmp/urls.txt" > /dev/null; } 2>&1 | tail -n 1 || true)
    best=$(python3 -c "print(min(float('$s'), float('${best:-1e9}')))")
  done
  [ -n "$base" ] || base=$best
  python3 -c "print(f'threads {$t:2d}: {$best:7.3f} s  {$n / $best:13,.0f} URLs/s  speed-up {$base / $best:5.2f}x')"
done
