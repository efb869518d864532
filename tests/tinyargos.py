"""Build small but *real* Argos Translate packages offline, for tests and benchmarks.

No model can be downloaded here, so the fixtures make one:

* a SentencePiece model trained in memory on a few hundred sentences written below;
* a CTranslate2 Transformer built without torch: :class:`NumpyTransformerConverter`
  subclasses ``ctranslate2.converters.converter.Converter`` and fills a
  ``TransformerSpec.from_config(...)`` with numpy arrays in ``_load``;
* zipped as ``<name>.argosmodel`` (``metadata.json``, ``sentencepiece.model``, ``model/``).

Two kinds of weights:

``copy`` (hand-wired; 1+1 layers, 1 head, 256 wide)
    The residual stream is split into three blocks: token-in | position | token-out.
    Token and position codes are fixed random unit vectors with zero mean, so every layer
    norm is a constant scale.  The encoder's attention and feed-forward layers are zero,
    so its output is ``LN(token code + position code)``.  The decoder's input embedding is
    zero; its cross-attention query and key read only the position block (step *t*
    attends to source position *t*, a hard one-hot attention after scaling), and its
    value and output map the token-in block to the token-out block.  The output
    projection reads the token-out block, so step *t* emits source piece *t*: the output
    equals the input.  With ``upper=True`` the projection maps each piece to its
    upper-cased piece when the vocabulary has one, which makes the "translation" visible
    (``Die Botschaft`` → ``DIE BOTSCHAFT``) while anything protected stays as it was.

``random`` (benchmark; default 512 wide, 6+6 layers, 8 heads, 32k vocabulary)
    The same spec with random weights: the shape and cost of a real Argos model.

The source gets ``</s>`` appended (``add_source_eos``) so that the copy model's last step
attends to it and stops.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path


# numpy, CTranslate2 and SentencePiece are imported inside functions, so that importing
# this module (for example to read CORPUS) works on a machine without the mt extra.

_DE_SUBJECTS = [
    "Der Suchmaschinenriese", "Die neue Firma", "Das kleine Startup", "Ein bekannter Konzern",
    "Die Regierung", "Der Fintech-Gigant", "Die Forscherin", "Das Unternehmen aus Hangzhou",
    "Der Chiphersteller", "Die Entwicklerin", "Ein Team in Beijing", "Der Cloud-Anbieter",
    "Die Universität", "Das Labor", "Der Händler", "Die Öffentlichkeit",
]
_DE_VERBS = [
    "veröffentlichte", "kündigte", "entwickelte", "verbesserte", "testete", "verkaufte",
    "präsentierte", "übernahm", "förderte", "kritisierte", "überprüfte", "bewertete",
    "begrüßte", "finanzierte", "trainierte", "öffnete",
]
_DE_OBJECTS = [
    "ein großes Sprachmodell", "neue KI-Chips", "die Schnittstelle", "eine günstige Lösung",
    "das Rechenzentrum", "einen schnellen Agenten", "die offene Version", "das Budget",
    "mehrere Werkzeuge", "die Lieferkette", "ein Modell mit 7 Milliarden Parametern",
    "die Kosten um ein Fünftel", "die Plattform WeChat", "den Kundenservice",
    "die Datenschutzregeln", "zehn Produkt-Upgrades",
]
_DE_TAILS = [
    "im Januar 2024.", "im Jahr 2025.", "in nur zwei Wochen.", "für Kunden weltweit.",
    "– schneller als erwartet.", "mit großem Erfolg.", "trotz hoher Kosten.",
    "und erntete Lob.", "ohne das Budget zu sprengen.", "nach langer Prüfung.",
    "für 3,5 Millionen Euro.", "über Nacht.", "in Europa und Asien.", "vor Jahren.",
    "(laut einem Bericht).", "– ein Durchbruch?",
]
_EN_SUBJECTS = [
    "The search giant", "The new company", "A small startup", "A well-known group",
    "The government", "The fintech giant", "The researcher", "The firm from Hangzhou",
    "The chip maker", "The developer", "A team in Beijing", "The cloud provider",
]
_EN_VERBS = [
    "released", "announced", "built", "improved", "tested", "sold", "presented", "acquired",
    "funded", "criticised", "reviewed", "trained",
]
_EN_OBJECTS = [
    "a large language model", "new AI chips", "the interface", "a cheap solution",
    "the data centre", "a fast agent", "the open version", "the budget", "several tools",
    "the supply chain", "a model with 7 billion parameters", "customer service",
]
_EN_TAILS = [
    "in January 2024.", "in 2025.", "in just two weeks.", "for customers worldwide.",
    "— faster than expected.", "with great success.", "despite high costs.",
    "and won praise.", "without breaking the bank.", "after a long review.",
    "for $3.5 million.", "overnight.",
]
_EXTRA = [
    "Über 80 % der Nutzer sagen: „Das ist großartig!“",
    "Ihre kühne Behauptung, dass ‘chinesische Chips die Kosten senken können’, überraschte.",
    "Siehe auch https://example.org/page?id=7 und `pip install kilocale`.",
    "Wählen Sie **Datei** → *Speichern* oder [die Hilfe](https://example.com/help).",
    "Größere Modelle (LLMs) brauchen mehr Rechenleistung; kleinere sind günstiger.",
    "Quoted text: \"hello\", 'world', {braces}, [brackets], <angle> and #hash @at & amp.",
    "Numbers like 1, 2.5, 10 000, 1/5, 3:1 and 100% appear everywhere.",
    "Ç é è ê à ñ ¿ ¡ ç ô û œ æ — í ó ú ü ö ä ß Ä Ö Ü É.",
    "中文 文本 也 会 出现 在 语料 中 。",
    "Tabs, semicolons; colons: dashes - and – and — plus … ellipsis.",
]


def corpus() -> list[str]:
    """A few hundred deterministic sentences in German and English (the training text)."""
    out = []
    for i, subj in enumerate(_DE_SUBJECTS):
        for j in range(12):
            verb = _DE_VERBS[(i + j) % len(_DE_VERBS)]
            obj = _DE_OBJECTS[(i * 3 + j) % len(_DE_OBJECTS)]
            tail = _DE_TAILS[(i + 5 * j) % len(_DE_TAILS)]
            out.append(f"{subj} {verb} {obj} {tail}")
    for i, subj in enumerate(_EN_SUBJECTS):
        for j in range(10):
            verb = _EN_VERBS[(i + j) % len(_EN_VERBS)]
            obj = _EN_OBJECTS[(i * 5 + j) % len(_EN_OBJECTS)]
            tail = _EN_TAILS[(i + 7 * j) % len(_EN_TAILS)]
            out.append(f"{subj} {verb} {obj} {tail}")
    out.extend(_EXTRA * 3)
    return out


CORPUS = corpus()


def train_sentencepiece(sentences: list[str], vocab_size: int = 600) -> bytes:
    """Train a unigram SentencePiece model in memory and return its serialized bytes."""
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences), model_writer=buf, vocab_size=vocab_size,
        hard_vocab_limit=False, character_coverage=1.0, model_type="unigram",
        minloglevel=2, num_threads=1,
    )
    return buf.getvalue()


def _pieces(sp_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _codes(rng, n: int, dim: int):
    """``n`` random unit vectors of ``dim`` with zero mean each (layer norm keeps them)."""
    import numpy as np

    codes = rng.standard_normal((n, dim))
    codes -= codes.mean(axis=1, keepdims=True)
    codes /= np.linalg.norm(codes, axis=1, keepdims=True)
    return codes.astype(np.float32)


def _converter_class():
    import numpy as np
    from ctranslate2.converters.converter import Converter
    from ctranslate2.specs import common_spec, transformer_spec

    class NumpyTransformerConverter(Converter):
        """A CTranslate2 converter whose "checkpoint" is a function filling numpy arrays."""

        def __init__(self, vocab: list[str], kind: str, *, upper: bool = False, width: int = 512,
                     layers: int = 6, heads: int = 8, ffn: int = 2048, seed: int = 0,
                     max_len: int = 512, eos_bias: float = 3.6) -> None:
            self.vocab, self.kind, self.upper = vocab, kind, upper
            self.eos_bias = eos_bias
            self.width, self.layers, self.heads, self.ffn = width, layers, heads, ffn
            self.seed, self.max_len = seed, max_len

        def _load(self):
            if self.kind == "copy":
                spec = self._copy_spec()
            else:
                spec = self._random_spec()
            spec.config.add_source_eos = True
            spec.register_source_vocabulary(self.vocab)
            spec.register_target_vocabulary(self.vocab)
            return spec

        # -- copy model ---------------------------------------------------------
        def _copy_spec(self):
            tdim, pdim = 96, 64
            d = tdim + pdim + tdim
            tin, pos, tout = slice(0, tdim), slice(tdim, tdim + pdim), slice(tdim + pdim, d)
            rng = np.random.default_rng(self.seed)
            V = len(self.vocab)
            tok = _codes(rng, V, tdim)
            pc = _codes(rng, self.max_len, pdim)
            spec = transformer_spec.TransformerSpec.from_config(
                (1, 1), 1, pre_norm=True, activation=common_spec.Activation.RELU)
            zeros = lambda *shape: np.zeros(shape, dtype=np.float32)  # noqa: E731
            ones = lambda n: np.ones(n, dtype=np.float32)  # noqa: E731

            def norm(ln):
                ln.gamma, ln.beta = ones(d), zeros(d)

            def zero_layer(layer, cross: bool):
                sa = layer.self_attention
                norm(sa.layer_norm)
                sa.linear[0].weight, sa.linear[0].bias = zeros(3 * d, d), zeros(3 * d)
                sa.linear[1].weight, sa.linear[1].bias = zeros(d, d), zeros(d)
                norm(layer.ffn.layer_norm)
                layer.ffn.linear_0.weight, layer.ffn.linear_0.bias = zeros(4, d), zeros(4)
                layer.ffn.linear_1.weight, layer.ffn.linear_1.bias = zeros(d, 4), zeros(d)

            enc, dec = spec.encoder, spec.decoder
            emb = zeros(V, d)
            emb[:, tin] = tok
            enc.embeddings[0].weight = emb
            enc.scale_embeddings = False
            penc = zeros(self.max_len, d)
            penc[:, pos] = pc
            enc.position_encodings.encodings = penc
            zero_layer(enc.layer[0], False)
            norm(enc.layer_norm)

            dec.embeddings.weight = zeros(V, d)
            dec.scale_embeddings = False
            dec.position_encodings.encodings = penc.copy()
            layer = dec.layer[0]
            zero_layer(layer, True)
            att = layer.attention
            norm(att.layer_norm)
            # Encoder output = (tok | pos | 0) * sqrt(d/2); decoder query input = (0 | pos | 0) * sqrt(d).
            enc_scale, dec_scale = np.sqrt(d / 2), np.sqrt(d)
            wq = zeros(d, d)
            wq[pos, pos] = np.eye(pdim) * (70.0 / (dec_scale * enc_scale) * np.sqrt(d))
            wkv = zeros(2 * d, d)
            wkv[pos, pos] = np.eye(pdim)                    # keys: position block
            wkv[d + tdim + pdim: 2 * d, tin] = np.eye(tdim)  # values: token-in -> token-out block
            att.linear[0].weight, att.linear[0].bias = wq, zeros(d)
            att.linear[1].weight, att.linear[1].bias = wkv, zeros(2 * d)
            wo = np.eye(d, dtype=np.float32) / enc_scale
            att.linear[2].weight, att.linear[2].bias = wo, zeros(d)
            norm(dec.layer_norm)
            # Decoder output = (0 | pos | tok) * sqrt(d/2): project token-out onto the vocabulary.
            proj = zeros(V, d)
            index = {p: i for i, p in enumerate(self.vocab)}
            for i, piece in enumerate(self.vocab):
                j = i
                if self.upper and not piece.startswith("<"):
                    j = index.get(piece.upper(), i)
                proj[j, tout] += tok[i] * (40.0 / enc_scale)
            dec.projection.weight, dec.projection.bias = proj, zeros(V)
            return spec

        # -- random model -------------------------------------------------------
        def _random_spec(self):
            d, ffn, V = self.width, self.ffn, len(self.vocab)
            rng = np.random.default_rng(self.seed)
            spec = transformer_spec.TransformerSpec.from_config(
                (self.layers, self.layers), self.heads, pre_norm=True)

            def rand(*shape, scale=None):
                scale = scale if scale is not None else 1.0 / np.sqrt(shape[-1])
                return (rng.standard_normal(shape, dtype=np.float32) * scale).astype(np.float32)

            def norm(ln):
                ln.gamma = np.ones(d, dtype=np.float32)
                ln.beta = np.zeros(d, dtype=np.float32)

            def lin(spec_lin, out, inp):
                spec_lin.weight, spec_lin.bias = rand(out, inp), np.zeros(out, dtype=np.float32)

            def layer(l, cross):
                norm(l.self_attention.layer_norm)
                if cross:
                    lin(l.self_attention.linear[0], 3 * d, d)
                    lin(l.self_attention.linear[1], d, d)
                    norm(l.attention.layer_norm)
                    lin(l.attention.linear[0], d, d)
                    lin(l.attention.linear[1], 2 * d, d)
                    lin(l.attention.linear[2], d, d)
                else:
                    lin(l.self_attention.linear[0], 3 * d, d)
                    lin(l.self_attention.linear[1], d, d)
                norm(l.ffn.layer_norm)
                lin(l.ffn.linear_0, ffn, d)
                lin(l.ffn.linear_1, d, ffn)

            spec.encoder.embeddings[0].weight = rand(V, d, scale=1.0)
            for l in spec.encoder.layer:
                layer(l, False)
            norm(spec.encoder.layer_norm)
            spec.decoder.embeddings.weight = rand(V, d, scale=1.0)
            for l in spec.decoder.layer:
                layer(l, True)
            norm(spec.decoder.layer_norm)
            lin(spec.decoder.projection, V, d)
            # Random logits are about N(0, 1); a bias on </s> near the maximum of 32k of them
            # makes hypotheses end after a few dozen pieces, as real translations do, instead
            # of running to the 256-step limit.
            spec.decoder.projection.bias[self.vocab.index("</s>")] = self.eos_bias
            return spec

    return NumpyTransformerConverter


def _random_vocab(base: list[str], size: int) -> list[str]:
    """Pad a SentencePiece vocabulary with made-up pieces up to ``size`` (32k for a real-size model).

    Only the model's vocabulary grows; the extra pieces are never produced by the tokenizer
    but may be produced by the random decoder, as unusual pieces are by a real one.
    """
    vocab = list(base)
    seen = set(vocab)
    i = 0
    while len(vocab) < size:
        piece = f"▁x{i:05d}"
        i += 1
        if piece not in seen:
            vocab.append(piece)
            seen.add(piece)
    return vocab


def build_package(dest_dir: str | Path, *, kind: str = "copy", from_code: str = "de",
                  to_code: str = "en", upper: bool = False, version: str = "0.1",
                  sentences: list[str] | None = None, vocab_size: int = 600,
                  width: int = 512, layers: int = 6, heads: int = 8, ffn: int = 2048,
                  model_vocab: int = 0, seed: int = 0, quantization: str | None = None,
                  eos_bias: float = 3.6) -> Path:
    """Build ``<dest_dir>/translate-<from>_<to>-<version>.argosmodel`` and return its path.

    Args:
        kind: ``"copy"`` (output = input, or upper-cased with ``upper``) or ``"random"``.
        model_vocab: for ``random``, pad the model vocabulary to this many entries (32000
            for a model of real size).
    """
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    sp_bytes = train_sentencepiece(sentences or CORPUS, vocab_size)
    vocab = _pieces(sp_bytes)
    if kind == "random" and model_vocab:
        vocab = _random_vocab(vocab, model_vocab)
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    conv = _converter_class()(vocab, kind, upper=upper, width=width, layers=layers,
                              heads=heads, ffn=ffn, seed=seed, eos_bias=eos_bias)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        root.mkdir()
        conv.convert(str(root / "model"), quantization=quantization, force=True)
        (root / "sentencepiece.model").write_bytes(sp_bytes)
        meta = {"package_version": version, "argos_version": "1.9", "from_code": from_code,
                "from_name": from_code.upper(), "to_code": to_code, "to_name": to_code.upper(),
                "type": "translate",
                "description": f"kilocale test package ({kind}{', upper' if upper else ''})"}
        (root / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        out = dest_dir / f"{name}.argosmodel"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                zf.write(path, path.relative_to(tmp).as_posix())
    return out


def install_package(archive: Path, packages_dir: Path) -> Path:
    """Unzip an ``.argosmodel`` into ``packages_dir`` (what ``argospm install`` does)."""
    with zipfile.ZipFile(archive) as zf:
        top = {n.split("/")[0] for n in zf.namelist()}
        zf.extractall(packages_dir)
    (name,) = top
    return packages_dir / name


ARGOS_ENV = {
    "ARGOS_INTRA_THREADS": "1",
    "ARGOS_INTER_THREADS": "1",
    "ARGOS_DEVICE_TYPE": "cpu",
    "ARGOS_CHUNK_TYPE": "MINISBD",
    "ARGOS_DEBUG": "0",
}


def argos_env(base: Path) -> dict[str, str]:
    """Environment for an isolated argostranslate: packages, data, config and cache under ``base``.

    argostranslate reads these at import time and creates its directories then, so they
    must be set before the first ``import argostranslate``.
    """
    env = dict(ARGOS_ENV)
    env["ARGOS_PACKAGES_DIR"] = str(base / "packages")
    env["XDG_DATA_HOME"] = str(base / "data")
    env["XDG_CONFIG_HOME"] = str(base / "config")
    env["XDG_CACHE_HOME"] = str(base / "cache")
    # Anything that still tries the network fails at once instead of hanging.
    env["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"
    return env


_SESSION: dict[str, Path] = {}


def session_argos() -> Path:
    """Point argostranslate at a fresh temporary home, once per process, before it is imported.

    Installs two tiny packages: ``de → en`` (upper-casing copy, so the "translation" is
    visible and differs from the source) and ``en → es`` (identity copy; ``de → es``
    pivots through English), and nothing for Chinese, so the missing-model path can be
    tested.  Returns the temporary base directory.
    """
    if "base" in _SESSION:
        return _SESSION["base"]
    import atexit
    import sys

    if "argostranslate" in sys.modules:
        raise RuntimeError("argostranslate was imported before its environment was set")
    base = Path(tempfile.mkdtemp(prefix="kilocale-argos-"))
    atexit.register(shutil.rmtree, base, True)
    os.environ.update(argos_env(base))
    (base / "packages").mkdir()
    archives = base / "archives"
    build_package(archives, from_code="de", to_code="en", upper=True)
    build_package(archives, from_code="en", to_code="es")
    for archive in sorted(archives.glob("*.argosmodel")):
        install_package(archive, base / "packages")
    _SESSION["base"] = base
    return base


def require_argos() -> Path:
    """For tests: skip without the MT stack, else :func:`session_argos` (in the right order:
    argostranslate must not be imported before its environment is set)."""
    import pytest

    pytest.importorskip("ctranslate2")
    pytest.importorskip("sentencepiece")
    if importlib.util.find_spec("argostranslate") is None:
        pytest.skip("argostranslate is not installed")
    return session_argos()


if __name__ == "__main__":  # pragma: no cover - manual use: python tests/tinyargos.py DIR
    import sys
    import time

    t = time.perf_counter()
    path = build_package(sys.argv[1] if len(sys.argv) > 1 else ".", upper="--upper" in sys.argv)
    print(path, os.path.getsize(path), "bytes", f"{time.perf_counter() - t:.2f}s")
