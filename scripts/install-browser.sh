#!/bin/sh
# Install what tests/browser.py drives, for the page checks (screenshots at phone and
# desktop widths, axe-core, the Nu HTML checker), from the Debian and npm registries only:
#   apt: chromium, fonts-noto-cjk (so Chinese pages render with a real CJK font)
#   npm: axe-core, vnu-jar (the Nu checker; run with the system java, whose presence this
#        checks), playwright-core (the DevTools-protocol client; it drives the system
#        Chromium and downloads no browser)
# npm packages go to <venv>/node/node_modules (run with the venv active, or pass a prefix).
# npm's install scripts are skipped: vnu-jar's would download a second Java.
set -eu
cd "$(dirname "$0")/.."
PREFIX="${1:-${VIRTUAL_ENV:-$PWD/.venv}/node}"

need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK \
    || need="$need fonts-noto-cjk"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
command -v npm >/dev/null 2>&1 || need="$need nodejs npm"
if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
fi

mkdir -p "$PREFIX"
if [ ! -f "$PREFIX/node_modules/axe-core/axe.min.js" ] \
    || [ ! -f "$PREFIX/node_modules/vnu-jar/build/dist/vnu.jar" ] \
    || [ ! -f "$PREFIX/node_modules/playwright-core/package.json" ]; then
    npm install --prefix "$PREFIX" --no-save --no-package-lock --no-audit --no-fund \
        --ignore-scripts axe-core vnu-jar playwright-core >/dev/null
fi
