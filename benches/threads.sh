#!/usr/bin/env bash
# One candle CPU thread against two, on the figure1 preset (width 32, batch 256),
# interleaved so both see the same machine load. Prints iterations/s per round and the
# median ratio. Usage: benches/threads.sh [ROUNDS] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
steps=${2:-2000}
cargo build --release --quiet
bin=target/release/ganscope
rate() { "$bin" --threads "$1" train --preset figure1 --steps "$steps" --json | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["steps_per_second"], 1))'; }
one=(); two=()
for r in $(seq "$rounds"); do
  a=$(rate 1); b=$(rate 2)
  one+=("$a"); two+=("$b")
  echo "round $r: 1 thread $a it/s, 2 threads $b it/s"
done
python3 - "${one[*]}" "${two[*]}" <<'PY'
import statistics, sys
one = [float(x) for x in sys.argv[1].split()]
two = [float(x) for x in sys.argv[2].split()]
print(f"median: 1 thread {statistics.median(one):.0f} it/s, 2 threads {statistics.median(two):.0f} it/s, "
      f"ratio {statistics.median(one) / statistics.median(two):.2f}x")
PY
