#!/bin/sh
# LibreTranslate for the integration test of `pretranslate --engine libretranslate`
# (tests/test_libretranslate.py) and benchmarks/mt.py, in its own virtualenv .venv-lt:
# its pins (argostranslate, torch, flask, ...) are its own and must not move kilocale's.
# The CPU torch wheel goes in first, or pip takes a 5.9 GB CUDA build. The test builds
# and installs tiny offline Argos packages itself; nothing is downloaded at run time.
set -eu
cd "$(dirname "$0")/.."
VENV="${KILOCALE_LT_VENV:-.venv-lt}"
[ -x "$VENV/bin/libretranslate" ] && exit 0
[ -d "$VENV" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q torch==2.13.0
"$VENV/bin/python" -m pip install -q libretranslate
