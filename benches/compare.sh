#!/usr/bin/env bash
# ganscope against PyTorch and the hand-written floor, on the same GAN, in one run.
#
#   benches/compare.sh [PYTHON]
#
# Runs `cargo bench --bench engine -- iteration` with candle on 1 and on 2 threads
# (the floor runs with the first), then benches/peer/torch_gan.py with torch on 1 thread
# and on its default thread count, if PYTHON (default: python3) can import torch, and
# prints one table: iterations/s of each, ganscope's best thread setting against
# PyTorch's best, and ganscope (1 thread) against the floor. Installs nothing: without
# torch it says how to get it and prints ganscope's and the floor's figures alone.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

for threads in 1 2; do
    echo "== ganscope with candle on $threads thread(s)" >&2
    RAYON_NUM_THREADS=$threads cargo bench --bench engine -- 'iteration|plane' >&2
done

if "$python" -c "import torch" 2>/dev/null; then
    for threads in 1 0; do
        echo "== PyTorch with torch.set_num_threads(${threads/#0/default})" >&2
        "$python" benches/peer/torch_gan.py --threads "$threads" | tee -a "$results/torch.jsonl" >&2
        "$python" benches/peer/torch_gan.py --threads "$threads" --plane | tee -a "$results/torch_plane.jsonl" >&2
    done
else
    cat >&2 <<'EOF'
PyTorch is not installed for this python, so only ganscope and the floor are measured.
To compare, install it (CPU is enough; the PyPI wheel also pulls CUDA libraries):
    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch
    benches/compare.sh /tmp/torchenv/bin/python
EOF
fi

python3 - "$results/torch.jsonl" "$results/torch_plane.jsonl" <<'EOF'
import glob, json, os, sys

def rate(path):
    with open(path) as f:
        return 1e9 / json.load(f)["mean"]["point_estimate"]

ours = {}
for path in glob.glob("target/criterion/iteration/*/*/new/estimates.json"):
    parts = path.split(os.sep)
    name, cell = parts[-4], parts[-3]
    ours.setdefault(cell, {})[name] = rate(path)

torch = {}
if os.path.exists(sys.argv[1]):
    for line in open(sys.argv[1]):
        r = json.loads(line)
        cell = f"w{r['width']}_b{r['batch']}"
        torch.setdefault(cell, {})[f"{r['threads']}t"] = r["its_per_s"]

def key(cell):
    w, b = cell[1:].split("_b")
    return int(w), int(b)

print()
print("| width | batch | ganscope 1t | ganscope 2t | PyTorch 1t | PyTorch default | floor | best/best PyTorch | ganscope 1t / floor |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for cell in sorted(ours, key=key):
    w, b = key(cell)
    g = ours[cell]
    t = torch.get(cell, {})
    g1, g2, fl = g.get("ganscope-1t"), g.get("ganscope-2t"), g.get("floor")
    t1 = t.get("1t")
    tdefault = max((v for k, v in t.items() if k != "1t"), default=None)
    best_g = max(v for v in (g1, g2) if v) if (g1 or g2) else None
    best_t = max(v for v in (t1, tdefault) if v) if (t1 or tdefault) else None
    fmt = lambda v: f"{v:.0f}" if v else "-"
    ratio = lambda a, b: f"{a / b:.2f}x" if a and b else "-"
    print(f"| {w} | {b} | {fmt(g1)} | {fmt(g2)} | {fmt(t1)} | {fmt(tdefault)} | {fmt(fl)} "
          f"| {ratio(best_g, best_t)} | {ratio(g1, fl)} |")

# The 2-D cells (the ring, ReLU): ganscope's plane group against torch_gan.py --plane.
plane = {}
for path in glob.glob("target/criterion/plane/*/*/new/estimates.json"):
    parts = path.split(os.sep)
    plane.setdefault(parts[-3], {})[parts[-4]] = rate(path)
torch_plane = {}
if os.path.exists(sys.argv[2]):
    for line in open(sys.argv[2]):
        r = json.loads(line)
        cell = f"w{r['width']}_z{r['z']}_b{r['batch']}"
        torch_plane.setdefault(cell, {})[f"{r['threads']}t"] = r["its_per_s"]
if plane:
    print()
    print("| 2-D cell | ganscope 1t | ganscope 2t | PyTorch 1t | PyTorch default | best/best PyTorch |")
    print("|---|---:|---:|---:|---:|---:|")
    for cell in sorted(plane):
        g, t = plane[cell], torch_plane.get(cell, {})
        g1, g2, t1 = g.get("ganscope-1t"), g.get("ganscope-2t"), t.get("1t")
        tdefault = max((v for k, v in t.items() if k != "1t"), default=None)
        best_g = max((v for v in (g1, g2) if v), default=None)
        best_t = max((v for v in (t1, tdefault) if v), default=None)
        fmt = lambda v: f"{v:.0f}" if v else "-"
        ratio = lambda a, b: f"{a / b:.2f}x" if a and b else "-"
        print(f"| {cell} | {fmt(g1)} | {fmt(g2)} | {fmt(t1)} | {fmt(tdefault)} | {ratio(best_g, best_t)} |")
EOF
