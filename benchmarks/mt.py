"""Batched kilocale vs per-segment ``argostranslate.translate`` on a model of real size.

    python benchmarks/mt.py [--sentences 500] [--threads 1] [--compute-type int8]
    python benchmarks/mt.py --libretranslate-only [--lt-sentences 200]

Builds (in a temporary ARGOS_PACKAGES_DIR, offline) a de → en Argos package whose
CTranslate2 Transformer has the shape of a real Argos model — 512 wide, 6 + 6 layers,
8 heads, feed-forward 2048, 32k vocabulary, int8 weights as Argos ships them — filled
with random weights (``tests/tinyargos.py``), then translates the same sentences

* per segment, the way a naive integration would: one ``argostranslate.translate``
  call per sentence (its sentence splitter replaced by a no-op: the texts are sentences
  already, and MiniSBD would download a model; this makes Argos *faster* than it really
  is, so the ratio is conservative);
* batched, with :class:`kilocale.engines.argos.ArgosEngine`.

It prints both times, the ratio and the share of identical outputs, then runs
:func:`kilocale.pretranslate.pretranslate_catalog` over the article with the glossary on
the random model, to show what the lost-sentinel retry path does with a model that
translates nothing faithfully.

Measured here (2 shared cores, 1 thread, 500 sentences): int8 weights 2.3x with the lean
install and 2.8x with the full one (44 s against 125 s), 100 % identical outputs; float32
weights 4.1x (78 s against 322 s), 100 % identical.  With int8, decoding four beams of
one sentence is already compute-bound on this CPU, so batching gains less than with
float32, where the per-segment path is bound by reading the weights at every step.
Retry demo: 0/173 sentinels survive the first pass, 74 entries retried, 0 failures.
Run time: about 4 minutes (int8), 7 minutes (float32).

With ``.venv-lt`` installed (``scripts/install-libretranslate.sh``), the same random
package is served by a real LibreTranslate on 127.0.0.1 (``tests/ltserver.py``), and
:class:`kilocale.engines.libretranslate.LibreTranslateEngine` sends the sentences as
``q`` arrays (32 a request) against one request per sentence (``batch_size=1``): the
ratio is what batching saves in HTTP round trips and per-request server work.
LibreTranslate translates the texts of a ``q`` array one by one inside the server, so
the model work is the same on both paths.  Measured here (2 shared, loaded cores, 1
thread, int8, 200 sentences): 239 s per sentence (200 requests) against 231 s batched
(7 requests), 1.03x, 100 % identical outputs, no connection off loopback.  Batching saves
only the HTTP round trips; the server's per-text decoding dominates.

``argostranslate.translate`` imports Stanza (torch) and MiniSBD; with the lean install
(``requirements-mt.txt``) they are absent and are replaced by empty stand-in modules,
which this path never calls.  Both paths use the same CTranslate2 thread count.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import tinyargos  # noqa: E402


def sentences(n: int) -> list[str]:
    """``n`` distinct sentences: the article's, then the test corpus, then recombinations."""
    from kilocale.core.segment import split_sentences

    out: list[str] = []
    for line in (ROOT / "source/de/article.md").read_text(encoding="utf-8").splitlines():
        out += [s for s in split_sentences(line.lstrip("#- ").strip()) if s.strip()]
    out += tinyargos.CORPUS
    seen, unique = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            unique.append(s)
    i = 0
    while len(unique) < n:
        a, b = unique[i % len(unique)], unique[(i * 7 + 3) % len(unique)]
        cand = f"{a.rstrip('.')}, und {b[0].lower()}{b[1:]}"
        if cand not in seen:
            seen.add(cand)
            unique.append(cand)
        i += 1
    return unique[:n]


