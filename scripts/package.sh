#!/usr/bin/env bash
# Builds Mend's Debian package with the Tauri CLI and prints where it is and how big.
#
#   scripts/package.sh           build target/release/bundle/deb/Mend_<version>_amd64.deb
#   scripts/package.sh --check   build, then check the package: at most 6 MiB; holds usr/bin/mend,
#                                a menu entry (.desktop with Name=Mend, Exec, Icon, Categories) and
#                                its icons under usr/share/icons/hicolor. As root or with CI set it
#                                also installs the package with apt-get, runs the installed mend
#                                (a sample database, then a real window under Xvfb with the startup
#                                probe) and removes the package again if it was not installed before.
#   scripts/package.sh --check-only   the checks on the package already built, without building
#
# The Tauri CLI comes from npm (@tauri-apps/cli, a prebuilt binary; compiling tauri-cli from
# crates.io takes 15-20 minutes), pinned below and installed once into target/tauri-cli/.
# Installs missing build dependencies first (scripts/setup.sh, and nodejs/npm from apt).
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_CLI_VERSION=2.12.5
MAX_BYTES=$((6 * 1024 * 1024))

build=1
check=0
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --check-only) check=1 build=0 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "package: $*"; }
fail() { echo "package.sh: $*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else SUDO=(); fi
can_root() { [ "$(id -u)" -eq 0 ] || [ "${#SUDO[@]}" -gt 0 ]; }
apt_get() { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"; }

target_dir="${CARGO_TARGET_DIR:-target}"
deb_dir="$target_dir/release/bundle/deb"

# --- build ----------------------------------------------------------------------------------
if [ "$build" -eq 1 ]; then
  ./scripts/setup.sh
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

  if ! command -v npm >/dev/null 2>&1; then
    can_root || fail "npm is missing and there is no root access to install it: install nodejs and npm."
    say "installing nodejs and npm from apt"
    apt_get update
    apt_get install nodejs npm
  fi

  cli_dir="$target_dir/tauri-cli"
  cli="$cli_dir/node_modules/.bin/tauri"
  if [ "$("$cli" --version 2>/dev/null || true)" != "tauri-cli $TAURI_CLI_VERSION" ]; then
    say "installing @tauri-apps/cli@$TAURI_CLI_VERSION into $cli_dir"
    mkdir -p "$cli_dir"
    npm install --prefix "$cli_dir" --no-save --no-audit --no-fund --loglevel=error \
      "@tauri-apps/cli@$TAURI_CLI_VERSION"
  fi
  say "$("$cli" --version)"

  rm -f "$deb_dir"/*.deb
  started=$(date +%s)
  # --ci: never stop to ask anything.
  "$cli" build --ci --bundles deb
  say "built in $(( $(date +%s) - started )) s"
fi

shopt -s nullglob
debs=("$deb_dir"/*.deb)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || fail "expected one .deb in $deb_dir, found ${#debs[@]}: build it with scripts/package.sh"
deb="${debs[0]}"
bytes=$(stat -c %s "$deb")
size_mib=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
echo "package: $deb"
echo "package: $bytes bytes ($size_mib MiB)"

[ "$check" -eq 1 ] || exit 0

# --- check the contents ---------------------------------------------------------------------
problems=()
problem() { problems+=("$*"); echo "  FAIL $*"; }
ok() { echo "  ok   $*"; }

say "checking $deb"
if [ "$bytes" -le "$MAX_BYTES" ]; then ok "size $size_mib MiB <= 6 MiB"; else problem "size $size_mib MiB is over 6 MiB"; fi

unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
control=$(dpkg-deb -f "$deb")

[ "$(dpkg-deb -f "$deb" Package)" = mend ] && ok "package name mend" || problem "the package is not named mend"
grep -q '^Depends:.*libwebkit2gtk-4\.1-0' <<<"$control" && ok "depends on libwebkit2gtk-4.1-0" \
  || problem "Depends does not name libwebkit2gtk-4.1-0"

if [ -x "$unpacked/usr/bin/mend" ]; then
  ok "usr/bin/mend ($(stat -c %s "$unpacked/usr/bin/mend") bytes)"
  if command -v file >/dev/null 2>&1 && file "$unpacked/usr/bin/mend" | grep -q 'not stripped'; then
    problem "usr/bin/mend is not stripped"
  fi
else
  problem "usr/bin/mend is missing or not executable"
fi

shopt -s nullglob
desktops=("$unpacked"/usr/share/applications/*.desktop)
shopt -u nullglob
icon_name=""
if [ "${#desktops[@]}" -eq 1 ]; then
  desktop="${desktops[0]}"
  ok "menu entry usr/share/applications/$(basename "$desktop")"
  field() { sed -n "s/^$1=//p" "$desktop" | head -n 1; }
  [ "$(field Name)" = Mend ] && ok "  Name=Mend" || problem "the menu entry's Name is '$(field Name)', not Mend"
  exec_line=$(field Exec)
  [ "${exec_line%% *}" = mend ] && ok "  Exec=$exec_line" || problem "the menu entry's Exec is '$exec_line', not mend"
  icon_name=$(field Icon)
  [ -n "$icon_name" ] && ok "  Icon=$icon_name" || problem "the menu entry has no Icon"
  categories=$(field Categories)
  [ -n "$categories" ] && ok "  Categories=$categories" || problem "the menu entry has no Categories"
  if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$desktop" && ok "  desktop-file-validate" || problem "desktop-file-validate complained"
  fi
else
  problem "expected one .desktop file in usr/share/applications, found ${#desktops[@]}"
fi

# The icons the menu entry names (any app icon when it names none).
icons=$(cd "$unpacked" && { find usr/share/icons/hicolor -path "*/apps/${icon_name:-*}.png" 2>/dev/null || true; } | sort)
if [ -n "$icons" ]; then
  ok "icons: $(tr '\n' ' ' <<<"$icons")"
  grep -q '/128x128/apps/' <<<"$icons" || problem "no 128x128 icon, which menus use most"
else
  problem "no icon ${icon_name:-at all} (.png) under usr/share/icons/hicolor/*/apps"
fi

# --- install and run ------------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ] || { [ -n "${CI:-}" ] && can_root; }; then
  installed_before=0
  dpkg-query -W -f='${Status}' mend 2>/dev/null | grep -q 'install ok installed' && installed_before=1
  say "installing the package with apt-get"
  if apt_get install --reinstall "$(realpath "$deb")" >"$unpacked/apt.log" 2>&1; then
    ok "apt-get install"
    [ -f /usr/share/applications/"$(basename "${desktops[0]:-Mend.desktop}")" ] \
      && ok "menu entry installed" || problem "the menu entry is not in /usr/share/applications"

    run_dir=$(mktemp -d)
    if out=$(/usr/bin/mend --generate-sample 5 --data-dir "$run_dir/sample" 2>&1) && grep -q '^Generated 5 incidents' <<<"$out"; then
      ok "installed mend made a sample database: $out"
    else
      problem "the installed mend could not make a sample database: $out"
    fi
    if command -v Xvfb >/dev/null 2>&1; then
      # A real window on a private virtual display: the startup probe prints its line once
      # Today has painted and closes the app.
      Xvfb -displayfd 5 -screen 0 1280x900x24 -nolisten tcp 5>"$run_dir/display" 2>/dev/null &
      xvfb_pid=$!
      for _ in $(seq 200); do [ -s "$run_dir/display" ] && break; sleep 0.1; done
      if out=$(cd "$run_dir" && DISPLAY=":$(tr -d '[:space:]' <"$run_dir/display")" WAYLAND_DISPLAY='' \
                 HOME="$run_dir" XDG_DATA_HOME="$run_dir/data" XDG_CACHE_HOME="$run_dir/cache" \
                 XDG_CONFIG_HOME="$run_dir/config" MEND_STARTUP_PROBE=1 MEND_AUTO_BACKUP=off \
                 timeout 120 /usr/bin/mend 2>&1) && grep -q '^mend-startup-ms=' <<<"$out"; then
        ok "installed mend opened its window: $(grep '^mend-startup-ms=' <<<"$out")"
      else
        problem "the installed mend did not paint its window under Xvfb: $(tail -n 5 <<<"$out")"
      fi
      kill "$xvfb_pid" 2>/dev/null || true
      wait "$xvfb_pid" 2>/dev/null || true
    else
      echo "  skip the window check: Xvfb is missing (apt-get install xvfb)"
    fi
    rm -rf "$run_dir"
  else
    tail -n 20 "$unpacked/apt.log" >&2
    problem "apt-get install of the package failed"
  fi
  if [ "$installed_before" -eq 0 ]; then
    apt_get remove mend >/dev/null && say "removed the package again"
  fi
else
  echo "  skip installing: needs root (or CI with sudo)"
fi

if [ "${#problems[@]}" -gt 0 ]; then
  echo "package: ${#problems[@]} problem(s) with $deb:" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
say "all checks passed"
