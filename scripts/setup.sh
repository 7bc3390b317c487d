#!/usr/bin/env bash
# Installs what Mend needs to build (and, with --test, to run its end-to-end tests) on
# Debian 12 / Ubuntu. Idempotent: when everything is already there it only checks and
# returns within a few seconds.
#
#   scripts/setup.sh          build dependencies: WebKitGTK and friends, a C toolchain, Rust
#   scripts/setup.sh --test   also Xvfb, WebKitWebDriver (webkit2gtk-driver), tauri-driver, Node.js
#                             and PostgreSQL (the shared-database tests start their own server)
#
# Uses sudo for apt-get when not run as root.
set -euo pipefail

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    -h|--help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*"; }

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=()
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup.sh: this script supports Debian 12 / Ubuntu (apt). Install the equivalents of:" >&2
  echo "  webkit2gtk-4.1 (dev), ayatana-appindicator3 (dev), librsvg2 (dev), libxdo (dev)," >&2
  echo "  openssl (dev), a C toolchain, pkg-config, and for tests Xvfb and WebKitWebDriver." >&2
  exit 1
fi

# --- system packages -------------------------------------------------------------------------
packages=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
          build-essential file pkg-config)
if [ "$want_test" -eq 1 ]; then
  # LibreOffice Calc (no GUI): the CSV export test opens the files in a real spreadsheet.
  packages+=(xvfb webkit2gtk-driver libreoffice-calc-nogui)
  # A real PostgreSQL server for the shared-database tests (crates/mend-pg/tests/pg), which start
  # their own on 127.0.0.1 in a temporary folder; contrib brings unaccent and pg_trgm; openssl
  # makes the test server's certificate.
  packages+=(postgresql postgresql-contrib openssl)
  # Node runs the UI's unit tests (node --test tests/ui/); any node already on PATH will do.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
    echo "setup.sh: need root to install: $*  (run as root, or install sudo)" >&2
    exit 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_updated=1
  fi
  say "apt-get install $*"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
else
  say "system packages present"
fi

# --- Rust ------------------------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
  say "cargo not found: installing Rust with rustup (stable, minimal profile)"
  need=()
  command -v curl >/dev/null 2>&1 || need+=(curl)
  installed ca-certificates || need+=(ca-certificates)
  if [ "${#need[@]}" -gt 0 ]; then apt_install "${need[@]}"; fi
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs \
    | sh -s -- -y --profile minimal --default-toolchain stable --no-modify-path
  # shellcheck disable=SC1091
  [ -f "${CARGO_HOME:-$HOME/.cargo}/env" ] && . "${CARGO_HOME:-$HOME/.cargo}/env"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup.sh: cargo is still not on PATH after installing Rust; add $cargo_bin to PATH" >&2
  exit 1
fi
say "$(cargo --version)"

# --- tauri-driver (tests only) ---------------------------------------------------------------
if [ "$want_test" -eq 1 ]; then
  # tauri-driver has no --version flag (it rejects it); --help works. Prefer what cargo
  # records, so an old 0.x from cargo is replaced by a 2.x.
  driver_ok=0
  if cargo install --list 2>/dev/null | grep -q '^tauri-driver v2\.'; then
    driver_ok=1
  elif command -v tauri-driver >/dev/null 2>&1 && tauri-driver --help >/dev/null 2>&1 \
       && ! cargo install --list 2>/dev/null | grep -q '^tauri-driver v'; then
    driver_ok=1 # installed some other way; trust it
  fi
  if [ "$driver_ok" -eq 0 ]; then
    say "installing tauri-driver 2 (cargo install, takes 1-3 minutes)"
    cargo install tauri-driver --version '^2' --locked
  fi
  command -v tauri-driver >/dev/null 2>&1 || {
    echo "setup.sh: tauri-driver is not on PATH after installing it; add $cargo_bin to PATH" >&2
    exit 1
  }
  command -v WebKitWebDriver >/dev/null 2>&1 || {
    echo "setup.sh: WebKitWebDriver not found although webkit2gtk-driver is installed" >&2
    exit 1
  }
  command -v node >/dev/null 2>&1 || {
    echo "setup.sh: node not found although nodejs is installed" >&2
    exit 1
  }
  say "test tools present: Xvfb, WebKitWebDriver, tauri-driver, node"
fi
