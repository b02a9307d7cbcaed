#!/bin/sh
# make package-test: installs build/package/dlkiosk_*.deb with dpkg on THIS machine, checks the
# installed program, runs lintian, tries the kiosk session (packaging/kiosk/try_session.py),
# purges the package and checks that nothing of it is left under /usr.
# Needs root; meant for CI (a throwaway machine) and a developer's VM. It refuses to run when a
# dlkiosk package is installed already, so it never removes one it did not install.
#
# The installed program is checked with the source and build trees hidden (a tmpfs over the
# repository in a private mount namespace), so it can only have used the installed files.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
deb=${1:-}
[ -n "$deb" ] || deb=$(ls "$repo"/build/package/dlkiosk_*.deb 2>/dev/null | tail -n 1)
[ -f "$deb" ] || { echo "FAIL: no .deb (run make package first)"; exit 1; }
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
[ "$(id -u)" -eq 0 ] || { echo "FAIL: the install test needs root (it installs and purges the package)"; exit 1; }
if dpkg-query -W -f='${Status}' dlkiosk 2>/dev/null | grep -q installed; then
    echo "FAIL: a dlkiosk package is installed already; remove it first (this test purges what it installs)"
    exit 1
fi
tmp=$(mktemp -d)
installed=0
cleanup() {
    [ "$installed" -eq 1 ] && dpkg --purge dlkiosk >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
step() { echo "== $*"; }
start=$(date +%s)

version=$(dpkg-deb -f "$deb" Version)
step "dlkiosk $version: runtime dependencies"
# The package's own Depends (from dpkg-shlibdeps and the fonts) through apt, so dpkg -i can
# install it; on a build machine they are all there already.
deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/[(|].*//; s/ //g' | grep -v '^$')
# shellcheck disable=SC2086
"$repo/packaging/install-deps.sh" $deps
for d in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/ //g'); do
    case "$d" in *-dev) fail "the package depends on the build-only package $d" ;; esac
done

# Every path under /usr before, to compare with after the purge.
find /usr -xdev | sort > "$tmp/usr-before"

step "dpkg -i"
dpkg -i "$deb" > "$tmp/dpkg.log" 2>&1 || fail "dpkg -i: $(cat "$tmp/dpkg.log")"
installed=1
dpkg -L dlkiosk > "$tmp/files"
grep -v -e '^/usr' -e '^/\.$' -e '^/lib$' -e '^/lib/systemd' "$tmp/files" && fail "the package installs files outside /usr and /lib/systemd (merged into /usr)"
for f in /usr/bin/dlkiosk /usr/lib/dlkiosk/dlkiosk-gui /usr/sbin/dlkiosk-kiosk \
    /usr/share/dlkiosk/items/imsmanifest.xml /usr/share/dlkiosk/locale/en.mo \
    /usr/share/dlkiosk/assets/irt/levels.csv /usr/share/applications/dlkiosk.desktop \
    /usr/share/icons/hicolor/scalable/apps/dlkiosk.svg /usr/share/man/man1/dlkiosk.1.gz \
    /usr/share/man/man8/dlkiosk-kiosk.8.gz /usr/share/doc/dlkiosk/copyright /usr/share/doc/dlkiosk/changelog.gz \
    /lib/systemd/system/dlkiosk-kiosk.service; do
    [ -e "$f" ] || fail "$f is not installed"
done
zcat /usr/share/man/man1/dlkiosk.1.gz | grep -q '^\.SH COMMANDS' || fail "dlkiosk.1 has no COMMANDS section"
if command -v desktop-file-validate > /dev/null; then
    desktop-file-validate /usr/share/applications/dlkiosk.desktop || fail "desktop entry"
fi
if command -v systemd-analyze > /dev/null; then
    systemd-analyze verify /lib/systemd/system/dlkiosk-kiosk.service || fail "systemd-analyze verify"
fi

step "the installed program, with the source and build trees hidden"
cp "$repo/tests/e2e/headless.sh" "$repo/tests/e2e/r_reads.py" "$tmp/"
mkdir -m 0777 "$tmp/home"
cat > "$tmp/inside.sh" <<INSIDE
set -eu
mount -t tmpfs -o size=1m dlk-hidden "$repo"
[ -z "\$(ls -A "$repo")" ] || { echo "FAIL: the repository is still visible"; exit 1; }
cd "$tmp"
export HOME="$tmp/home"
unset XDG_DATA_HOME DISPLAY WAYLAND_DISPLAY
dlkiosk --version | grep -qx "dlkiosk $version" || { echo "FAIL: dlkiosk --version: \$(dlkiosk --version)"; exit 1; }
dlkiosk validate /usr/share/dlkiosk/items > validate.out 2> validate.err || { echo "FAIL: validate"; cat validate.err; exit 1; }
grep -q ' 0 error(s)' validate.err || { echo "FAIL: validate: \$(cat validate.err)"; exit 1; }
# Without --items the bank is the installed one (no source tree to fall back on).
dlkiosk qti export --out bank.zip > /dev/null 2>&1 || { echo "FAIL: qti export of the installed bank"; exit 1; }
sh ./headless.sh /usr/bin/dlkiosk /usr/share/dlkiosk/items
# The kiosk's own first screen, in the user's data folder; an item in English from the installed
# catalogue; both through dlkiosk's exec of /usr/lib/dlkiosk/dlkiosk-gui.
xvfb-run -a -s "-screen 0 1366x768x24" dlkiosk --screenshot setup.png --frames 4 ||
    { echo "FAIL: screenshot of the first start"; exit 1; }
xvfb-run -a -s "-screen 0 1366x768x24" dlkiosk --screenshot item-en.png --screen item --lang en --frames 4 ||
    { echo "FAIL: screenshot of an item"; exit 1; }
[ -f "$tmp/home/.local/share/dlkiosk/dlkiosk.db" ] || { echo "FAIL: no database in the user's data folder"; ls -la "$tmp/home/.local/share/dlkiosk"; exit 1; }
INSIDE
unshare -m sh "$tmp/inside.sh" || fail "the installed program (above)"
python3 - "$tmp/setup.png" "$tmp/item-en.png" <<'PY' || fail "screenshots"
import struct, sys
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(path + " is not a PNG")
    w, h = struct.unpack(">II", head[16:24])
    if (w, h) != (1366, 768):
        sys.exit("%s is %dx%d, not 1366x768" % (path, w, h))
PY
cp "$tmp/setup.png" "$tmp/item-en.png" "${DLK_PACKAGE_TEST_OUT:-/tmp}/" 2>/dev/null || true

step "lintian"
lintian --fail-on error --tag-display-limit 0 "$deb" > "$tmp/lintian.txt" 2>&1 || {
    cat "$tmp/lintian.txt"
    fail "lintian reports errors"
}
echo "lintian: $(grep -c '^E:' "$tmp/lintian.txt") errors, $(grep -c '^W:' "$tmp/lintian.txt") warnings"
grep '^[EW]:' "$tmp/lintian.txt" || true

step "the kiosk session (cage headless, as the unit runs it)"
python3 "$repo/packaging/kiosk/try_session.py" "$tmp/kiosk" > "$tmp/kiosk.log" 2>&1 || {
    cat "$tmp/kiosk.log"
    fail "the kiosk session"
}
grep -E '^(ok|WARNING)' "$tmp/kiosk.log"
cp "$tmp"/kiosk/*.png "${DLK_PACKAGE_TEST_OUT:-/tmp}/" 2>/dev/null || true
id dlkiosk > /dev/null 2>&1 && fail "the kiosk trial left the user dlkiosk behind"
[ -e /var/lib/dlkiosk-kiosk ] && fail "dlkiosk-kiosk remove left /var/lib/dlkiosk-kiosk behind"

step "dpkg --purge"
dpkg --purge dlkiosk > "$tmp/purge.log" 2>&1 || fail "dpkg --purge: $(cat "$tmp/purge.log")"
installed=0
dpkg-query -W -f='${Status}' dlkiosk 2>/dev/null | grep -q installed && fail "dlkiosk is still installed"
find /usr -xdev | sort > "$tmp/usr-after"
if ! diff "$tmp/usr-before" "$tmp/usr-after" > "$tmp/usr-diff"; then
    cat "$tmp/usr-diff"
    fail "the purge left a difference under /usr"
fi
for f in $(cat "$tmp/files"); do
    case "$f" in /usr/* | /lib/*) [ -e "$f" ] && [ ! -d "$f" ] && fail "$f is left after the purge" ;; esac
done
echo "ok: installed, checked, linted and purged in $(( $(date +%s) - start )) s"
