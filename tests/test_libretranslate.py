"""The libretranslate engine: batching, retries and errors against a stub, then a real server.

The stub (``http.server`` on 127.0.0.1) answers exactly what each test needs.  The real
server is LibreTranslate from its own virtualenv (``scripts/install-libretranslate.sh``,
``.venv-lt``), started on 127.0.0.1 with two tiny offline Argos packages built by
``tinyargos`` (de → en upper-casing copy, en → de copy): with two packages installed it
does not fetch the model index at start.  Its sentence splitter (MiniSBD) would download
an ONNX model on the first translation, so the launcher replaces it with a no-op (kilocale
sends single sentences anyway) and refuses, and logs, every connection and name lookup
that is not loopback; the test asserts that log stays empty.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

import tinyargos
from conftest import snapshot
from ltserver import LT_VENV, Server, free_port
from kilocale.cli import cli
from kilocale.config import load_config
from kilocale.engines.libretranslate import LibreTranslateEngine
from kilocale.errors import ConfigError, EngineError
from kilocale.io.glossary_file import load_glossary
from kilocale.io.po import load_po

ROOT = Path(__file__).resolve().parents[1]


# --- a stub server ---------------------------------------------------------------------


class Stub:
    """A scripted LibreTranslate: ``answers`` is a list of (status, body) for /translate."""

    def __init__(self, languages=None, answers=None):
        self.languages = languages if languages is not None else [
            {"code": "de", "name": "German", "targets": ["en", "zh-Hans"]},
            {"code": "en", "name": "English", "targets": ["de"]}]
        self.answers = list(answers or [])
        self.posts: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body, headers=()):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/languages":
                    self.reply(200, stub.languages)
                else:
                    self.reply(404, {"error": "Not Found"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.posts.append(body)
                if stub.answers:
                    status, answer = stub.answers.pop(0)
                    if status != 200:
                        return self.reply(status, answer)
                self.reply(200, {"translatedText": [f"<{t}>" for t in body["q"]]})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    servers = []

    def make(**kwargs):
        servers.append(Stub(**kwargs))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


def test_sentences_go_in_q_arrays_of_batch_size(stub):
    server = stub()
    engine = LibreTranslateEngine(server.url, api_key="k1", batch_size=2)
    engine.check("de", "en")
    assert engine.translate_batch(["a", "b", "c", "d", "e"], "de", "en") == \
        ["<a>", "<b>", "<c>", "<d>", "<e>"]
    assert [p["q"] for p in server.posts] == [["a", "b"], ["c", "d"], ["e"]]
    assert server.posts[0] == {"q": ["a", "b"], "source": "de", "target": "en", "format": "text",
                               "api_key": "k1"}


@pytest.mark.parametrize("offered, sent", [("zh-Hans", "zh-Hans"), ("zh", "zh")])
def test_zh_CN_is_sent_as_the_code_the_server_lists(stub, offered, sent):
    server = stub(languages=[{"code": "de", "targets": [offered]}, {"code": offered, "targets": ["de"]}])
    engine = LibreTranslateEngine(server.url)
    engine.check("de", "zh_CN")
    engine.translate_batch(["x"], "de", "zh_CN")
    assert server.posts[0]["target"] == sent


def test_429_and_5xx_are_retried_with_backoff(stub):
    server = stub(answers=[(429, {"error": "Slowdown"}), (503, {"error": "busy"})])
    waits: list[float] = []
    engine = LibreTranslateEngine(server.url, sleep=waits.append)
    assert engine.translate_batch(["a"], "de", "en") == ["<a>"]
    assert waits == [0.5, 1.0] and len(server.posts) == 3


def test_retries_are_bounded(stub):
    server = stub(answers=[(500, {"error": "Cannot translate"})] * 10)
    waits: list[float] = []
    engine = LibreTranslateEngine(server.url, retries=3, sleep=waits.append)
    with pytest.raises(EngineError, match="answered 500 after 4 attempts: Cannot translate"):
        engine.translate_batch(["a"], "de", "en")
    assert len(server.posts) == 4 and waits == [0.5, 1.0, 2.0]


def test_a_refused_key_names_the_environment_variable(stub):
    server = stub(answers=[(403, {"error": "Invalid API key"})])
    with pytest.raises(EngineError) as err:
        LibreTranslateEngine(server.url, api_key="wrong").translate_batch(["a"], "de", "en")
    assert "refused the request: Invalid API key" in str(err.value)
    assert "KILOCALE_LIBRETRANSLATE_API_KEY" in str(err.value)


def test_a_pair_the_server_does_not_offer(stub):
    server = stub()
    with pytest.raises(EngineError, match=r"does not offer de → fr \(offered: de → en, de → zh-hans, en → de\)"):
        LibreTranslateEngine(server.url).check("de", "fr")


def test_nothing_listening_is_unreachable():
    with pytest.raises(EngineError, match="is unreachable"):
        LibreTranslateEngine(f"http://127.0.0.1:{free_port()}", timeout=5).check("de", "en")


def test_url_comes_from_the_config_and_a_key_never_does(project, stub):
    server = stub()
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text + f'\n[tool.kilocale.engines.libretranslate]\nurl = "{server.url}"\n',
                         encoding="utf-8")
    assert load_config(project).engines == {"libretranslate": {"url": server.url}}
    files = snapshot(project / "locales")
    result = CliRunner().invoke(cli, ["-C", str(project), "pretranslate", "--engine", "libretranslate",
                                      "--lang", "fr"])
    assert result.exit_code == 2 and "does not offer de → fr" in result.output
    assert snapshot(project / "locales") == files
    pyproject.write_text(text + '\n[tool.kilocale.engines.libretranslate]\napi_key = "s3cret"\n',
                         encoding="utf-8")
    with pytest.raises(ConfigError, match="KILOCALE_LIBRETRANSLATE_API_KEY"):
        load_config(project)


# --- a real LibreTranslate -------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not (LT_VENV / "bin" / "libretranslate").exists():
        pytest.skip(f"LibreTranslate is not installed in {LT_VENV} (sh scripts/install-libretranslate.sh)")
    pytest.importorskip("ctranslate2")
    pytest.importorskip("sentencepiece")
    base = tmp_path_factory.mktemp("libretranslate")
    (base / "packages").mkdir()
    for archive in (tinyargos.build_package(base / "archives", from_code="de", to_code="en", upper=True),
                    tinyargos.build_package(base / "archives", from_code="en", to_code="de")):
        tinyargos.install_package(archive, base / "packages")
    lt = Server(base, LT_VENV)
    try:
        lt.wait()
        yield lt
    finally:
        lt.stop()


# A paragraph with inline Markdown, added to the article in the test's copy of the project.
MARKUP_PARAGRAPH = ("Installiere es mit `pip install kilocale` und lies [die Anleitung]"
                    "(https://example.org/kilocale \"Handbuch\") oder drücke <kbd>Strg</kbd>. "
                    "**DeepSeek** nutzt Nvidia-Chips, siehe <https://example.org/chips>.\n")
MARKUP = ["`pip install kilocale`", '](https://example.org/kilocale "Handbuch")', "<kbd>", "</kbd>",
          "<https://example.org/chips>", "**", "["]


@pytest.fixture
def fresh(tmp_path):
    """A project copy with the markup paragraph and empty catalogs (extract + update)."""
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", ".venv*", "build", "locales",
                                                              "tests", "*.egg-info", ".ci"))
    article = dest / "source/de/article.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n" + MARKUP_PARAGRAPH, encoding="utf-8")
    for args in (["extract"], ["update"]):
        result = CliRunner().invoke(cli, ["-C", str(dest), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return dest


@pytest.fixture
def connections(monkeypatch):
    """Every address this process connects to."""
    seen: list[tuple] = []
    real = socket.socket.connect

    def connect(self, address):
        seen.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def source_forms(term) -> list[str]:
    return [term.term, *term.forms]


def test_pretranslate_through_a_real_server_keeps_every_term_and_markup(server, fresh, connections):
    result = CliRunner().invoke(cli, ["-C", str(fresh), "pretranslate", "--engine", "libretranslate",
                                      "--url", server.url, "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 0, result.output + server.output()
    glossary = load_glossary(fresh / "glossary.yaml", ["en", "fr", "es", "zh_CN"])
    catalog = load_po(fresh / "locales/en/LC_MESSAGES/article.po")
    assert len(catalog.active) == 93
    checked_terms = 0
    for entry in catalog.active:
        assert entry.fuzzy and entry.msgstr
        # the draft comment names the engine, the server's version and URL, the pair
        assert re.fullmatch(rf"kilocale-mt: libretranslate [0-9][0-9.]* {re.escape(server.url)} de→en; "
                            rf"glossary {glossary.digest()}", entry.translator_comments[-1])
        for term in glossary.terms:
            flags = 0 if term.case_sensitive else re.I  # the word, its genitive, or before a hyphen
            if any(re.search(rf"(?<![\w-]){re.escape(f)}s?(?!\w)", entry.msgid, flags)
                   for f in source_forms(term)):
                assert any(form in entry.msgstr for form in term.approved("en")), (term.term, entry.msgstr)
                checked_terms += 1
        # the German words went through the (upper-casing) model: the server really translated
        assert entry.msgstr != entry.msgid
    assert checked_terms > 100
    marked = [e for e in catalog.active if "`pip install kilocale`" in e.msgid or "<https://" in e.msgid]
    assert len(marked) == 2
    joined = " ".join(e.msgstr for e in marked)
    for item in MARKUP:
        assert joined.count(item) == " ".join(e.msgid for e in marked).count(item), item
    check = CliRunner().invoke(cli, ["-C", str(fresh), "check", "--lang", "en", "--include-fuzzy"],
                               catch_exceptions=False)
    assert check.exit_code == 0, check.output
    assert connections and all(addr[0] == "127.0.0.1" and addr[1] == server.port for addr in connections)
    assert server.net_log.read_text(encoding="utf-8") == ""  # the server contacted nobody either


def test_a_language_the_server_does_not_offer_is_exit_2(server, fresh):
    files = snapshot(fresh / "locales")
    result = CliRunner().invoke(cli, ["-C", str(fresh), "pretranslate", "--engine", "libretranslate",
                                      "--url", server.url])
    assert result.exit_code == 2
    assert f"LibreTranslate server {server.url} does not offer de → fr" in result.output
    assert snapshot(fresh / "locales") == files


def test_a_stopped_server_is_a_clear_error_and_nothing_changes(server, fresh):
    server.stop()  # the last test of the module: the server is not needed after it
    files = snapshot(fresh / "locales")
    result = CliRunner().invoke(cli, ["-C", str(fresh), "pretranslate", "--engine", "libretranslate",
                                      "--url", server.url, "--lang", "en"])
    assert result.exit_code == 2
    assert f"kilocale: LibreTranslate server {server.url} is unreachable" in result.output
    assert snapshot(fresh / "locales") == files
