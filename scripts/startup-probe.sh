#!/usr/bin/env bash
# Measures how fast Mend starts and how much memory it takes, against a bare Tauri window
# measured the same way in the same run (docs/startup.md has the results and the method).
#
#   scripts/startup-probe.sh [-n RUNS] [--incidents N] [--no-build]
#
# Builds the release binary exactly as the .deb ships it (cargo build --release --features
# tauri/custom-protocol) and the bare window (the cargo example `bare`), makes a sample shop
# with N incidents once (default 100000, seed 1; kept in target/startup-probe/), then, under one
# Xvfb, starts in turn the bare window (in WebKit's default drawing mode, and drawing directly
# as Mend does), Mend on an empty shop and Mend on the sample shop,
# RUNS times each (default 10) after one warm-up run each. Every run has MEND_STARTUP_PROBE=1:
# once its first screen has painted the app prints `mend-startup-ms=...` and exits.
#
# For every run it records the time from starting the process to the painted screen, the
# time to the process's exit, and the peak of the summed resident memory (RSS) of the app
# and all its child processes (WebKitWebProcess, WebKitNetworkProcess), polling /proc every
# 10 ms. It prints the medians, Mend's ratio to the bare window and the memory difference
# against the targets (painted in at most 1.15 x the bare window's time, peak memory at most
# 20 MiB above it, against the bare window drawing as Mend does; exit status 1 when one is
# missed), and writes every run to
# target/startup-probe/runs.csv.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
incidents=100000
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--runs) runs="${2:?-n needs a number}"; shift 2 ;;
    --incidents) incidents="${2:?--incidents needs a number}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup-probe.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "startup-probe.sh: -n must be a whole number from 1 (got '$runs')" >&2; exit 2; }
[[ "$incidents" =~ ^[1-9][0-9]*$ ]] || { echo "startup-probe.sh: --incidents must be a whole number from 1 (got '$incidents')" >&2; exit 2; }

say() { echo "probe: $*"; }

# --- tools and builds -----------------------------------------------------------------------
./scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! command -v Xvfb >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  say "installing xvfb"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q xvfb
fi

target_dir="${CARGO_TARGET_DIR:-target}"
features=(--features tauri/custom-protocol)
if [ "$build" -eq 1 ]; then
  say "building the release binary and the bare window (the first time takes about 10 minutes)"
  # Two commands, not one: together Cargo would build Mend with the dev-dependencies'
  # features too (tauri/test), and it would no longer be the binary the .deb ships.
  cargo build --release "${features[@]}" --bin mend
  cargo build --release "${features[@]}" --example bare
fi
mend="$(realpath "$target_dir/release/mend")"
bare="$(realpath "$target_dir/release/examples/bare")"
[ -x "$mend" ] && [ -x "$bare" ] || { echo "startup-probe.sh: build first (run without --no-build)" >&2; exit 1; }

# --- the sample shop, made once ---------------------------------------------------------------
# A fixed clock, so the sample and Today's view of it are the same in every run.
export MEND_NOW=2026-11-23T09:00:00Z TZ=UTC MEND_AUTO_BACKUP=off
# Each program draws the way it does by default: Mend turns WebKit's compositing mode off for
# itself (src-tauri/lib.rs), the bare window keeps WebKit's default. A value left in the
# caller's environment would change both.
unset WEBKIT_DISABLE_COMPOSITING_MODE TAURI_WEBVIEW_AUTOMATION
work="$target_dir/startup-probe"
# The sample depends on the schema and the generator: a change to either makes a new one.
recipe=$(cat crates/mend-core/src/db/schema.rs crates/mend-core/src/db/sql/*.sql crates/mend-core/src/domain/sample.rs crates/mend-core/src/store/sample.rs 2>/dev/null | sha256sum | cut -c1-12)
sample_dir="$work/sample-$incidents-seed1-$recipe"
if [ ! -f "$sample_dir/mend.db" ]; then
  rm -rf "$work"/sample-"$incidents"-seed1-*
  say "making the sample shop with $incidents incidents (once)"
  "$mend" --generate-sample "$incidents" --seed 1 --data-dir "$sample_dir.tmp"
  mv "$sample_dir.tmp" "$sample_dir"
fi

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/mend-startup-probe.XXXXXX")
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$run_dir"
}
trap cleanup EXIT
# The runs open a copy, so the cached sample stays as it was made.
mkdir -p "$run_dir/big" "$run_dir/empty"
cp "$sample_dir/mend.db" "$run_dir/big/mend.db"

# --- one virtual display for every run --------------------------------------------------------------
Xvfb -displayfd 5 -screen 0 1280x900x24 -nolisten tcp -noreset 5>"$run_dir/display" 2>"$run_dir/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 200); do [ -s "$run_dir/display" ] && break; sleep 0.1; done
[ -s "$run_dir/display" ] || { echo "startup-probe.sh: Xvfb did not start:" >&2; cat "$run_dir/xvfb.log" >&2; exit 1; }
display=":$(tr -d '[:space:]' <"$run_dir/display")"

# --- measuring one run ------------------------------------------------------------------------------
page_kib=$(( $(getconf PAGESIZE) / 1024 ))
exec {pause_fd}<> <(:) # `read -t` on this never gets data: a sleep without starting a process

# Sets TREE_KIB to the summed RSS of $1 and all its descendants, and TREE_ANON_KIB to the part
# of it that is not backed by a file (heaps and stacks: no shared libraries, no memory-mapped
# database pages). Builtins only, no forks.
tree_kib() {
  local stack=("$1") pid task kids resident shared total=0 anon=0
  while [ "${#stack[@]}" -gt 0 ]; do
    pid=${stack[-1]}
    unset 'stack[-1]'
    if read -r _ resident shared _ 2>/dev/null <"/proc/$pid/statm"; then
      total=$(( total + resident ))
      anon=$(( anon + resident - shared ))
    fi
    for task in /proc/"$pid"/task/*/children; do
      kids=()
      read -r -a kids 2>/dev/null <"$task" || true
      [ "${#kids[@]}" -gt 0 ] && stack+=("${kids[@]}")
    done
  done
  TREE_KIB=$(( total * page_kib ))
  TREE_ANON_KIB=$(( anon * page_kib ))
}

