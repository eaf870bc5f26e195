#!/usr/bin/env bash
# SharpSC: one entry point to set up, build, test, demo, benchmark, fuzz and package.
#   ./build.sh            build everything into artifacts/
#   ./build.sh setup      install what the build and the tests need (Debian 12, apt; idempotent)
#   ./build.sh test       setup + build + start pcscd if needed + every test project; last line "N passed, N failed, N skipped"
#   ./build.sh demo       setup + build + the walk-through on a virtual card (samples/demo/demo.sh)
#   ./build.sh demo piv   the same on a virtual YubiKey's PIV application, ending with an ssh login
#   ./build.sh bench      setup + build + workflows beside OpenSC on virtual cards; updates BENCHMARKS.md
#   ./build.sh valgrind   setup + build + the hostile C caller under valgrind memcheck, in full, with leak details
#   ./build.sh fuzz [S]   setup + AFL++/SharpFuzz on every harness for S seconds each (default 300); crashes in artifacts/fuzz
#   ./build.sh package    build + the Debian package artifacts/sharpsc_<version>_amd64.deb
#   ./build.sh help       this text
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
ARTIFACTS="$ROOT/artifacts"
CONFIG=Release
RID=linux-x64
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages: build tools, the PC/SC stack with the virtual reader, and the peers and clients
# the tests drive (OpenSC, OpenSSL engine, NSS tools, OpenSSH, GnuTLS, p11-kit, Firefox ESR).
APT_PACKAGES=(
  clang zlib1g-dev libpcsclite1 libpcsclite-dev pcscd vsmartcard-vpcd pcsc-tools
  opensc opensc-pkcs11 openssl libengine-pkcs11-openssl libnss3-tools
  openssh-client openssh-server gnutls-bin p11-kit p11-kit-modules libp11-kit-dev gcc make procps
  firefox-esr
  lintian man-db # the Debian package test checks the .deb with lintian and reads its manual pages
)
# The referees of the card families, none of them ours: Yubico's PIV tool and PKCS#11 module, GnuPG's scdaemon.
APT_PACKAGES+=(yubico-piv-tool ykcs11 gnupg gpg-agent scdaemon)
APT_PACKAGES+=(valgrind) # memcheck of tests/native/hostile_caller.c (short in `test`, full in `valgrind`)
# From Debian 12's backports suite (added to apt's sources by setup): the OpenSSL 3 PKCS#11 provider.
BACKPORTS=bookworm-backports
BACKPORTS_PACKAGES=(pkcs11-provider)
BACKPORTS_SOURCES=/etc/apt/sources.list.d/$BACKPORTS.sources

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

cmd_setup() {
  command -v dotnet >/dev/null || die "the .NET SDK 10 is required (dotnet not on PATH)"
  local major
  major="$(dotnet --version | cut -d. -f1)"
  [ "$major" -ge 10 ] || die ".NET SDK 10 or newer is required (found $(dotnet --version))"

  local missing=() missing_backports=()
  for p in "${APT_PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
  for p in "${BACKPORTS_PACKAGES[@]}"; do installed "$p" || missing_backports+=("$p"); done
  [ "${#missing[@]}" -gt 0 ] || [ "${#missing_backports[@]}" -gt 0 ] || { install_reader_config; return 0; }

  export DEBIAN_FRONTEND=noninteractive
  if [ "${#missing_backports[@]}" -gt 0 ]; then add_backports; fi
  as_root apt-get update -qq
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ "${#missing_backports[@]}" -gt 0 ]; then
    log "installing ${missing_backports[*]} from $BACKPORTS"
    as_root apt-get install -y -qq --no-install-recommends -t "$BACKPORTS" "${missing_backports[@]}" >/dev/null
  fi
  install_reader_config
}

