#!/usr/bin/env bash
# Takes the README screenshot: the app under Xvfb (no display or GPU needed), training
# the figure1 preset for SECONDS, then a capture of the screen into assets/screenshot.png.
# Needs xvfb and imagemagick (apt-get install xvfb imagemagick). Usage: scripts/screenshot.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-25}
cargo build --release --quiet
if [ -z "${WGPU_BACKEND:-}" ]; then unset WGPU_BACKEND; fi
# A fresh settings store, so the app opens on the figure1 preset, not on what was saved last.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
xvfb-run -a -s "-screen 0 1440x900x24" bash -c "
  target/release/ganscope &
  app=\$!
  sleep $seconds
  import -window root assets/screenshot.png
  kill \$app
  wait \$app 2>/dev/null || true
"
echo "wrote assets/screenshot.png"
