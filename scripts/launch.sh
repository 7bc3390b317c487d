#!/usr/bin/env bash
# Builds Mend and starts it. Extra arguments go to the app, e.g.
#   ./scripts/launch.sh --data-dir /tmp/mend-demo
#
# Installs missing build dependencies first (scripts/setup.sh, uses sudo when not root).
#
# Build profile: the dev profile by default, because it is the quickest way from a fresh
# clone to a running window. Cargo.toml compiles every dependency optimised (opt-level 2)
# even in dev, so the app runs at a realistic speed, while only Mend's own small crate is
# left unoptimised and there is no link-time optimisation step. The dev build is also the
# one `cargo test` (scripts/test.sh) makes, so after a test run launching is instant.
# Set MEND_RELEASE=1 for the release build the .deb ships (slower to compile: optimised for
# size, opt-level "s", with SQLite's C code at opt-level 3, and thin LTO; the binary ends up
# in target/release/mend).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

target_dir="${CARGO_TARGET_DIR:-target}"
if [ -n "${MEND_RELEASE:-}" ] && [ "${MEND_RELEASE}" != "0" ]; then
  cargo build --release --bin mend
  exec "$target_dir/release/mend" "$@"
else
  cargo build --bin mend
  exec "$target_dir/debug/mend" "$@"
fi
