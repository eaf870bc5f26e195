#!/usr/bin/env bash
# Makes the Debian package from a finished build (artifacts/): build-deb.sh OUTPUT-DIR
# Prints the path of the .deb. `./build.sh package` builds first and then runs this.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:?usage: build-deb.sh OUTPUT-DIR}"
ARTIFACTS="$ROOT/artifacts"
VERSION="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)"
ARCH="$(dpkg --print-architecture)"
case "$ARCH" in
  amd64) MULTIARCH=x86_64-linux-gnu ;;
  *) echo "build-deb.sh: the build makes linux-x64 binaries; no package for $ARCH" >&2; exit 1 ;;
esac
for f in lib/sharpsc-pkcs11.so bin/sharpsc bin/sharpsc-vcard; do
  [ -f "$ARTIFACTS/$f" ] || { echo "build-deb.sh: artifacts/$f is missing: run ./build.sh first" >&2; exit 1; }
done
HERE="$ROOT/packaging/deb"
CHANGELOG="$HERE/changelog"
# The package's version and date come from its changelog, which must follow Directory.Build.props.
[ "$(dpkg-parsechangelog -l "$CHANGELOG" -S Version)" = "$VERSION" ] ||
  { echo "build-deb.sh: packaging/deb/changelog has no entry for version $VERSION (Directory.Build.props): add one" >&2; exit 1; }
MAINTAINER="$(dpkg-parsechangelog -l "$CHANGELOG" -S Maintainer)"
DATE="$(date -u -d "$(dpkg-parsechangelog -l "$CHANGELOG" -S Date)" +%Y-%m-%d)"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/sharpsc"
DOC="$PKG/usr/share/doc/sharpsc"
MAN="$PKG/usr/share/man/man1"
COMPLETIONS="$PKG/usr/share/bash-completion/completions"
install -d "$PKG/DEBIAN" "$PKG/usr/lib/$MULTIARCH/pkcs11" "$PKG/usr/bin" "$PKG/usr/share/p11-kit/modules" "$DOC/examples" "$MAN" "$COMPLETIONS"
install -m 0644 "$ARTIFACTS/lib/sharpsc-pkcs11.so" "$PKG/usr/lib/$MULTIARCH/pkcs11/"
install -m 0755 "$ARTIFACTS/bin/sharpsc" "$ARTIFACTS/bin/sharpsc-vcard" "$PKG/usr/bin/"
# The compilers' version notes (.comment) are of no use in an installed binary.
for f in "$PKG/usr/lib/$MULTIARCH/pkcs11/sharpsc-pkcs11.so" "$PKG/usr/bin/sharpsc" "$PKG/usr/bin/sharpsc-vcard"; do
  objcopy --remove-section=.comment "$f"
done
install -m 0644 "$ROOT/samples/p11-kit/sharpsc.module" "$PKG/usr/share/p11-kit/modules/"
install -m 0644 "$ROOT/README.md" "$ROOT"/docs/*.md "$DOC/"
install -m 0644 "$ROOT/samples/openssl/engine.cnf" "$ROOT/samples/openssl/provider.cnf" "$ROOT/samples/firefox/policies.json" \
  "$ROOT/samples/p11-kit/sharpsc.module" "$DOC/examples/"
install -m 0644 "$ROOT/samples/ssh/config" "$DOC/examples/ssh_config"
install -m 0755 "$ROOT/samples/nss/modutil.sh" "$DOC/examples/"
gzip -9n "$DOC"/*.md
# A native package: its Debian changelog is the changelog (Debian Policy §12.7).
gzip -9n <"$CHANGELOG" >"$DOC/changelog.gz"
# Manual pages and completion are made from the programs' own --help texts, so they cannot drift from them.
"$HERE/manpage.sh" "$ARTIFACTS/bin/sharpsc" "$VERSION" "$DATE" "sharpsc-vcard(1)" "pkcs15-tool(1)" "pkcs11-tool(1)" "p11-kit(8)" |
  gzip -9n >"$MAN/sharpsc.1.gz"
"$HERE/manpage.sh" "$ARTIFACTS/bin/sharpsc-vcard" "$VERSION" "$DATE" "sharpsc(1)" "pcscd(8)" | gzip -9n >"$MAN/sharpsc-vcard.1.gz"
"$HERE/completion.sh" "$ARTIFACTS/bin/sharpsc" >"$COMPLETIONS/sharpsc"
chmod 0644 "$MAN"/*.gz "$COMPLETIONS/sharpsc" "$DOC/changelog.gz"
cat >"$DOC/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: SharpSC

Files: *
Copyright: 2026 The SharpSC authors
License: other
 The terms of use are those stated in the SharpSC source repository.
COPYRIGHT

cat >"$PKG/DEBIAN/control" <<CONTROL
Package: sharpsc
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Section: admin
Priority: optional
Depends: libc6 (>= 2.34), libpcsclite1, libssl3, zlib1g (>= 1:1.2.0)
Recommends: pcscd, p11-kit
Suggests: vsmartcard-vpcd, opensc, libengine-pkcs11-openssl
Installed-Size: $(du -sk "$PKG/usr" | cut -f1)
Description: PKCS#11 module and tools for PIV, OpenPGP, MyEID and IsoApplet cards
 SharpSC is a PKCS#11 module (sharpsc-pkcs11.so, registered with p11-kit) that
 lets Firefox, OpenSSL, OpenSSH, GnuTLS and .NET programs use the keys on
 PIV cards and YubiKeys, OpenPGP cards, MyEID cards and IsoApplet Java Cards
 through pcscd. sharpsc personalises cards (PIN, keys, certificates);
 sharpsc-vcard emulates those cards in pcscd's vpcd reader, to try everything
 without hardware.
CONTROL
# Depends, measured (RELIABILITY.md): libc6 and zlib1g are linked (readelf NEEDED); libpcsclite1 and libssl3 are opened at
# run time (dlopen), which ldd and dpkg-shlibdeps do not see: PC/SC by the module and sharpsc; libssl.so.3 by
# .NET's crypto layer in sharpsc (X.509 and PKCS#12 input) and in sharpsc-vcard. The module never loads OpenSSL.
(cd "$PKG" && find usr -type f -exec md5sum {} + | sort -k2) >"$PKG/DEBIAN/md5sums"

mkdir -p "$OUT"
DEB="$OUT/sharpsc_${VERSION}_${ARCH}.deb"
# Built beside the old package and renamed over it (apt may be reading the old one).
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$STAGE/package.deb" >/dev/null
mv -f "$STAGE/package.deb" "$DEB.new" && mv -f "$DEB.new" "$DEB"
echo "$DEB"
