#!/usr/bin/env bash
# Writes a program's manual page (man(7) roff) to stdout, made from the --help text the program prints, so
# the page cannot say anything the program does not: manpage.sh PROGRAM VERSION DATE [SEE-ALSO...]
# Every subcommand listed under "Commands:" gets a section of its own from its own --help (one level down
# too: `sharpsc pin change`). DATE is the page's date (the package's changelog date: reproducible).
set -euo pipefail
PROGRAM="${1:?usage: manpage.sh PROGRAM VERSION DATE [SEE-ALSO...]}"
VERSION="${2:?}"
DATE="${3:?}"
shift 3
NAME="$(basename "$PROGRAM")"

# help2roff MODE: one --help text (stdin) as roff. MODE "top" makes NAME/SYNOPSIS/DESCRIPTION/OPTIONS
# sections; MODE "sub" makes one .SS with the same content inside.
help2roff() {
  awk -v mode="$1" -v name="$NAME" '
    function esc(s) {
      gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s)
      if (s ~ /^[.\x27]/) s = "\\&" s
      return s
    }
    function flush_option() {
      if (opt != "") { print ".TP"; print "\\fB" esc(opt) "\\fR"; print esc(text) }
      opt = ""; text = ""
    }
    NR == 1 && /^Usage: / {
      usage = substr($0, 8)
      if (mode == "top") { print ".SH SYNOPSIS"; print ".B " esc(name); print esc(substr(usage, length(name) + 2)) }
      else { print ".SS \"" esc(substr(usage, 1, index(usage, " [options]") ? index(usage, " [options]") - 1 : length(usage))) "\""; print ".B " esc(usage) }
      section = "summary"; next
    }
    section == "summary" && /^$/ { next }
    section == "summary" {
      if (mode == "top") { summary = $0; print ".SH DESCRIPTION" } else print ".PP"
      print esc($0); section = "details"; next
    }
    /^Commands:$/ { flush_option(); section = "commands"; print (mode == "top" ? ".SH COMMANDS" : ".PP\nCommands:"); next }
    /^Options:$/ { flush_option(); section = "options"; print (mode == "top" ? ".SH OPTIONS" : ".PP\nOptions:"); next }
    section == "commands" && /^  [^ ]/ {
      cmd = $1; sub(/^  [^ ]+ +/, ""); print ".TP"; print "\\fB" esc(cmd) "\\fR"; print esc($0); next
    }
    section == "commands" && /^Run / { print ".PP"; print esc($0); next }
    section == "options" && /^  +-/ {
      flush_option(); line = $0; sub(/^ +/, "", line)
      split(line, parts, /  +/); opt = parts[1]; text = substr(line, length(opt) + 1); sub(/^ +/, "", text); next
    }
    section == "options" && /^    +[^ ]/ && opt != "" { line = $0; sub(/^ +/, "", line); text = text " " line; next }
    /^$/ { flush_option(); if (section == "options") section = "notes"; print ".PP"; next }
    {
      flush_option()
      if (section == "notes" && mode == "top" && !notes) { print ".SH NOTES"; notes = 1 }
      if ($0 ~ /^(Example|Examples|Exit codes|Tracing|Secrets):/) print ".br"
      print esc($0)
    }
    END { flush_option(); if (mode == "top") print "SUMMARY\t" summary > "/dev/stderr" }
  '
}

top="$("$PROGRAM" --help)"
summary="$(printf '%s\n' "$top" | help2roff top 2>&1 >/dev/null | sed -n 's/^SUMMARY\t//p')"
upper="$(printf '%s' "$NAME" | tr '[:lower:]' '[:upper:]')"
printf '.TH %s 1 "%s" "SharpSC %s" "User Commands"\n' "$upper" "$DATE" "$VERSION"
printf '.SH NAME\n%s \\- %s\n' "$(printf '%s' "$NAME" | sed 's/-/\\-/g')" "$(printf '%s' "$summary" | sed 's/\\/\\e/g; s/-/\\-/g')"
printf '%s\n' "$top" | help2roff top 2>/dev/null
commands=()
mapfile -t commands < <(printf '%s\n' "$top" | sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p' | grep -vx help || true)
if [ "${#commands[@]}" -gt 0 ]; then
  printf '.SH "COMMAND DETAILS"\n'
  for c in "${commands[@]}"; do
    sub="$("$PROGRAM" "$c" --help)"
    printf '%s\n' "$sub" | help2roff sub
    mapfile -t subs < <(printf '%s\n' "$sub" | sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p')
    for s in "${subs[@]}"; do "$PROGRAM" "$c" "$s" --help | help2roff sub; done
  done
fi
if [ "$#" -gt 0 ]; then
  printf '.SH "SEE ALSO"\n'
  printf '%s\n' "$*" | sed 's/\([a-z0-9.-]*\)(\([0-9]\))/\\fB\1\\fR(\2)/g; s/-/\\-/g'
fi