# The Yubico-named vpcd reader pair the ykcs11 tests need (packaging/pcscd/sharpsc-yubico-vpcd) with its
# own copy of vpcd's driver (the readers of one copy share its connections). pcscd reads them when it starts.
install_reader_config() {
  local driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so copy=/usr/local/lib/sharpsc/libifdvpcd.so
  local conf=/etc/reader.conf.d/sharpsc-yubico-vpcd
  cmp -s "$driver" "$copy" && cmp -s "$ROOT/packaging/pcscd/sharpsc-yubico-vpcd" "$conf" && return
  log "installing $conf and $copy (readers \"Yubico YubiKey vpcd 00 00/01\" on vpcd ports 35965/35966)"
  as_root install -D -m 0644 "$driver" "$copy"
  as_root install -D -m 0644 "$ROOT/packaging/pcscd/sharpsc-yubico-vpcd" "$conf"
  if pcscd_running; then log "pcscd is running: restart it to get those readers (sudo systemctl restart pcscd, or sudo pkill -x pcscd; sudo pcscd)"; fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Adds Debian's backports suite to apt's sources unless some source already names it.
add_backports() {
  if grep -rqs --include='*.list' --include='*.sources' -e "$BACKPORTS" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return
  fi
  [ "$(. /etc/os-release && echo "${VERSION_CODENAME:-}")" = bookworm ] || die "$BACKPORTS is for Debian 12 (bookworm); install ${BACKPORTS_PACKAGES[*]} by hand"
  log "adding $BACKPORTS to apt's sources ($BACKPORTS_SOURCES)"
  printf '%s\n' "Types: deb" "URIs: http://deb.debian.org/debian" "Suites: $BACKPORTS" "Components: main" \
    "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" | as_root tee "$BACKPORTS_SOURCES" >/dev/null
}

publish() { # project output-dir
  dotnet publish "$1" -c "$CONFIG" -r "$RID" -o "$2" --nologo -v quiet -clp:NoSummary -p:TreatWarningsAsErrors=true >&2
}

# Puts a built file in place by writing a new file next to it and renaming it over the old one: a process
# running the old file (the demo's virtual card, a host with the module loaded) keeps its image, where
# writing into the file would fail ("Text file busy") or change code under a running program.
install_built() { # source destination
  local tmp
  tmp="$(mktemp "$2.XXXXXX")"
  cp "$1" "$tmp"
  chmod --reference="$1" "$tmp"
  mv -f "$tmp" "$2"
}

cmd_build() {
  log "building (dotnet $(dotnet --version))"
  mkdir -p "$ARTIFACTS/lib" "$ARTIFACTS/bin" "$ARTIFACTS/obj"
  dotnet build Pkcs11Module.sln -c "$CONFIG" --nologo -v quiet -clp:NoSummary >&2
  publish native-exports/SharpSC.Native "$ARTIFACTS/obj/native"
  install_built "$ARTIFACTS/obj/native/sharpsc-pkcs11.so" "$ARTIFACTS/lib/sharpsc-pkcs11.so"
  publish src/SharpSC.Cli "$ARTIFACTS/obj/cli"
  install_built "$ARTIFACTS/obj/cli/sharpsc" "$ARTIFACTS/bin/sharpsc"
  publish src/SharpSC.VirtualCard.Cli "$ARTIFACTS/obj/vcard"
  install_built "$ARTIFACTS/obj/vcard/sharpsc-vcard" "$ARTIFACTS/bin/sharpsc-vcard"
  log "built: artifacts/lib/sharpsc-pkcs11.so artifacts/bin/sharpsc artifacts/bin/sharpsc-vcard"
}

# pcscd: Debian's always uses /run/pcscd; start it when absent, stop it at exit only if we started it.
STARTED_PCSCD=""
pcscd_running() { [ -S /run/pcscd/pcscd.comm ] && pgrep -x pcscd >/dev/null; }
ensure_pcscd() {
  if pcscd_running; then return; fi
  log "starting pcscd"
  as_root pcscd
  STARTED_PCSCD=yes
  for _ in $(seq 1 50); do pcscd_running && return; sleep 0.1; done
  die "pcscd did not start"
}
stop_pcscd_if_started() {
  if [ -n "$STARTED_PCSCD" ]; then
    log "stopping the pcscd this run started"
    as_root pkill -x pcscd || true
  fi
}

TEST_PROJECTS=(
  tests/SharpSC.Pkcs15.Tests
  tests/SharpSC.Cards.Tests
  tests/SharpSC.Cli.Tests
  tests/SharpSC.VirtualCard.Tests
  tests/SharpSC.Pkcs11.Tests
  tests/SharpSC.FullStack.Tests
  tests/SharpSC.Fuzz.Tests
)

cmd_test() {
  cmd_setup
  cmd_build
  ensure_pcscd
  trap stop_pcscd_if_started EXIT
  local results="$ARTIFACTS/test-results"
  rm -rf "$results" "$ARTIFACTS/test-cache"
  mkdir -p "$results"
  # The module's PKCS#15 file cache: per run, never the user's own.
  export SHARPSC_CACHE_DIR="$ARTIFACTS/test-cache"
  # What a test host must say while it runs (dotnet test keeps the hosts' output): e.g. that it takes a
  # reader from the demo's card, or waits for a card it did not start (tests/SharpSC.TestSupport/TestNotice.cs).
  export SHARPSC_TEST_NOTICES="$results/notices.log"
  : >"$SHARPSC_TEST_NOTICES"
  tail -n +1 -f "$SHARPSC_TEST_NOTICES" >&2 &
  NOTICES_PID=$!
  trap 'kill "$NOTICES_PID" 2>/dev/null || true; stop_pcscd_if_started' EXIT
  local status=0 p name
  for p in "${TEST_PROJECTS[@]}"; do
    name="$(basename "$p")"
    log "testing $name"
    if ! dotnet test "$p" -c "$CONFIG" --no-build --nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
        --results-directory "$results" >&2; then
      status=1
    fi
  done
  kill "$NOTICES_PID" 2>/dev/null || true
  summarize "$results" "$status"
}

# Sums the TRX counters of every test project into the one summary line.
summarize() {
  local dir="$1" status="$2" passed=0 failed=0 skipped=0 f counters
  for f in "$dir"/*.trx; do
    [ -e "$f" ] || continue
    counters="$(grep -o '<Counters [^>]*>' "$f" | head -1)"
    passed=$((passed + $(attr "$counters" passed)))
    failed=$((failed + $(attr "$counters" failed) + $(attr "$counters" error) + $(attr "$counters" timeout) + $(attr "$counters" aborted)))
    skipped=$((skipped + $(attr "$counters" notExecuted)))
  done
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # a test host that crashed reports no failed test; count it
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}
attr() { local v; v="$(printf '%s' "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*')"; echo "${v:-0}"; }

cmd_demo() {
  cmd_setup
  cmd_build
  ensure_pcscd
  bash "$ROOT/samples/demo/demo.sh" "$@"
}

cmd_package() {
  cmd_build
  local deb
  deb="$(bash "$ROOT/packaging/deb/build-deb.sh" "$ARTIFACTS")"
  log "package: ${deb#"$ROOT"/} (install: sudo apt install ./${deb#"$ROOT"/})"
}

cmd_bench() {
  cmd_setup
  cmd_build
  ensure_pcscd
  trap stop_pcscd_if_started EXIT
  dotnet run --project benchmarks/SharpSC.Benchmarks -c "$CONFIG" --no-build -- \
    --markdown BENCHMARKS.md --chart benchmarks/chart.svg "$@"
}

# The hostile caller under memcheck with every phase at full length (a separate job: up to 30 minutes).
cmd_valgrind() {
  cmd_setup
  cmd_build
  ensure_pcscd
  trap stop_pcscd_if_started EXIT
  local results="$ARTIFACTS/valgrind-results"
  rm -rf "$results"
  mkdir -p "$results"
  local status=0
  SHARPSC_VALGRIND_FULL=1 dotnet test tests/SharpSC.FullStack.Tests -c "$CONFIG" --no-build --nologo \
    --filter "Category=Valgrind" --logger "trx;LogFileName=valgrind.trx" --logger "console;verbosity=detailed" \
    --results-directory "$results" >&2 || status=1
  summarize "$results" "$status"
}

# Coverage-guided fuzzing: the harnesses of tests/SharpSC.Fuzz, instrumented by SharpFuzz, under afl-fuzz.
# A crash is replayed, kept in artifacts/fuzz/crashes/TARGET/, and fails the command; copy it into
# tests/fuzz/regressions/TARGET/ (named after the bug) once fixed, so FuzzCorpusTests keeps it.
cmd_fuzz() {
  local seconds="${1:-300}"
  cmd_setup
  if ! command -v afl-fuzz >/dev/null; then
    log "installing afl++"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends afl++ >/dev/null
  fi
  local dir="$ARTIFACTS/fuzz" bin="$ARTIFACTS/fuzz/bin" afl="$ARTIFACTS/fuzz/bin-afl" status=0 target crashes
  rm -rf "$dir"
  mkdir -p "$dir/out" "$dir/seeds"
  dotnet build tests/SharpSC.Fuzz -c "$CONFIG" -o "$bin" --nologo -v quiet -clp:NoSummary >&2
  # Instrumented code writes to AFL's shared memory: only afl-fuzz runs the copy; seeds and replays use the plain build.
  cp -r "$bin" "$afl"
  dotnet "$bin/SharpSC.Fuzz.dll" instrument "$afl" >&2
  for target in pkcs15 card attributes; do
    log "fuzzing $target for $seconds s"
    dotnet "$bin/SharpSC.Fuzz.dll" seeds "$target" "$dir/seeds/$target" >&2
    AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
      afl-fuzz -i "$dir/seeds/$target" -o "$dir/out/$target" -t 10000 -m none -V "$seconds" \
      -- dotnet "$afl/SharpSC.Fuzz.dll" run "$target" >"$dir/$target.log" 2>&1 || { status=1; tail -20 "$dir/$target.log" >&2; }
    grep -E "^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs) " "$dir/out/$target/default/fuzzer_stats" | tr -s ' ' >&2 || true
    crashes=$(find "$dir/out/$target/default/crashes" "$dir/out/$target/default/hangs" -type f -name 'id:*' 2>/dev/null || true)
    if [ -n "$crashes" ]; then
      status=1
      mkdir -p "$dir/crashes/$target"
      echo "$crashes" | while read -r f; do cp "$f" "$dir/crashes/$target/$(basename "$f" | tr ':,' '__')"; done
      log "$target: $(echo "$crashes" | wc -l) crash(es)/hang(s) kept in $dir/crashes/$target"
      dotnet "$bin/SharpSC.Fuzz.dll" replay "$target" "$dir/crashes/$target"/* >&2 || true
    fi
  done
  [ "$status" -eq 0 ] && log "fuzzing found nothing" || log "fuzzing found problems"
  return "$status"
}

cmd_help() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

case "${1:-build}" in
  build) cmd_build ;;
  setup) cmd_setup ;;
  test) cmd_test ;;
  demo) shift; cmd_demo "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  valgrind) cmd_valgrind ;;
  fuzz) shift; cmd_fuzz "$@" ;;
  package) cmd_package ;;
  help|-h|--help) cmd_help ;;
  *) cmd_help; exit 2 ;;
esac
