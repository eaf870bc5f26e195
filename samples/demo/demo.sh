#!/usr/bin/env bash
# The SharpSC walk-through on a virtual card: the story of the OpenSC IsoApplet guide, told with
# SharpSC's tools and module. `./build.sh demo` builds everything and runs it; `./build.sh demo piv` the PIV one.
#   samples/demo/demo.sh          run it (a fresh card each time; a card left by an earlier run is replaced)
#   samples/demo/demo.sh piv      the same story on a virtual YubiKey 5's PIV application, ending with an ssh login
#   samples/demo/demo.sh stop     stop the card the demo left running (its state stays in the demo directory)
#   samples/demo/demo.sh resume   put that card back into the reader (e.g. after a test run took it out)
# Environment: SHARPSC_DEMO_PORT (vpcd port, default 35963 = reader "Virtual PCD 00 00"),
#              SHARPSC_DEMO_DIR (card state and files, default .state/demo in the repository).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="$ROOT/artifacts/lib/sharpsc-pkcs11.so"
SHARPSC="$ROOT/artifacts/bin/sharpsc"
VCARD="$ROOT/artifacts/bin/sharpsc-vcard"
PORT="${SHARPSC_DEMO_PORT:-35963}"
DIR="${SHARPSC_DEMO_DIR:-$ROOT/.state/demo}"
READER="Virtual PCD 00 0$((PORT - 35963))" # vpcd names its readers after their port
PIN=123456
PUK=0123456789abcdef
PIV_MGM_KEY=010203040506070801020304050607080102030405060708 # a YubiKey's factory management key
LABEL="SharpSC Demo"
KEY_URI="pkcs11:token=SharpSC%20Demo;id=%01;type=private"
# The lock the test suite and the demo take before putting a card into a vpcd reader. A test run that
# needs the reader recognises the demo's card (argv --state DIR/card.state --control DIR/card.ctl, pid in
# DIR/card.pid: tests/SharpSC.TestSupport/ReaderHolders.cs), says so on the screen and takes it out.
LOCK="${TMPDIR:-/tmp}/sharpsc-vpcd-$PORT.lock"

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

STEP=0
# step TITLE COMMAND...: prints the step and the command as a user would type it, then runs it.
step() {
  local title="$1"; shift
  STEP=$((STEP + 1))
  echo
  bold "== $STEP. $title"
  printf '$'; for arg in "$@"; do printf ' %s' "$(shell_word "$arg")"; done; echo
  "$@"
}

# An argument as one would type it: bare when safe, else in single quotes.
shell_word() {
  if [[ "$1" =~ ^[A-Za-z0-9_./:=%@+,-]+$ ]]; then printf '%s' "$1"; else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}

# The sharpsc CLI grows subcommands; until one exists the step uses OpenSC's tool for it.
sharpsc_has() { { "$SHARPSC" help 2>&1 || true; } | grep -q "^  $1 "; }

card_pid() {
  local pid
  pid="$(cat "$DIR/card.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "sharpsc-vcard .*--state $DIR/card.state" && echo "$pid"
}

alive() { [ -e "/proc/$1" ] && ! awk '{ exit ($3 == "Z") ? 0 : 1 }' "/proc/$1/stat" 2>/dev/null; }

stop_card() {
  local pid
  if pid="$(card_pid)"; then
    kill "$pid"
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && die "the demo card (pid $pid) does not stop"
    echo "stopped the demo card (pid $pid)"
  fi
  rm -f "$DIR/card.pid"
}

pcscd_running() { [ -S /run/pcscd/pcscd.comm ] && pgrep -x pcscd >/dev/null; }

ensure_pcscd() {
  pcscd_running && return
  echo "starting pcscd"
  if [ "$(id -u)" -eq 0 ]; then pcscd; else sudo pcscd; fi
  for _ in $(seq 1 50); do pcscd_running && return; sleep 0.1; done
  die "pcscd did not start"
}

