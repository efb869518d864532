#!/bin/sh
# The lean offline MT stack for `kilocale pretranslate --engine argos`, into the active
# Python environment: argostranslate without its dependencies (stanza -> torch, spacy,
# minisbd -> onnxruntime serve sentence splitting that kilocale does itself), plus what
# kilocale's batched path really imports (see requirements-mt.txt). About 230 MB.
set -eu
cd "$(dirname "$0")/.."
python -m pip install -q --no-deps 'argostranslate>=1.11,<2'
python -m pip install -q -r requirements-mt.txt