def stub_missing(*names: str) -> list[str]:
    stubbed = []
    for name in names:
        if importlib.util.find_spec(name) is None:
            mod = types.ModuleType(name)
            if name == "minisbd":
                mod.SBDetect = object
                mod.models = types.SimpleNamespace(cache_dir="", list_models=lambda: ["de", "en"])
                sys.modules["minisbd.models"] = mod.models
            sys.modules[name] = mod
            stubbed.append(name)
    return stubbed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--threads", type=int, default=1, help="CTranslate2 intra threads (both paths)")
    parser.add_argument("--compute-type", default="int8", choices=["int8", "float32"],
                        help="weights of the random model (Argos ships int8)")
    parser.add_argument("--no-retry-demo", action="store_true")
    parser.add_argument("--lt-sentences", type=int, default=200,
                        help="sentences for the LibreTranslate comparison")
    parser.add_argument("--libretranslate-only", action="store_true",
                        help="only the LibreTranslate comparison (batched vs per-sentence requests)")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="kilocale-bench-"))
    os.environ.update(tinyargos.argos_env(base))
    os.environ["ARGOS_INTRA_THREADS"] = str(args.threads)
    os.environ["ARGOS_COMPUTE_TYPE"] = args.compute_type
    (base / "packages").mkdir()
    texts = sentences(args.sentences)
    t = time.perf_counter()
    # SentencePiece trained on the benchmark text itself, so sentences get a realistic
    # number of pieces (about 30) rather than the ~100 of the tiny test vocabulary.
    archive = tinyargos.build_package(
        base / "archives", kind="random", model_vocab=32000, width=512, layers=6, heads=8,
        ffn=2048, vocab_size=8000, sentences=texts, quantization=args.compute_type,
        eos_bias=2.0)
    tinyargos.install_package(archive, base / "packages")
    print(f"random de→en package: {archive.stat().st_size / 1e6:.0f} MB, built in "
          f"{time.perf_counter() - t:.1f} s ({args.compute_type}, 512 wide, 6+6 layers, 32k vocab)")

    if args.libretranslate_only:
        libretranslate(base, texts[:args.lt_sentences], args)
        return
    stubbed = stub_missing("stanza", "minisbd")
    if stubbed:
        print(f"note: {', '.join(stubbed)} not installed; stand-in modules (never called here)")
    from argostranslate import translate
    from argostranslate.sbd import ISentenceBoundaryDetectionModel

    from kilocale.engines.argos import ArgosEngine

    class Whole(ISentenceBoundaryDetectionModel):
        def split_sentences(self, text: str) -> list[str]:
            return [text]

    translation = translate.get_translation_from_codes("de", "en")
    translation.underlying.sentencizer = Whole()
    engine = ArgosEngine()
    # Warm up both (model loading is not what is compared).
    translation.translate(texts[0])
    engine.translate_batch(texts[:1], "de", "en")

    t = time.perf_counter()
    argos = [translation.translate(s) for s in texts]
    t_argos = time.perf_counter() - t
    t = time.perf_counter()
    ours = engine.translate_batch(texts, "de", "en")
    t_ours = time.perf_counter() - t
    same = sum(a == b for a, b in zip(argos, ours))
    print(f"{len(texts)} sentences, {args.threads} thread(s):")
    print(f"  per-segment argostranslate.translate: {t_argos:7.1f} s")
    print(f"  batched kilocale ArgosEngine:         {t_ours:7.1f} s")
    print(f"  ratio {t_argos / t_ours:.1f}x, identical outputs {100 * same / len(texts):.1f} %")

    if args.no_retry_demo:
        return
    from kilocale.config import load_config
    from kilocale.core.segment import split_sentences
    from kilocale.io.glossary_file import load_glossary
    from kilocale.model import Catalog, Entry
    from kilocale.pretranslate import pretranslate_catalog

    config = load_config(ROOT)
    glossary = load_glossary(config.glossary, config.languages)
    article = [s for line in (ROOT / "source/de/article.md").read_text(encoding="utf-8").splitlines()
               for s in split_sentences(line.lstrip("#- ").strip()) if s.strip()]
    cat = Catalog(entries=[Entry(s) for s in dict.fromkeys(article)])
    t = time.perf_counter()
    new, report = pretranslate_catalog(cat, engine, "de", "en", glossary)
    print(f"retry path on the random model ({len(cat.entries)} article sentences, "
          f"{time.perf_counter() - t:.1f} s): {report.sentinels_restored}/{report.sentinels} "
          f"sentinels survived the first pass, {report.retries} entries retried in the safer "
          f"mode, {report.failures} failed")
    for msgid, problem in report.problems[:5]:
        print(f"  CHECK: {problem}: {msgid[:50]}")
    libretranslate(base, texts[:args.lt_sentences], args)


def libretranslate(base: Path, texts: list[str], args: argparse.Namespace) -> None:
    """Batched ``q`` arrays against one request per sentence, to one real local server."""
    from ltserver import LT_VENV, Server

    from kilocale.engines.libretranslate import LibreTranslateEngine

    if not (LT_VENV / "bin" / "libretranslate").exists():
        print(f"LibreTranslate: skipped, not installed in {LT_VENV} "
              "(sh scripts/install-libretranslate.sh)")
        return
    # LibreTranslate fetches its model index at start unless two packages are installed.
    archive = tinyargos.build_package(base / "archives", from_code="en", to_code="de")
    tinyargos.install_package(archive, base / "packages")
    server = Server(base, LT_VENV, {"ARGOS_INTRA_THREADS": str(args.threads),
                                    "ARGOS_COMPUTE_TYPE": args.compute_type})
    try:
        t = time.perf_counter()
        server.wait()
        print(f"LibreTranslate {server.url} ready in {time.perf_counter() - t:.1f} s")
        batched = LibreTranslateEngine(server.url, batch_size=32, timeout=600)
        single = LibreTranslateEngine(server.url, batch_size=1, timeout=600)
        batched.translate_batch(texts[:1], "de", "en")  # warm up: the server loads the model
        single.check("de", "en")
        n_single, n_batched = single.requests, batched.requests
        t = time.perf_counter()
        one = single.translate_batch(texts, "de", "en")
        t_single = time.perf_counter() - t
        t = time.perf_counter()
        many = batched.translate_batch(texts, "de", "en")
        t_batched = time.perf_counter() - t
        n_single, n_batched = single.requests - n_single, batched.requests - n_batched
        same = sum(a == b for a, b in zip(one, many))
        print(f"{len(texts)} sentences through LibreTranslate, {args.threads} thread(s):")
        print(f"  one request per sentence:       {t_single:7.1f} s ({n_single} requests)")
        print(f"  batched q arrays (32 a request): {t_batched:7.1f} s ({n_batched} requests)")
        print(f"  ratio {t_single / t_batched:.2f}x, identical outputs {100 * same / len(texts):.1f} %")
        log = server.net_log.read_text(encoding="utf-8")
        print(f"  connections off loopback by the server: {log.count(chr(10))}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