# A card in the reader, left running after the demo: a blank one with a fresh state file, or (resume)
# the one whose state the demo directory holds. The card process inherits the reader's lock and holds
# it until it stops.
start_card() {
  local applet="$1" mode="${2:-fresh}" args=()
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  if [ "$mode" = fresh ]; then rm -f "$DIR/card.state"; args=(--applet "$applet"); fi
  rm -f "$DIR/card.log"
  exec 9>"$LOCK"
  flock -w 60 9 || die "reader $READER is taken by another card (a test run?); try again when it is free"
  setsid "$VCARD" --port "$PORT" --state "$DIR/card.state" "${args[@]}" --control "$DIR/card.ctl" \
    </dev/null >"$DIR/card.log" 2>&1 &
  echo $! >"$DIR/card.pid"
  exec 9>&-
  STARTED_CARD=yes
  for _ in $(seq 1 600); do
    grep -q "card inserted" "$DIR/card.log" && return
    alive "$(cat "$DIR/card.pid")" || break
    sleep 0.1
  done
  cat "$DIR/card.log" >&2
  die "the virtual card did not get into reader $READER"
}

# A demo that fails (or is interrupted) takes out the card it started, so the reader and its lock are free.
STARTED_CARD=""
COMPLETED=""
cleanup_on_failure() {
  stop_sshd >/dev/null 2>&1 || true
  if [ -n "$STARTED_CARD" ] && [ -z "$COMPLETED" ]; then
    echo "demo: did not complete; taking its card out of the reader" >&2
    stop_card >&2 || true
  fi
}
trap cleanup_on_failure EXIT

reader_index() { # OpenSC's -r index of our reader
  opensc-tool --list-readers | awk -v name="$READER" 'substr($0, length($0) - length(name) + 1) == name { print $1; exit }'
}

engine_config() { # samples/openssl/engine.cnf pointed at this build's module
  sed "s#/usr/lib/x86_64-linux-gnu/pkcs11/sharpsc-pkcs11.so#$MODULE#" "$ROOT/samples/openssl/engine.cnf" >"$DIR/engine.cnf"
}

demo() {
  for f in "$MODULE" "$SHARPSC" "$VCARD"; do [ -x "$f" ] || [ -f "$f" ] || die "$f is missing: run ./build.sh first"; done
  ensure_pcscd
  stop_card
  local applet=v0 personaliser=OpenSC
  if sharpsc_has init; then applet=v1 personaliser=sharpsc; fi
  start_card "$applet"
  bold "A blank virtual IsoApplet $applet card is in reader \"$READER\" (state $DIR/card.state)."
  cd "$DIR"
  rm -f cert.pem message.txt message.sig public.pem

  step "The readers pcscd offers" "$SHARPSC" readers
  local r
  r="$(reader_index)"
  if sharpsc_has atr; then step "The card's answer to reset" "$SHARPSC" atr --reader "$READER"
  else step "The card's answer to reset" opensc-tool -r "$r" --atr; fi
  if sharpsc_has info; then step "The card driver that recognises it" "$SHARPSC" info --reader "$READER"
  else step "The card driver that recognises it" opensc-tool -r "$r" --name; fi

  if [ "$personaliser" = sharpsc ]; then
    step "Create the PKCS#15 application with a PIN and a PUK" \
      "$SHARPSC" init --reader "$READER" --pin "$PIN" --puk "$PUK" --label "$LABEL"
    step "Generate an RSA-2048 key pair on the card" \
      "$SHARPSC" keygen rsa/2048 --reader "$READER" --id 01 --pin "$PIN" --label "demo key"
  else
    step "Create the PKCS#15 application with a PIN and a PUK" \
      pkcs15-init -r "$r" -C --so-pin "$PIN" --so-puk "$PUK" --label "$LABEL"
    step "Generate an RSA-2048 key pair on the card" \
      pkcs15-init -r "$r" --generate-key rsa/2048 --id 01 --auth-id FF --key-usage sign,decrypt --pin "$PIN" --label "demo key"
  fi

  engine_config
  export OPENSSL_CONF="$DIR/engine.cnf"
  step "A self-signed certificate for the card key, signed by the card through the OpenSSL engine" \
    openssl req -engine pkcs11 -keyform engine -new -x509 -key "$KEY_URI" -passin "pass:$PIN" \
      -subj "/CN=SharpSC demo" -days 365 -sha256 -out cert.pem
  step "OpenSSL checks the certificate's signature" openssl verify -CAfile cert.pem cert.pem

  if [ "$personaliser" = sharpsc ]; then
    step "Store the certificate on the card next to its key" \
      "$SHARPSC" import-cert cert.pem --reader "$READER" --id 01 --pin "$PIN"
    step "What the card holds now" "$SHARPSC" dump --reader "$READER"
  else
    step "Store the certificate on the card next to its key" \
      pkcs15-init -r "$r" -X cert.pem --id 01 --auth-id FF --pin "$PIN" --format pem
    step "What the card holds now" pkcs15-tool -r "$r" --dump
  fi

  step "The card's key as ssh sees it (for ~/.ssh/authorized_keys)" ssh-keygen -D "$MODULE"

  echo "SharpSC demo: a message signed on the card" >message.txt
  step "Sign a message with the card key" \
    openssl dgst -engine pkcs11 -keyform engine -sign "$KEY_URI" -passin "pass:$PIN" -sha256 -out message.sig message.txt
  unset OPENSSL_CONF
  openssl x509 -in cert.pem -pubkey -noout >public.pem
  step "Anyone can verify it with the certificate's public key" \
    openssl dgst -sha256 -verify public.pem -signature message.sig message.txt

  echo
  bold "Keep playing: the card stays in reader \"$READER\" (pid $(cat "$DIR/card.pid"))."
  cat <<EOF
  module   $MODULE
  PIN $PIN, PUK $PUK, key id 01, token "$LABEL"; files in $DIR
  try      pkcs11-tool --module $MODULE --login --pin $PIN --list-objects
           ssh-keygen -D $MODULE
           OPENSSL_CONF=$DIR/engine.cnf openssl dgst -engine pkcs11 -keyform engine -sign '$KEY_URI' -sha256 message.txt | od -An -tx1 | head -4
  stop     $ROOT/samples/demo/demo.sh stop   (./build.sh demo starts a fresh card again)
EOF
  COMPLETED=yes
}

