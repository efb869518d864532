#!/bin/sh
# Install everything the test suite needs on a fresh Debian machine (run as root or with
# sudo available): GNU gettext for the msgfmt/msgcat comparisons, a virtualenv in .venv
# with kilocale, its test tools and the lean offline MT stack.
set -eu
cd "$(dirname "$0")/.."

if ! command -v msgcat >/dev/null 2>&1 || ! command -v msgfmt >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gettext >/dev/null
fi

[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e '.[test]'
sh scripts/install-mt.sh
sh scripts/install-browser.sh
# A real LibreTranslate server for tests/test_libretranslate.py, in its own .venv-lt.
sh scripts/install-libretranslate.sh
