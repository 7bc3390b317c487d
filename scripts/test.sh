#!/usr/bin/env bash
# Runs Mend's whole test suite: the UI's unit tests (node --test tests/ui/), then the Rust
# unit tests, integration tests and the end-to-end tests that
# drive the real app through tauri-driver under a private Xvfb (the tests start both
# themselves; no xvfb-run needed). Installs what is missing first (scripts/setup.sh --test).
#
# Extra arguments go to `cargo test`, e.g.  ./scripts/test.sh --test e2e_smoke -- --nocapture
# Screenshots taken by the end-to-end tests land in tests/output/ (ignored by git); a failing
# end-to-end step also saves tests/output/failure-<test>.png.
# With CI set, a short summary is printed at the end. Exits non-zero on any failure.
# With --deb, and always with CI set, once every test passed the Debian package is built and
# checked as well (scripts/package.sh --check). (Not --package: that is cargo's own option.)
set -euo pipefail
cd "$(dirname "$0")/.."

package=0
[ -n "${CI:-}" ] && package=1
cargo_args=()
for arg in "$@"; do
  if [ "$arg" = "--deb" ]; then package=1; else cargo_args+=("$arg"); fi
done
set -- "${cargo_args[@]}"

./scripts/setup.sh --test
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ ! -f Cargo.lock ]; then
  echo "test.sh: Cargo.lock is missing. Run 'cargo generate-lockfile' (or any cargo build) and commit Cargo.lock." >&2
  exit 1
fi

mkdir -p tests/output
rm -f tests/output/failure-*.png

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)

# The UI's own unit tests (chart geometry, CSV) first: quick, and a failure fails the run.
echo "test.sh: node --test tests/ui/"
if ! node --test tests/ui/; then
  echo "test.sh: the UI unit tests failed (node --test tests/ui/)" >&2
  exit 1
fi

# The core crates (crates/mend-core, crates/mend-pg) must stay free of Tauri and the webview: the
# layers are kept by the compiler only as long as it cannot reach them.
for crate in mend-core mend-pg; do
  echo "test.sh: cargo tree -p $crate (no tauri, wry, gtk or webkit)"
  if ! core_tree=$(cargo tree --locked -p "$crate" -e normal,build --prefix none); then
    echo "test.sh: cargo tree -p $crate failed" >&2
    exit 1
  fi
  if grep -Eiq '^(tauri|wry|tao|gtk|gdk|webkit|javascriptcore|soup)' <<<"$core_tree"; then
    echo "test.sh: $crate depends on a window crate:" >&2
    grep -Ei '^(tauri|wry|tao|gtk|gdk|webkit|javascriptcore|soup)' <<<"$core_tree" | sort -u >&2
    exit 1
  fi
done

set +e
cargo test --locked --no-fail-fast "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The .deb: built and checked only when every test passed.
package_line=""
if [ "$package" -eq 1 ]; then
  if [ "$status" -eq 0 ]; then
    set +e
    ./scripts/package.sh --check 2>&1 | tee "$log.package"
    package_status=${PIPESTATUS[0]}
    set -e
    size=$(sed -n 's/^package: [0-9]* bytes (\(.*\))$/\1/p' "$log.package" | tail -n 1)
    rm -f "$log.package"
    if [ "$package_status" -eq 0 ]; then
      package_line="package: .deb built and checked${size:+ ($size)}"
    else
      package_line="package: FAILED (scripts/package.sh --check exited $package_status)"
      status=$package_status
    fi
  else
    package_line="package: not built, because tests failed"
  fi
fi

if [ -n "${CI:-}" ]; then
  elapsed=$(( $(date +%s) - start ))
  # Sum the "test result: ok. N passed; N failed; N ignored; ..." lines of every test binary.
  read -r binaries passed failed ignored < <(
    awk '/^test result:/ {
           n++
           for (i = 1; i <= NF; i++) {
             v = $i; sub(/;$/, "", $(i+1))
             if ($(i+1) == "passed") p += v
             if ($(i+1) == "failed") f += v
             if ($(i+1) == "ignored") g += v
           }
         }
         END { printf "%d %d %d %d\n", n, p, f, g }' "$log")
  echo
  echo "==================== Mend test summary ===================="
  echo "test binaries run: $binaries    time: $((elapsed / 60))m $((elapsed % 60))s    exit code: $status"
  if grep -qE '^test .* \.\.\. FAILED$' "$log"; then
    echo "failed tests:"
    grep -E '^test .* \.\.\. FAILED$' "$log" | sed -E 's/^test (.*) \.\.\. FAILED$/  - \1/'
  fi
  if [ "$status" -ne 0 ] && [ "$binaries" -eq 0 ]; then
    echo "no test ran: the build failed (see the compiler errors above)"
  fi
  [ -n "$package_line" ] && echo "$package_line"
  shots=$(find tests/output -maxdepth 1 -name '*.png' 2>/dev/null | wc -l)
  echo "screenshots in tests/output/: $shots"
  echo "summary: $passed passed, $failed failed, $ignored skipped"
fi
if [ -z "${CI:-}" ] && [ -n "$package_line" ]; then echo "$package_line"; fi

exit "$status"