# Whether process $1 still runs (a zombie does not).
running() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}


# run_once NAME PROGRAM ARGS...: starts the program, polls its memory until it exits, and sets
# RUN_PAINTED_MS, RUN_PROBE_MS, RUN_PAGE_MS, RUN_WAIT_MS, RUN_EXIT_MS, RUN_PEAK_KIB,
# RUN_PEAK_ANON_KIB and RUN_HWM_KIB (or returns 1).
run_once() {
  local name=$1; shift
  local out="$run_dir/$name.out" err="$run_dir/$name.err" start_us end_us pid peak=0 peak_anon=0 status line
  local home="$run_dir/home-$name"
  mkdir -p "$home"
  start_us=${EPOCHREALTIME/./}
  DISPLAY="$display" WAYLAND_DISPLAY='' MEND_STARTUP_PROBE=1 HOME="$home" XDG_DATA_HOME="$home/data" \
    XDG_CACHE_HOME="$home/cache" XDG_CONFIG_HOME="$home/config" "$@" >"$out" 2>"$err" &
  pid=$!
  while running "$pid"; do
    tree_kib "$pid"
    [ "$TREE_KIB" -gt "$peak" ] && peak=$TREE_KIB
    [ "$TREE_ANON_KIB" -gt "$peak_anon" ] && peak_anon=$TREE_ANON_KIB
    if [ $(( ${EPOCHREALTIME/./} - start_us )) -gt 120000000 ]; then
      kill "$pid" 2>/dev/null || true
      echo "startup-probe.sh: $name did not exit within 120 s; its stderr ends:" >&2
      tail -n 5 "$err" >&2
      wait "$pid" 2>/dev/null || true
      return 1
    fi
    read -r -t 0.01 -u "$pause_fd" _ || true
  done
  status=0
  wait "$pid" || status=$?
  end_us=${EPOCHREALTIME/./}
  line=$(grep -m 1 '^mend-startup-ms=' "$out" || true)
  if [ "$status" -ne 0 ] || [ -z "$line" ]; then
    echo "startup-probe.sh: $name exited with $status without a probe line; its output ends:" >&2
    tail -n 5 "$out" "$err" >&2
    return 1
  fi
  local key value painted_unix_ms=0
  RUN_PROBE_MS=0 RUN_PAGE_MS=0 RUN_WAIT_MS=0 RUN_HWM_KIB=0
  for pair in $line; do
    key=${pair%%=*} value=${pair#*=}
    case "$key" in
      mend-startup-ms) RUN_PROBE_MS=$value ;;
      mend-painted-unix-ms) painted_unix_ms=$value ;;
      mend-page-ms) RUN_PAGE_MS=$value ;;
      mend-probe-wait-ms) RUN_WAIT_MS=$value ;;
      mend-tree-peak-rss-kib) RUN_HWM_KIB=$value ;;
    esac
  done
  RUN_PAINTED_MS=$(( painted_unix_ms - start_us / 1000 ))
  RUN_EXIT_MS=$(( (end_us - start_us) / 1000 ))
  RUN_PEAK_KIB=$peak
  RUN_PEAK_ANON_KIB=$peak_anon
}

