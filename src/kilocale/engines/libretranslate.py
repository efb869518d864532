"""The ``libretranslate`` engine: a shared, self-hosted LibreTranslate server over HTTP.

LibreTranslate serves the same Argos models as the ``argos`` engine, but has no
glossary; kilocale's glossary lock (protect → translate → restore → verify → safer
retry, in :mod:`kilocale.pretranslate`) runs on this side, so the server only ever sees
sentences with ``{N}`` sentinels, exactly as the local engine does.

Requests (stdlib :mod:`urllib`, no HTTP dependency):

* ``GET /languages`` once, to check that the pair is offered (``check``);
* ``POST /translate`` with JSON ``{"q": [...], "source", "target", "format": "text",
  "api_key"}``: ``q`` is an array, so one request carries up to ``batch_size`` sentences;
* ``GET /spec`` once, for the server's version in the draft comment (LibreTranslate does
  not report its Argos package versions; the comment says the server and its version).

Codes: a gettext locale is offered to the server as the first of its BCP 47 tag
(``zh-CN``), LibreTranslate's alias of the Argos code (``zh-Hans``, ``pt-BR``) and the
Argos code itself (``zh``, :func:`kilocale.engines.argos.argos_code`) that the server
lists, so old and new servers both work.

Failures are :class:`~kilocale.errors.EngineError` (exit 2, nothing written, because
pretranslate writes only after every catalog is translated): server unreachable or timing
out, pair not offered, API key refused (403, or 400 asking for a key).  429 and 5xx are
retried ``retries`` times with exponential backoff (``backoff``, doubling, capped at
:data:`MAX_WAIT` seconds, a ``Retry-After`` within that cap is honoured).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from kilocale.engines.argos import argos_code
from kilocale.errors import EngineError

API_KEY_ENV = "KILOCALE_LIBRETRANSLATE_API_KEY"
# LibreTranslate's own names for some Argos codes (libretranslate/language.py ``aliases``).
LT_ALIASES = {"zh": "zh-Hans", "zt": "zh-Hant", "pb": "pt-BR"}
MAX_WAIT = 8.0


class LibreTranslateEngine:
    """A LibreTranslate server behind the :class:`kilocale.engines.Engine` Protocol.

    Args:
        url: the server's base URL (``http://127.0.0.1:5000``).
        api_key: sent with every translate request when not empty.
        timeout: seconds for one HTTP request.
        retries: extra attempts after a 429 or 5xx answer.
        backoff: the first wait in seconds before a retry; doubled at each retry.
        batch_size: sentences per ``/translate`` request (``q`` array).
        sleep: the function that waits (tests pass a recorder).
    """

    name = "libretranslate"

    def __init__(self, url: str = "", api_key: str = "", timeout: float = 60.0, retries: int = 3,
                 backoff: float = 0.5, batch_size: int = 32,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.batch_size = max(1, batch_size)
        self.sleep = sleep
        self._languages: dict[str, set[str]] | None = None
        self._version: str | None = None
        self.requests = 0  # HTTP requests sent, for benchmarks and tests

    # --- HTTP ----------------------------------------------------------------------------

    def _request(self, path: str, body: dict[str, Any] | None = None) -> Any:
        if not self.url:
            raise EngineError("the libretranslate engine needs a server URL: --url URL or "
                              "url = \"...\" in [tool.kilocale.engines.libretranslate]")
        scheme = urllib.parse.urlsplit(self.url).scheme
        if scheme not in ("http", "https"):
            raise EngineError(f"LibreTranslate URL must be http:// or https://, not {self.url!r}")
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        attempt = 0
        while True:
            request = urllib.request.Request(self.url + path, data=data, headers=headers,
                                             method="GET" if data is None else "POST")
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    payload = response.read()
            except urllib.error.HTTPError as exc:
                message = _error_message(exc)
                if (exc.code == 429 or exc.code >= 500) and attempt < self.retries:
                    self.sleep(self._wait(attempt, exc.headers.get("Retry-After")))
                    attempt += 1
                    continue
                raise self._http_error(exc.code, message, attempt) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise EngineError(f"LibreTranslate server {self.url} is unreachable ({reason}); "
                                  "is it running? (--url)") from None
            try:
                return json.loads(payload.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise EngineError(f"LibreTranslate server {self.url}{path} did not answer with "
                                  "JSON; is the URL a LibreTranslate server?") from None

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        wait = self.backoff * (2 ** attempt)
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after))
        return min(wait, MAX_WAIT)

    def _http_error(self, code: int, message: str, attempt: int) -> EngineError:
        if code == 403 or (code == 400 and "api key" in message.lower()):
            hint = "the key given was refused" if self.api_key else "no key was given"
            return EngineError(f"LibreTranslate server {self.url} refused the request: {message} "
                               f"({hint}; set {API_KEY_ENV} or --api-key)")
        tries = f" after {attempt + 1} attempts" if attempt else ""
        return EngineError(f"LibreTranslate server {self.url} answered {code}{tries}: {message}")

    # --- the Engine Protocol --------------------------------------------------------------

    def languages(self) -> dict[str, set[str]]:
        """The pairs the server offers: source code (lower case) → target codes (lower case)."""
        if self._languages is None:
            listing = self._request("/languages")
            if not isinstance(listing, list):
                raise EngineError(f"LibreTranslate server {self.url}/languages gave no language list")
            self._languages = {str(item.get("code", "")).lower():
                               {str(t).lower() for t in item.get("targets", [])}
                               for item in listing if isinstance(item, dict)}
        return self._languages

    def code(self, language: str) -> str:
        """The server's code for a gettext locale (``zh_CN`` → ``zh-Hans`` or ``zh``)."""
        offered = set(self.languages())
        for targets in self.languages().values():
            offered |= targets
        for candidate in candidates(language):
            if candidate.lower() in offered:
                return candidate
        return candidates(language)[-1]

    def check(self, source: str, target: str) -> None:
        src, tgt = self.code(source), self.code(target)
        pairs = self.languages()
        if tgt.lower() not in pairs.get(src.lower(), set()):
            offered = ", ".join(f"{s} → {t}" for s in sorted(pairs) for t in sorted(pairs[s])) or "none"
            raise EngineError(f"LibreTranslate server {self.url} does not offer {src} → {tgt} "
                              f"(offered: {offered})")

    def provenance(self, source: str, target: str) -> str:
        if self._version is None:
            try:
                spec = self._request("/spec")
                self._version = str(spec.get("info", {}).get("version", "")) if isinstance(spec, dict) else ""
            except EngineError:
                self._version = ""
        version = f" {self._version}" if self._version else ""
        return f"libretranslate{version} {self.url} {self.code(source)}→{self.code(target)}"

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        src, tgt = self.code(source), self.code(target)
        out: list[str] = []
        for k in range(0, len(texts), self.batch_size):
            chunk = texts[k:k + self.batch_size]
            body: dict[str, Any] = {"q": chunk, "source": src, "target": tgt, "format": "text"}
            if self.api_key:
                body["api_key"] = self.api_key
            answer = self._request("/translate", body)
            got = answer.get("translatedText") if isinstance(answer, dict) else None
            if not isinstance(got, list) or len(got) != len(chunk) or \
                    not all(isinstance(t, str) for t in got):
                raise EngineError(f"LibreTranslate server {self.url} returned "
                                  f"{len(got) if isinstance(got, list) else 'no'} translations "
                                  f"for {len(chunk)} texts")
            out += got
        return out


def candidates(language: str) -> list[str]:
    """Codes a LibreTranslate server may use for a gettext locale, most specific first."""
    code = argos_code(language)
    out = [language.replace("_", "-"), LT_ALIASES.get(code, code), code]
    return list(dict.fromkeys(out))


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read().decode("utf-8"))
        if isinstance(body, dict) and body.get("error"):
            return str(body["error"])
    except Exception:  # an HTML error page or nothing: the status line says enough
        pass
    return str(exc.reason or exc.code)
