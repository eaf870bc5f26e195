#!/usr/bin/env bash
# Writes the bash completion of sharpsc to stdout, made from the --help texts the program prints (its
# commands, their subcommands and each one's options), so completion offers what the program takes:
# completion.sh PROGRAM. Options whose value is a FILE complete file names; other values are left to the user.
set -euo pipefail
PROGRAM="${1:?usage: completion.sh PROGRAM}"
NAME="$(basename "$PROGRAM")"
FN="_$(printf '%s' "$NAME" | tr -c 'a-zA-Z0-9_\n' '_')"

commands_of() { sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p'; }
# Every option spelling (-r, --reader) of one --help text.
options_of() { sed -n '/^Options:$/,/^$/p' | { grep -E '^ +-' || true; } | sed 's/^ *//; s/  .*//' | tr ',' '\n' | awk '{print $1}' | paste -sd' ' -; }
# The options that take a FILE-like value.
file_options_of() { sed -n '/^Options:$/,/^$/p' | { grep -E '^ +-' || true; } | sed 's/^ *//; s/  .*//' | { grep -E ' (FILE|PATH|DIR|SOCKET)$' || true; } | tr ',' '\n' | awk '{print $1}' | paste -sd' ' -; }
# Options that take any value (the next word is not a command or option).
value_options_of() { sed -n '/^Options:$/,/^$/p' | { grep -E '^ +-' || true; } | sed 's/^ *//; s/  .*//' | { grep -E ' [A-Z|]' || true; } | tr ',' '\n' | awk '{print $1}' | paste -sd' ' -; }

top="$("$PROGRAM" --help)"
mapfile -t commands < <(printf '%s\n' "$top" | commands_of)
declare -A opts files subs positional_file
values=""
for c in "${commands[@]}"; do
  h="$("$PROGRAM" "$c" --help)"
  opts[$c]="$(printf '%s\n' "$h" | options_of)"
  files[$c]="$(printf '%s\n' "$h" | file_options_of)"
  values="$values $(printf '%s\n' "$h" | value_options_of)"
  head -1 <<<"$h" | grep -q " FILE" && positional_file[$c]=1
  mapfile -t s < <(printf '%s\n' "$h" | commands_of)
  subs[$c]="${s[*]:-}"
  for sc in "${s[@]}"; do
    hs="$("$PROGRAM" "$c" "$sc" --help)"
    opts["$c $sc"]="$(printf '%s\n' "$hs" | options_of)"
    files["$c $sc"]="$(printf '%s\n' "$hs" | file_options_of)"
    values="$values $(printf '%s\n' "$hs" | value_options_of)"
  done
done
values="$(printf '%s\n' $values $(printf '%s\n' "$top" | value_options_of) | sort -u | paste -sd' ' -)"

cat <<HEAD
# bash completion for $NAME, generated from its --help texts (packaging/deb/completion.sh)
$FN() {
    local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
    local command="" sub="" i w
    # The command and subcommand: the first words that are neither options nor option values.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=\${COMP_WORDS[i]}
        case " $values " in *" \${COMP_WORDS[i-1]} "*) [[ \${COMP_WORDS[i-1]} == -* ]] && continue ;; esac
        [[ \$w == -* ]] && continue
        if [[ -z \$command ]]; then command=\$w; elif [[ -z \$sub ]]; then sub=\$w; fi
    done
    local options="" file_options="" subcommands="" file_argument=""
    case "\$command \$sub" in
HEAD
for key in "${!opts[@]}"; do
  [[ $key == *" "* ]] || continue
  printf '        "%s") options="%s"; file_options="%s" ;;\n' "$key" "${opts[$key]}" "${files[$key]}"
done | sort
for c in "${commands[@]}"; do
  printf '        "%s "*) options="%s"; file_options="%s"; subcommands="%s"; file_argument="%s" ;;\n' \
    "$c" "${opts[$c]}" "${files[$c]}" "${subs[$c]}" "${positional_file[$c]:-}"
done
cat <<TAIL
        *) COMPREPLY=(\$(compgen -W "${commands[*]} $(printf '%s\n' "$top" | options_of)" -- "\$cur")); return ;;
    esac
    case " \$file_options " in *" \$prev "*) COMPREPLY=(\$(compgen -f -- "\$cur")); return ;; esac
    case " $values " in *" \$prev "*) [[ \$prev == -* ]] && { COMPREPLY=(); return; } ;; esac
    if [[ \$cur == -* ]]; then
        COMPREPLY=(\$(compgen -W "\$options" -- "\$cur"))
    elif [[ -n \$subcommands && -z \$sub ]]; then
        COMPREPLY=(\$(compgen -W "\$subcommands" -- "\$cur"))
    elif [[ -n \$file_argument ]]; then
        COMPREPLY=(\$(compgen -f -- "\$cur"))
    fi
}
complete -F $FN $NAME
TAIL