# --- the runs -----------------------------------------------------------------------------------
variants=(bare bare-direct empty big)
label() {
  case "$1" in
    bare) echo "bare Tauri window" ;;
    bare-direct) echo "bare, drawing directly" ;;
    empty) echo "Mend, empty shop" ;;
    big) echo "Mend, $incidents incidents" ;;
  esac
}
run_variant() {
  case "$1" in
    bare) run_once bare "$bare" ;;
    # The bare window drawing the way Mend does (no compositing): the like-for-like baseline.
    bare-direct) WEBKIT_DISABLE_COMPOSITING_MODE=1 run_once bare-direct "$bare" ;;
    empty) run_once empty "$mend" --data-dir "$run_dir/empty" ;;
    big) run_once big "$mend" --data-dir "$run_dir/big" ;;
  esac
}

csv="$work/runs.csv"
mkdir -p "$work"
echo "variant,run,painted_ms,probe_ms,exit_ms,peak_tree_rss_kib,probe_tree_hwm_kib,page_ms,peak_tree_anon_kib,probe_wait_ms" >"$csv"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
webkit=$(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo unknown)
say "machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, kernel $(uname -r), WebKitGTK $webkit"
say "load average before the runs: $(cut -d ' ' -f 1-3 /proc/loadavg)"
say "warming up (one run each, not counted: fills the page cache, upgrades nothing twice)"
for v in "${variants[@]}"; do run_variant "$v" || exit 1; done

say "measuring: $runs runs each, taking turns"
for i in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    run_variant "$v" || exit 1
    echo "$v,$i,$RUN_PAINTED_MS,$RUN_PROBE_MS,$RUN_EXIT_MS,$RUN_PEAK_KIB,$RUN_HWM_KIB,$RUN_PAGE_MS,$RUN_PEAK_ANON_KIB,$RUN_WAIT_MS" >>"$csv"
    printf '  run %2d  %-24s painted %5d ms (page %5d ms, wait %4d ms)  exit %5d ms  peak RSS %4d MiB\n' "$i" \
      "$(label "$v")" "$RUN_PAINTED_MS" "$RUN_PAGE_MS" "$RUN_WAIT_MS" "$RUN_EXIT_MS" $(( RUN_PEAK_KIB / 1024 ))
  done
done
say "load average after the runs: $(cut -d ' ' -f 1-3 /proc/loadavg)"

# --- medians and the comparison --------------------------------------------------------------------
median() { # median VARIANT COLUMN
  awk -F, -v v="$1" -v c="$2" 'NR > 1 && $1 == v { print $c }' "$csv" | sort -n |
    awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
echo
printf '%-26s %8s %8s %8s %8s %8s %10s %10s %10s\n' "median of $runs runs" painted probe page wait exit \
  "peak RSS" "peak anon" "sum peaks"
printf '%-26s %8s %8s %8s %8s %8s %10s %10s %10s\n' "" ms ms ms ms ms MiB MiB MiB
for v in "${variants[@]}"; do
  printf '%-26s %8.0f %8.0f %8.0f %8.0f %8.0f %10s %10s %10s\n' "$(label "$v")" "$(median "$v" 3)" "$(median "$v" 4)" \
    "$(median "$v" 8)" "$(median "$v" 10)" "$(median "$v" 5)" "$(mib "$(median "$v" 6)")" \
    "$(mib "$(median "$v" 9)")" "$(mib "$(median "$v" 7)")"
done
cat <<'KEY'
  painted: process start to painted screen, from the wall clock (the probe's paint instant
           minus the moment this script started the process); probe: the same from /proc
           (10 ms steps); page: from the page's navigation start (performance.now());
  wait: from the paint until the probe command ran (the app's main thread was busy);
  exit: to the process's exit; peak RSS: highest summed resident memory of the app and its
           child processes; peak anon: the same without file-backed pages (shared libraries,
           memory-mapped database); sum peaks: each process's own peak (VmHWM) added up.
KEY
echo
# The verdict compares Mend with the bare window drawing the same way (direct); the bare
# window in WebKit's default mode is shown beside it.
verdict=0
for base in bare-direct bare; do
  echo "against the $(label "$base"):"
  for v in empty big; do
    awk -v name="$(label "$v")" -v ms="$(median "$v" 3)" -v base="$(median "$base" 3)" -v kib="$(median "$v" 6)" \
        -v bkib="$(median "$base" 6)" -v anon="$(median "$v" 9)" -v banon="$(median "$base" 9)" 'BEGIN {
      ratio = ms / base; extra = (kib - bkib) / 1024; extra_anon = (anon - banon) / 1024
      printf "  %s: painted in %.2f x its time (target <= 1.15: %s)\n", name, ratio, ratio <= 1.15 ? "met" : "MISSED"
      printf "  %s  peak RSS %+.1f MiB over it (target <= +20: %s; anonymous memory %+.1f MiB)\n",
        sprintf("%" length(name) "s", ""), extra, extra <= 20 ? "met" : "MISSED", extra_anon
      exit (ratio <= 1.15 && extra <= 20) ? 0 : 1
    }' || { [ "$base" = bare-direct ] && verdict=1; }
  done
done
echo
say "every run: $csv"
exit "$verdict"