# The PIV walk-through: a fresh virtual YubiKey 5, a key generated in slot 9A (PIV Authentication), a
# certificate the card signs for it stored next to it, and an ssh login with that key to a throwaway sshd.
demo_piv() {
  for f in "$MODULE" "$SHARPSC" "$VCARD"; do [ -x "$f" ] || [ -f "$f" ] || die "$f is missing: run ./build.sh first"; done
  [ -x "$SSHD" ] || die "$SSHD is missing: install openssh-server (./build.sh setup does)"
  ensure_pcscd
  stop_card
  start_card piv
  bold "A factory-fresh virtual YubiKey 5 (PIV) is in reader \"$READER\" (state $DIR/card.state)."
  cd "$DIR"
  rm -rf cert.pem ssh
  mkdir -p ssh

  step "The readers pcscd offers" "$SHARPSC" readers
  step "The card's answer to reset" "$SHARPSC" atr --reader "$READER"
  step "The PIV application: version, serial, PIN and PUK tries, slots" "$SHARPSC" piv status --reader "$READER"
  local serial
  serial="$("$SHARPSC" piv status --reader "$READER" --json | sed -n 's/.*"[Ss]erial": *"\{0,1\}\([0-9][0-9]*\).*/\1/p' | head -1)"
  [ -n "$serial" ] || die "sharpsc piv status names no serial"
  local token="YubiKey PIV #$serial"
  local key_uri="pkcs11:token=YubiKey%20PIV%20%23$serial;id=%01;type=private"

  step "Generate an RSA-2048 key in slot 9A (PIV Authentication) with the management key" \
    "$SHARPSC" piv generate rsa/2048 --slot 9a --reader "$READER" --mgm-key "$PIV_MGM_KEY"

  engine_config
  export OPENSSL_CONF="$DIR/engine.cnf"
  step "A self-signed certificate for the 9A key, signed by the card through the OpenSSL engine and our module" \
    openssl req -engine pkcs11 -keyform engine -new -x509 -key "$key_uri" -passin "pass:$PIN" \
      -subj "/CN=SharpSC PIV demo" -days 365 -sha256 -out cert.pem
  unset OPENSSL_CONF
  step "OpenSSL checks the certificate's signature" openssl verify -CAfile cert.pem cert.pem
  step "Store the certificate in slot 9A" \
    "$SHARPSC" piv import-cert cert.pem --slot 9a --reader "$READER" --mgm-key "$PIV_MGM_KEY"
  step "What the card holds now" "$SHARPSC" piv status --reader "$READER"
  step "The same through the PKCS#11 module" \
    pkcs11-tool --module "$MODULE" --token-label "$token" --list-objects --login --pin "$PIN"

  step "The card's keys as ssh sees them (for ~/.ssh/authorized_keys)" ssh-keygen -D "$MODULE"
  ssh-keygen -D "$MODULE" >ssh/authorized_keys

  start_sshd
  printf '#!/bin/sh\necho %s\n' "$PIN" >ssh/askpass.sh
  chmod 700 ssh/askpass.sh
  step "Log in with the 9A key: ssh loads our module, asks for the PIN (askpass.sh answers here), the card signs" \
    env SSH_ASKPASS="$DIR/ssh/askpass.sh" SSH_ASKPASS_REQUIRE=force DISPLAY= \
    ssh -F /dev/null -I "$MODULE" -p "$SSHD_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile="$DIR/ssh/known_hosts" \
      -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no -o ConnectTimeout=20 \
      "$(id -un)@127.0.0.1" 'echo "logged in as $(id -un) on $(hostname) with the PIV 9A key"' </dev/null
  for _ in $(seq 1 50); do grep -q "Accepted publickey" ssh/sshd.log && break; sleep 0.1; done
  echo
  bold "What sshd logged:"
  grep "Accepted publickey" ssh/sshd.log || die "sshd logged no public-key login"
  stop_sshd

  echo
  bold "Keep playing: the card stays in reader \"$READER\" (pid $(cat "$DIR/card.pid"))."
  cat <<EOF
  module   $MODULE
  PIN $PIN, PUK 12345678, management key $PIV_MGM_KEY; token "$token"; files in $DIR
  try      pkcs11-tool --module $MODULE --login --pin $PIN --test
           $SHARPSC piv generate ec/prime256v1 --slot 9e --mgm-key $PIV_MGM_KEY
           ssh-keygen -D $MODULE
  stop     $ROOT/samples/demo/demo.sh stop   (./build.sh demo piv starts a fresh card again)
EOF
  COMPLETED=yes
}

