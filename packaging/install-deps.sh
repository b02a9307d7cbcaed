#!/bin/sh
# Installs the Debian packages named on the command line that are not installed yet.
# Runs apt-get as root, or through sudo otherwise; says what it does and why it fails.
set -eu
missing=""
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "dlkiosk: installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "dlkiosk: these packages are missing and neither root nor sudo is available:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -qq; then
    echo "dlkiosk: apt-get update failed; check the network or the apt sources" >&2
    exit 1
fi
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -qq --no-install-recommends $missing; then
    echo "dlkiosk: apt-get could not install:$missing" >&2
    exit 1
fi
