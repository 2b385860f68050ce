#!/usr/bin/env bash
# The stability map's speed (issue 26, point 5): `ganscope map` with its runs in teams
# (one batched ensemble each, every core) against the same runs one after another on
# one thread, and against the hand-written floor (benches/floor_gan) summed over cells.
#
#   benches/map.sh [ROUNDS]
#
# Each map is timed ROUNDS times (default 3), interleaved with its one-by-one rate so
# both see the same machine load; medians are printed. One-by-one is
# `RAYON_NUM_THREADS=1 ganscope train` of one cell's setting (steps_per_second) times
# the cells' iterations: training alone, no measuring, so it flatters one-by-one.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
cargo build --release --quiet
bin=target/release/ganscope
axes12="--x lr_d=1e-4..1e-1:log:12 --y lr_g=1e-4..1e-1:log:12 --steps 2000"
axes8="--x lr_d=1e-4..1e-1:log:8 --y lr_g=1e-4..1e-1:log:8 --steps 2000"

seconds() { # the wall time of a map, in seconds
  local start end
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$bin" map $1 --json >/dev/null
  end=$(date +%s.%N)
  python3 -c "print(round($end - $start, 2))"
}
rate() { # one run's iterations/s alone, on one thread
  # shellcheck disable=SC2086
  RAYON_NUM_THREADS=1 "$bin" train $1 --steps 3000 --json |
    python3 -c 'import json,sys; print(round(json.load(sys.stdin)["steps_per_second"], 1))'
}

report() { # NAME SETTINGS AXES CELLS
  local maps=() rates=()
  for _ in $(seq "$rounds"); do
    maps+=("$(seconds "$2 $3")")
    rates+=("$(rate "$2")")
  done
  python3 - "$1" "$4" "${maps[*]}" "${rates[*]}" <<'PY'
import statistics, sys
name, cells = sys.argv[1], int(sys.argv[2])
maps = [float(x) for x in sys.argv[3].split()]
rates = [float(x) for x in sys.argv[4].split()]
iterations = cells * 2000
t, r = statistics.median(maps), statistics.median(rates)
print(f"{name}: map {t:.1f} s ({iterations / t:,.0f} it/s summed; rounds {maps}); "
      f"one by one {iterations / r:.1f} s ({r:,.0f} it/s); map / one-by-one {iterations / t / r:.2f}x")
PY
}

report "figure1, width 16, batch 64, 12 x 12" "--preset figure1 --set hidden=16 --set batch=64" "$axes12" 144
report "the floor's model (tanh, no R1), width 16, batch 64, 12 x 12" \
  "--preset figure1 --set hidden=16 --set batch=64 --set activation=tanh --set r1_gamma=0" "$axes12" 144
report "figure1, width 32, batch 256, 8 x 8" "--preset figure1 --set hidden=32 --set batch=256" "$axes8" 64

echo "== the floor at width 16, batch 64 (one thread; its iterations/s = 1 / the time shown)"
RAYON_NUM_THREADS=1 cargo bench --bench engine -- 'iteration/floor/w16_b64' 2>&1 | grep "floor/w16_b64 *time:"