# A throwaway sshd on 127.0.0.1 and a free port for the demo's login: its own host key, configuration and
# authorized_keys in $DIR/ssh, public-key authentication only; stopped at the end (or when the demo fails).
SSHD=/usr/sbin/sshd
SSHD_PID=""
SSHD_PORT=""
start_sshd() {
  ssh-keygen -q -t ed25519 -N "" -f ssh/host_key
  SSHD_PORT="$(free_port)"
  cat >ssh/sshd_config <<EOF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $DIR/ssh/host_key
AuthorizedKeysFile $DIR/ssh/authorized_keys
PidFile $DIR/ssh/sshd.pid
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
MaxAuthTries 30
LogLevel VERBOSE
EOF
  [ -d /run/sshd ] || { if [ "$(id -u)" -eq 0 ]; then mkdir -p /run/sshd; else sudo mkdir -p /run/sshd; fi; }
  STEP=$((STEP + 1))
  echo
  bold "== $STEP. A throwaway sshd on 127.0.0.1:$SSHD_PORT that accepts those keys (stopped at the end)"
  echo "\$ $SSHD -f $DIR/ssh/sshd_config -D -e 2>ssh/sshd.log &"
  "$SSHD" -f "$DIR/ssh/sshd_config" -D -e 2>ssh/sshd.log &
  SSHD_PID=$!
  for _ in $(seq 1 100); do
    if grep -q "Server listening" ssh/sshd.log; then echo "sshd listens (pid $SSHD_PID)"; return; fi
    alive "$SSHD_PID" || break
    sleep 0.1
  done
  cat ssh/sshd.log >&2
  die "sshd did not start"
}

stop_sshd() {
  [ -n "$SSHD_PID" ] || return 0
  kill "$SSHD_PID" 2>/dev/null || true
  wait "$SSHD_PID" 2>/dev/null || true
  echo "stopped the throwaway sshd (pid $SSHD_PID)"
  SSHD_PID=""
}

free_port() { # a TCP port nothing on 127.0.0.1 listens on
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  die "no free TCP port"
}

resume() {
  [ -f "$DIR/card.state" ] || die "no demo card in $DIR: run ./build.sh demo"
  ensure_pcscd
  stop_card
  start_card "" resume
  COMPLETED=yes
  echo "the demo card is back in reader \"$READER\" (pid $(cat "$DIR/card.pid"))"
}

case "${1:-run}" in
  run) demo ;;
  piv) demo_piv ;;
  stop) stop_card ;;
  resume) resume ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
