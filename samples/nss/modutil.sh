#!/bin/sh
# Register the SharpSC module in an NSS database (Firefox profile, Thunderbird, Chromium's ~/.pki/nssdb).
# Close the application first. Usage: samples/nss/modutil.sh [NSSDB] [MODULE]
set -eu
DB="${1:-$HOME/.pki/nssdb}"
MODULE="${2:-/usr/lib/x86_64-linux-gnu/pkcs11/sharpsc-pkcs11.so}"

# A fresh database with no password (skip for an existing one):
[ -e "$DB/cert9.db" ] || { mkdir -p "$DB"; certutil -N -d "sql:$DB" --empty-password; }

modutil -dbdir "sql:$DB" -add SharpSC -libfile "$MODULE" -force
# Lists the slots and tokens; modutil exits 32 when a reader is empty, which is no error here.
modutil -dbdir "sql:$DB" -list SharpSC || true

# The card's certificates ("<token label>:<certificate label>"), for example "MyCard:Certificate":
certutil -L -d "sql:$DB" -h all

# To remove it again:
#   modutil -dbdir "sql:$DB" -delete SharpSC -force
