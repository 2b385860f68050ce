#!/usr/bin/env bash
# Builds ganscope for the browser into web/dist/ (index.html, ganscope.js, ganscope_bg.wasm):
# a static site, served by any file server, e.g. `python3 -m http.server -d web/dist 8000`.
#
# The recipe of ../shared/WEB.md: Debian's rustc-web (a compiler with the std source),
# std built for wasm32 (build-std), wasm-ld as the linker, then wasm-bindgen for the JS
# glue. Installs what is missing (the apt packages, and wasm-bindgen-cli at the exact
# version Cargo.lock pins). The web build has its own target dir (target/web), so it
# never invalidates the native build.
set -euo pipefail
cd "$(dirname "$0")/.."

packages="rustc-web cargo-web rust-web-src lld-19"
missing=""
for p in $packages; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# wasm-bindgen's CLI must be the version of the wasm-bindgen crate in Cargo.lock.
bindgen_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
bindgen="$HOME/.cargo/bin/wasm-bindgen"
if ! "$bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version"; then
  echo "installing wasm-bindgen-cli $bindgen_version"
  # Its own lock file first. When a crate it pins can no longer be resolved (on
  # 2026-12-07 the registry offered webpki-roots up to 1.0.10, where 0.2.130's lock file
  # pins 1.0.11: yanked), `--locked` fails, and the newest compatible versions are taken.
  cargo install --locked --quiet wasm-bindgen-cli --version "$bindgen_version" ||
    cargo install --quiet wasm-bindgen-cli --version "$bindgen_version"
fi

# rustup's cargo comes first in PATH and has no wasm32 std: Debian's tools, named.
RUSTC_BOOTSTRAP=1 \
RUSTFLAGS='--cfg getrandom_backend="wasm_js" -C linker=wasm-ld-19 -C target-feature=+simd128' \
PATH=/usr/bin:/bin RUSTC=/usr/bin/rustc CARGO_TARGET_DIR=target/web \
  /usr/bin/cargo build --profile web --bin ganscope --target wasm32-unknown-unknown \
  -Zbuild-std=std,panic_abort

rm -rf web/dist
mkdir -p web/dist
# Function names cost about a tenth of the download; GANSCOPE_WEB_NAMES=1 keeps them for
# a profiler.
strip="--remove-name-section --remove-producers-section"
if [ -n "${GANSCOPE_WEB_NAMES:-}" ]; then strip=""; fi
# shellcheck disable=SC2086
"$bindgen" --target web --no-typescript $strip --out-dir web/dist \
  target/web/wasm32-unknown-unknown/web/ganscope.wasm
cp web/index.html web/dist/index.html
wasm_bytes=$(stat -c %s web/dist/ganscope_bg.wasm)
gzipped=$(cat web/dist/ganscope_bg.wasm web/dist/ganscope.js | gzip -9 | wc -c)
echo "web/dist: wasm $((wasm_bytes / 1024)) KiB, wasm + JS gzipped $((gzipped / 1024)) KiB"
echo "serve it with: python3 -m http.server -d web/dist 8000   (then open http://127.0.0.1:8000/)"
