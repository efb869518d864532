"""HTML editions: a standalone HTML5 page per edition and an index of all editions.

Principles:

* **Safe by construction.**  Markdown is parsed with markdown-it-py (CommonMark + tables,
  raw HTML disabled) and the token stream is turned into lxml elements.  Text from a
  document or a PO file only ever becomes element text or an attribute value, which lxml
  escapes on output; nothing is parsed as markup, so ``<script>`` in a translation is shown
  as the characters ``<script>``.  markdown-it's ``validateLink`` drops ``javascript:``,
  ``vbscript:``, ``file:`` and non-image ``data:`` URLs before they become links.
* **Relative links.**  Every link between pages is computed from the page's own location,
  so a build directory works from the file system and from any web server.
* **Deterministic.**  The same input gives the same bytes: no clock, no randomness, and
  attribute order fixed by the code.
* **Localised chrome from babel.**  Language names come from babel's CLDR data, each in its
  own language; the few sentences around the article come from :data:`UI_TEXT`.  The
  index is multilingual: every edition is listed in its own language.
* **Chinese breaks between words.**  Chinese text gets ``<wbr>`` at word boundaries
  (:mod:`kilocale.formats.cjk`) and the stylesheet forbids every other break; Latin-script
  paragraphs get ``hyphens: auto`` in their ``lang``, never soft hyphens in the text.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.numbers import format_percent
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, reference
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from kilocale.core.lang import WIDE_RE, base_language, written_without_spaces
from kilocale.formats import cjk
from kilocale.formats.edition import Edition
from kilocale.formats.markdown import FALLBACK_CLOSE, FALLBACK_OPEN, Blocks
from kilocale.formats.nesting import MAX_NESTING, check_nesting

__all__ = ["Edition", "render_page", "render_index", "render_index_sections", "index_sections",
           "markdown_to_elements", "structure_signature", "raw_structure_signature", "bcp47",
           "text_direction", "language_label", "compact_label", "mark_word_breaks"]

DOCTYPE = "<!DOCTYPE html>"


# The sentences around the article, per gettext language code; English is the fallback.
# ``notice`` is split around the link to the original: (before, link text, after), where
# ``{language}`` is the source language's name in the page's language (from babel).
UI_TEXT: dict[str, dict[str, object]] = {
    "en": {
        "notice": ("This page is a translation of ", "the {language} original", "."),
        "languages": "Languages",
        "all_editions": "All editions",
        "editions": "Editions",
        "language": "Language",
        "complete": "Complete",
        "original": "original",
        "intro": "In the original and in translation; the bar shows how much is translated.",
        "percent_complete": "{percent} complete",
        "not_published": "not published ({percent} complete)",
    },
    "fr": {
        "notice": ("Cette page est une traduction de ", "l’original {language}", "."),
        "languages": "Langues",
        "all_editions": "Toutes les éditions",
        "editions": "Éditions",
        "language": "Langue",
        "complete": "Achevé",
        "original": "original",
        "intro": "En version originale et en traduction\u202f; la barre indique la part "
                 "traduite.",
        "percent_complete": "traduit à {percent}",
        "not_published": "non publié (traduit à {percent})",
    },
    "es": {
        "notice": ("Esta página es una traducción del ", "original en {language}", "."),
        "languages": "Idiomas",
        "all_editions": "Todas las ediciones",
        "editions": "Ediciones",
        "language": "Idioma",
        "complete": "Completado",
        "original": "original",
        "intro": "En versión original y en traducción; la barra indica la parte traducida.",
        "percent_complete": "traducido al {percent}",
        "not_published": "no publicado (traducido al {percent})",
    },
    "zh_CN": {
        "notice": ("本页译自", "{language}原文", "。"),
        "languages": "语言",
        "all_editions": "所有版本",
        "editions": "版本",
        "language": "语言",
        "complete": "完成度",
        "original": "原文",
        "intro": "原文与译文；进度条显示已翻译的比例。",
        "percent_complete": "已翻译 {percent}",
        "not_published": "未发布（已翻译 {percent}）",
    },
    "de": {
        "notice": ("Diese Seite ist eine Übersetzung; hier geht es ", "zum Original ({language})", "."),
        "languages": "Sprachen",
        "all_editions": "Alle Ausgaben",
        "editions": "Ausgaben",
        "language": "Sprache",
        "complete": "Vollständig",
        "original": "Original",
        "intro": "Im Original und in Übersetzung; der Balken zeigt den übersetzten Anteil.",
        "percent_complete": "zu {percent} übersetzt",
        "not_published": "nicht veröffentlicht (zu {percent} übersetzt)",
    },
}


# How much of a page fell back to the original: {count} of {total} passages, {language} as
# in ``notice``.  Separate from UI_TEXT so the notice's wording can change on its own.
UNTRANSLATED_TEXT: dict[str, str] = {
    "en": " Not yet translated: {count} of {total} passages, shown in the {language} original.",
    "fr": " Pas encore traduit\u202f: {count} passages sur {total}, affichés dans "
          "l’original {language}.",
    "es": " Aún sin traducir: {count} de {total} fragmentos, que se muestran en el "
          "original en {language}.",
    "zh_CN": "尚未翻译：{total} 段中的 {count} 段，以{language}原文显示。",
    "de": " Noch nicht übersetzt: {count} von {total} Abschnitten, im Original ({language}).",
}


def _ui_language(language: str) -> str:
    """The key of :data:`UI_TEXT` for ``language``: exact code, then its base language, then en."""
    if language in UI_TEXT:
        return language
    base = base_language(language)
    for code in (base, *(c for c in UI_TEXT if base_language(c) == base)):
        if code in UI_TEXT:
            return code
    return "en"


def _ui(language: str) -> dict[str, object]:
    return UI_TEXT[_ui_language(language)]


# ---------------------------------------------------------------------------- languages

@lru_cache(maxsize=None)
def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def bcp47(language: str) -> str:
    """The BCP 47 tag of a gettext code, for ``lang`` and ``hreflang``: ``zh_CN`` → ``zh-CN``."""
    return language.replace("_", "-")


def text_direction(language: str) -> str:
    """``rtl`` or ``ltr``, from babel's character order for the locale."""
    loc = _locale(language)
    return "rtl" if loc is not None and loc.character_order == "right-to-left" else "ltr"


def _capitalize(name: str) -> str:
    # CLDR gives French and Spanish names in lower case (``français``); a name standing
    # alone in a menu starts with a capital.  Scripts without case are left unchanged.
    return name[:1].upper() + name[1:] if name else name


def language_label(language: str, others: Sequence[str] = ()) -> str:
    """A language's name in its own language, as a menu item: English, Français, 中文.

    babel's ``display_name`` for ``zh_CN`` is ``中文 (简体, 中国)``, which is noisy in a menu
    of four languages; the plain ``language_name`` (中文) is used unless another language in
    ``others`` has the same name (``zh_CN`` next to ``zh_TW``), when the full display name
    tells them apart.
    """
    return _language_label(language, tuple(others))


@lru_cache(maxsize=None)
def _language_label(language: str, others: tuple[str, ...]) -> str:
    # Cached: the index asks for the same few labels once per document and edition.
    loc = _locale(language)
    if loc is None:
        return language
    name = loc.language_name or language
    clash = any(o != language and (ol := _locale(o)) is not None and ol.language == loc.language
                for o in others)
    if clash:
        name = loc.display_name or name
    return _capitalize(name)


def _language_name_in(language: str, in_language: str) -> str:
    """``language``'s name in ``in_language`` (``de`` in ``fr`` → ``allemand``)."""
    loc = _locale(language)
    if loc is None:
        return language
    return loc.get_language_name(in_language.replace("-", "_")) or loc.language_name or language


# ----------------------------------------------------------------------------- markdown

def _reference_but_no_footnote(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """CommonMark's link reference definition, except for a footnote definition.

    The pages have no footnote support, so ``[^1]: Text.`` is shown as the paragraph it
    is.  Without this a definition whose text happens to be one word (``[^1]: Siehe.``,
    or a one-word translation of a longer German note) has the shape of ``[label]:
    destination`` and would vanish from the page while the others stay.
    """
    first = state.bMarks[start] + state.tShift[start]
    if state.src.startswith("[^", first):
        return False
    return reference(state, start, end, silent)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The pages' parser: :func:`_stock_parser` with the inline pass of :func:`_inline_pass`."""
    md = _stock_parser.__wrapped__()
    if md.inline.ruler.get_active_rules() == list(_INLINE_RULES):
        md.core.ruler.at("inline", _inline_pass)
    return md


# The inline rules :func:`_is_plain` knows the start characters of; with any other rule
# (a plugin, another markdown-it-py) the pages keep markdown-it's own inline pass.
_INLINE_RULES = ("text", "newline", "escape", "backticks", "emphasis", "link", "image",
                 "autolink", "html_inline", "entity")


@lru_cache(maxsize=1)
def _stock_parser() -> MarkdownIt:
    """CommonMark + tables, raw HTML off, no footnote taken for a reference definition."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING}).enable("table")
    md.block.ruler.at("reference", _reference_but_no_footnote)
    return md


# Where an inline rule of the pages' parser can start: markdown-it's text rule stops at
# many more characters, but at the others no rule matches and they stay text.
_INLINE_MARKUP = ("\\", "`", "*", "_", "<", "&", " \n")


def _is_plain(content: str, env: dict) -> bool:
    """Whether ``content`` (a block's inline text) parses as text and soft breaks alone.

    No escape, code span, emphasis, autolink or entity can start without one of
    :data:`_INLINE_MARKUP`'s characters, nor a hard break without a space before the
    newline; a link or image needs ``](`` or a reference definition in ``env``.  (A
    substring test per mark is several times faster than one character-class search.)
    """
    return not any(mark in content for mark in _INLINE_MARKUP) and (
        "[" not in content or "](" not in content and not env.get("references"))


def _inline_pass(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, with plain text (:func:`_is_plain`) turned into
    its text and softbreak tokens directly.

    Most sentences of prose are plain, and markdown-it's inline tokenizer is most of the
    cost of a page: it walks the text stopping at every ``-``, ``:`` or ``!`` to try each
    rule there.  The tokens are the ones that walk makes (tests/test_html.py compares
    them with :func:`_stock_parser`'s); other text goes through markdown-it itself.
    """
    md, env = state.md, state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if not _is_plain(token.content, env):
            md.inline.parse(token.content, md, env, token.children)
            continue
        inline = StateInline(token.content, md, env, token.children)
        for i, line in enumerate(token.content.split("\n")):
            if i:  # markdown-it's newline rule: a softbreak, the next line's indent skipped
                inline.push("softbreak", "br", 0)
                line = line.lstrip(" \t")
            if line:
                inline.pending += line  # (append_pending is markdown-it-py 4's only)
        if inline.pending:
            inline.pushPending()


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """:func:`_parser` without its inline pass: the blocks, with their inline text unparsed."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING}).enable("table")
    md.block.ruler.at("reference", _reference_but_no_footnote)
    md.core.ruler.disable(["inline", "text_join"])
    return md


_CJK = WIDE_RE


def _append_text(parent: etree._Element, text: str) -> None:
    """Append ``text`` after the last child of ``parent`` (lxml's text/tail model)."""
    if not text:
        return
    last = _last_child(parent)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _last_child(parent: etree._Element) -> etree._Element | None:
    # parent[-1] is O(1) in lxml, len(parent) counts every child: a paragraph of n links
    # would cost O(n²).
    try:
        return parent[-1]
    except IndexError:
        return None


def _last_char(parent: etree._Element) -> str:
    last = _last_child(parent)
    if last is not None:
        return (last.tail or "")[-1:]
    return (parent.text or "")[-1:]


def _plain_text(tokens: Sequence[Token] | None) -> str:
    """The text of inline tokens without markup (markdown-it's renderInlineAsText)."""
    out = []
    for tok in tokens or ():
        if tok.type in ("text", "code_inline", "html_inline"):
            out.append(_unmarked(tok.content))
        elif tok.type == "image":
            out.append(_plain_text(tok.children))
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _set_attrs(el: etree._Element, tok: Token, allowed: Sequence[str]) -> None:
    for name in allowed:
        value = tok.attrs.get(name)
        if value is not None and value != "":
            el.set(name, str(value))


_SCRIPT_URL = re.compile(r"(?:javascript|vbscript|data):", re.I)
_IMAGE_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);", re.I)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a scheme


def _safe_url(url: object, image: bool = False) -> bool:
    """False for ``javascript:``, ``vbscript:`` and ``data:`` URLs (data images excepted)."""
    value = _URL_NOISE.sub("", str(url or ""))
    if image and _IMAGE_DATA.match(value):
        return True
    return not _SCRIPT_URL.match(value)


def _inline(parent: etree._Element, tokens: Sequence[Token], cjk_join: bool,
            fallback_lang: str = "") -> None:
    stack = [parent]
    # Text waiting to be set on stack[-1]: lxml copies a text or tail on every append, so
    # the pieces of a paragraph are joined and set once (linear, not quadratic).
    pending: list[str] = []

    def flush() -> None:
        if pending:
            _append_text(stack[-1], "".join(pending))
            pending.clear()

    for i, tok in enumerate(tokens):
        top = stack[-1]
        kind = tok.type
        marked = kind == "text" and fallback_lang and _MARKS.search(tok.content)
        if marked or kind not in ("text", "html_inline", "softbreak"):
            flush()
        if marked:
            _append_marked(stack, tok.content, fallback_lang)
        elif kind == "text" or kind == "html_inline":
            # html_inline cannot occur with html disabled; were it enabled, it stays text.
            if tok.content:
                pending.append(_unmarked(tok.content))
        elif kind == "softbreak":
            # A line break between two Chinese characters must not become a space.
            nxt = tokens[i + 1].content[:1] if i + 1 < len(tokens) else ""
            last = pending[-1][-1:] if pending else _last_char(top)
            if cjk_join and _CJK.match(last or " ") and _CJK.match(nxt or " "):
                continue
            pending.append("\n")
        elif kind == "hardbreak":
            etree.SubElement(top, "br")
            _append_text(top, "\n")
        elif kind == "code_inline":
            etree.SubElement(top, "code").text = tok.content
        elif kind == "image":
            img = etree.SubElement(top, "img")
            if _safe_url(tok.attrs.get("src"), image=True):
                _set_attrs(img, tok, ("src",))
            img.set("alt", _plain_text(tok.children))
            _set_attrs(img, tok, ("title",))
        elif tok.nesting == 1:
            el = etree.SubElement(top, tok.tag or "span")
            if tok.tag == "a":  # a script URL stays plain text (markdown-it drops most)
                _set_attrs(el, tok, ("href", "title") if _safe_url(tok.attrs.get("href"))
                           else ("title",))
            stack.append(el)
        elif tok.nesting == -1:
            if len(stack) > 1:
                stack.pop()
        else:  # an unknown leaf from a plugin: keep its text, never its markup
            _append_text(top, tok.content)
    flush()


_ALIGN = re.compile(r"text-align:(left|right|center)")


def markdown_to_elements(markdown: str, parent: etree._Element, *, language: str = "",
                         fallback_language: str = "",
                         tokens: Sequence[Token] | None = None) -> None:
    """Convert ``markdown`` into lxml elements appended to ``parent``.

    Walks markdown-it-py's token stream (CommonMark + tables, raw HTML off).  Text is only
    ever set as element text or attribute values.

    Args:
        markdown: the document text.
        parent: the element that receives the blocks (an ``<article>``).
        language: gettext code of the text; in a language written without spaces
            (:func:`kilocale.core.lang.written_without_spaces`) a soft line break between
            two CJK characters is dropped instead of rendering as a space.
        fallback_language: gettext code of the sentences between the Markdown adapter's
            fallback marks, which become ``<span lang="…">`` (or ``lang`` on a block that
            is all fallback); without it the marks are dropped.
        tokens: ``markdown`` already parsed by :func:`_tokens`, when the caller needed
            them too (the page's title), so it is not parsed twice.
    """
    cjk_join = written_without_spaces(language)
    fallback_lang = bcp47(fallback_language) if fallback_language else ""
    stack = [parent]
    if tokens is None:
        tokens = _tokens(markdown)
    for tok in tokens:
        top = stack[-1]
        kind = tok.type
        if kind == "inline":
            _inline(top, tok.children or [], cjk_join, fallback_lang)
        elif kind in ("fence", "code_block"):
            pre = etree.SubElement(top, "pre")
            code = etree.SubElement(pre, "code")
            info = tok.info.strip().split()
            if kind == "fence" and info:
                code.set("class", "language-" + info[0])
            code.text = _unmarked(tok.content)
        elif kind == "hr":
            etree.SubElement(top, "hr")
        elif kind == "html_block":
            etree.SubElement(top, "p").text = _unmarked(tok.content).rstrip("\n")
        elif tok.nesting == 1:
            if tok.hidden:  # paragraphs of tight list items have no <p>
                stack.append(top)
                continue
            if kind == "table_open":
                wrap = etree.SubElement(top, "div")
                wrap.set("class", "table-wrap")
                top = wrap
            el = etree.SubElement(top, tok.tag)
            if kind == "ordered_list_open" and tok.attrs.get("start") not in (None, 1, "1"):
                el.set("start", str(tok.attrs["start"]))
            elif kind in ("th_open", "td_open"):
                m = _ALIGN.search(str(tok.attrs.get("style", "")))
                if m:
                    el.set("style", f"text-align:{m.group(1)}")
            stack.append(el)
        elif tok.nesting == -1:
            if len(stack) > 1:
                stack.pop()
        elif tok.content:
            _append_text(top, _unmarked(tok.content))
    if fallback_lang:
        _lift_lang(parent)


# ------------------------------------------------------------------ fallback sentences

_MARKS = re.compile(f"[{FALLBACK_OPEN}{FALLBACK_CLOSE}]")
_BLOCKS_FOR_LANG = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th"})


def _unmarked(text: str) -> str:
    return _MARKS.sub("", text)


def _append_marked(stack: list[etree._Element], text: str, lang: str) -> None:
    """Append ``text``, opening ``<span lang>`` at each open mark and closing it at each
    close mark; elements opened inside the span and still open are closed and reopened
    after it, as an HTML parser would."""
    for part in re.split(f"([{FALLBACK_OPEN}{FALLBACK_CLOSE}])", text):
        if part == FALLBACK_OPEN:
            span = etree.SubElement(stack[-1], "span", lang=lang)
            span.set("class", "untranslated")
            stack.append(span)
        elif part == FALLBACK_CLOSE:
            at = next((i for i in range(len(stack) - 1, 0, -1)
                       if stack[i].tag == "span" and stack[i].get("class") == "untranslated"),
                      None)
            if at is None:
                continue
            reopened = stack[at + 1:]
            del stack[at:]
            for el in reopened:
                clone = etree.SubElement(stack[-1], el.tag, dict(el.attrib))
                clone.set("data-reopened", "")
                stack.append(clone)
        else:
            _append_text(stack[-1], part)


def _lift_lang(root: etree._Element) -> None:
    """A block whose only content is one fallback span gets the span's ``lang`` itself;
    elements reopened after a span and left empty go."""
    for el in list(root.iter()):
        if el.get("data-reopened") is None:
            continue
        del el.attrib["data-reopened"]
        parent = el.getparent()
        if parent is not None and not len(el) and not el.text:
            tail = el.tail or ""
            prev = el.getprevious()
            parent.remove(el)
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
    for span in list(root.iter("span")):
        parent = span.getparent()
        if (span.get("class") != "untranslated" or parent is None or len(parent) != 1
                or parent.tag not in _BLOCKS_FOR_LANG or parent.get("lang")
                or (parent.text or "").strip() or (span.tail or "").strip()):
            continue
        parent.set("lang", span.get("lang", ""))
        parent.set("class", " ".join(filter(None, [parent.get("class"), "untranslated"])))
        children = list(span)
        parent.text = (parent.text or "") + (span.text or "")
        tail = span.tail or ""
        parent.remove(span)
        for child in children:
            parent.append(child)
        if children:
            children[-1].tail = (children[-1].tail or "") + tail
        else:
            parent.text += tail


# Characters an XML/HTML tree cannot hold (C0 controls but tab and newlines, noncharacters,
# lone surrogates); a PO file may still contain them, so they become U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _tokens(markdown: str) -> list[Token]:
    """The page parser's tokens for ``markdown`` (BOM dropped), nesting checked."""
    return _safe_tokens(_xml_safe(markdown))


def _safe_tokens(markdown: str, blocks: Blocks | None = None) -> list[Token]:
    """:func:`_tokens` of text that is already :func:`_xml_safe`; from ``blocks`` (the
    Markdown adapter's parse of the same text) when they are the page parser's blocks."""
    text = markdown.removeprefix("\ufeff")
    tokens = _tokens_from_blocks(text, blocks)
    if tokens is None:
        tokens = _parser().parse(text)
    check_nesting(tokens)
    return tokens


def _tokens_from_blocks(text: str, blocks: Blocks | None) -> list[Token] | None:
    """The page parser's tokens for ``text`` made from the Markdown adapter's block parse
    of it, or None when its blocks may differ from the page parser's.

    The two parsers differ in their block rules only where a line can start raw HTML
    (``<``: the adapter reads HTML blocks, the pages show them as text) or is a footnote
    definition (``[^``: the pages never take one for a reference definition); text with
    neither parses to the same blocks, and only the inline pass is left to run.  The
    original's page is the one that gets here, saving a third of its parse.
    """
    if blocks is None or blocks.text != text or "<" in text or "[^" in text:
        return None
    md = _parser()
    state = StateCore(text, md, dict(blocks.env))
    # inline tokens get their children from the inline pass: copies with a list of their
    # own (the block pass gave each an empty one), so the adapter's tokens stay as they are
    state.tokens = [_with_new_children(tok) if tok.type == "inline" else tok
                    for tok in blocks.tokens]
    for rule in _rules_after_blocks():
        rule(state)
    return state.tokens


def _with_new_children(tok: Token) -> Token:
    """A shallow copy of ``tok`` with an empty list of children of its own.

    Slot by slot: ``copy.copy`` of a slotted dataclass goes through ``__reduce_ex__``
    at three times the cost, once for every block of the original's page.
    """
    new = object.__new__(Token)
    for name in _TOKEN_SLOTS:
        setattr(new, name, getattr(tok, name))
    new.children = []
    return new


_TOKEN_SLOTS = tuple(f.name for f in fields(Token))


@lru_cache(maxsize=1)
def _rules_after_blocks() -> tuple:
    """The page parser's core rules after its block pass (the inline pass, text_join)."""
    ruler = _parser().core.ruler
    names = ruler.get_active_rules()
    return tuple(ruler.getRules("")[names.index("block") + 1:])


def first_heading(markdown: str) -> str:
    """Plain text of the first heading of a Markdown document ("" without one).

    Only the first heading's inline text is parsed, with the references of the whole
    document: markdown-it parses each block's inline text on its own, so this is the
    heading of the full parse at about half its cost.
    """
    markdown = markdown.removeprefix("\ufeff")
    quick = _leading_heading(markdown)
    if quick is not None:
        return quick
    env: dict = {}
    tokens = _block_parser().parse(markdown, env)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and i + 1 < len(tokens):
            inline = _parser().parseInline(tokens[i + 1].content, env)[0].children
            return " ".join(_plain_text(inline).split())
    return ""


_FIRST_LINE = re.compile(r"[^\r\n]*")


def _leading_heading(markdown: str) -> str | None:
    """:func:`first_heading` of a document that opens with an ATX heading (``# Title``)
    needing no reference definitions, from its first line alone; None for any other.

    At the first line no block is open, and of the rules markdown-it tries before the
    heading only a table (a line with ``|``) would look at the lines below; only a link
    or image (``[``) reads the document's references, and without ``]:`` there are none.
    """
    line = _FIRST_LINE.match(markdown).group()  # type: ignore[union-attr]
    if (not line.lstrip(" ").startswith("#") or "|" in line
            or "[" in line and "]:" in markdown):
        return None
    tokens = _parser().parse(line)
    if len(tokens) != 3 or tokens[0].type != "heading_open" or tokens[0].map != [0, 1]:
        return None
    return _heading_text(tokens)


def _heading_text(tokens: Sequence[Token]) -> str:
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and i + 1 < len(tokens):
            return " ".join(_plain_text(tokens[i + 1].children).split())
    return ""


# ------------------------------------------------------------------ Chinese word breaks

# Blocks whose text is segmented as one run; their inline children (a, em, strong) belong
# to them, nested blocks (a list inside a list item) are runs of their own.
_WORD_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "figcaption"}
_NOT_TEXT = {"code", "pre", "wbr", "br", "img"}
_BLOCKS = _WORD_BLOCKS | {"ul", "ol", "blockquote", "table", "div", "pre", "hr"}


def _text_slots(block: etree._Element) -> list[tuple[etree._Element, str]]:
    """The text slots of ``block`` in reading order: (element, "text" | "tail")."""
    slots: list[tuple[etree._Element, str]] = [(block, "text")]

    def walk(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag not in _BLOCKS and child.tag not in _NOT_TEXT:
                slots.append((child, "text"))
                walk(child)
            slots.append((child, "tail"))

    walk(block)
    return slots


def _insert_breaks(el: etree._Element, slot: str, cuts: Sequence[int]) -> None:
    """Put a ``<wbr>`` at each offset of ``cuts`` into the text or tail of ``el``."""
    text = (el.text if slot == "text" else el.tail) or ""
    pieces = [text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text)))]
    if slot == "text":
        el.text = pieces[0]
        parent, at = el, 0
    else:
        el.tail = pieces[0]
        parent = el.getparent()
        at = parent.index(el) + 1
    for i, piece in enumerate(pieces[1:]):
        wbr = etree.Element("wbr")
        wbr.tail = piece
        parent.insert(at + i, wbr)


def mark_word_breaks(root: etree._Element, words: Sequence[str] = ()) -> None:
    """Mark where Chinese text may break: ``<wbr>`` between words, in place.

    Each heading, paragraph, list item and table cell under ``root`` is segmented as one
    run (:func:`kilocale.formats.cjk.break_offsets`, across its links and emphasis), and a
    ``<wbr>`` goes in at each break; with ``word-break: keep-all`` in the stylesheet the
    browser breaks nowhere else.  Spaces inside the glossary forms ``words`` become
    no-break spaces.  Code is left alone.
    """
    for block in [b for b in root.iter() if isinstance(b.tag, str) and b.tag in _WORD_BLOCKS]:
        _mark_block(block, words)


def _mark_block(block: etree._Element, words: Sequence[str]) -> None:
    """:func:`mark_word_breaks` for one block, segmented as one run."""
    slots = _text_slots(block)
    for el, slot in slots:
        value = el.text if slot == "text" else el.tail
        if value and " " in value:
            protected = cjk.protect_spaces(value, words)
            if slot == "text":
                el.text = protected
            else:
                el.tail = protected
    texts = [(el.text if slot == "text" else el.tail) or "" for el, slot in slots]
    offsets = cjk.break_offsets("".join(texts), words)
    start = 0
    pending = iter(offsets)
    cut = next(pending, None)
    for (el, slot), text in zip(slots, texts):
        end = start + len(text)
        local = []
        while cut is not None and cut < end:
            if cut >= start:
                local.append(cut - start)
            cut = next(pending, None)
        if local:
            _insert_breaks(el, slot, local)
        start = end


# -------------------------------------------------------------------------------- pages

@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The built-in stylesheet (package data ``formats/edition.css``)."""
    return resources.files("kilocale.formats").joinpath("edition.css").read_text(encoding="utf-8")


def _relative(target: str, from_page: str) -> str:
    """``target`` (relative to the build dir) as seen from the page ``from_page``."""
    start = posixpath.dirname(from_page) or "."
    here, there = posixpath.normpath(start), posixpath.normpath(target)
    if here.startswith(("/", "..")) or there.startswith(("/", "..")):
        return posixpath.relpath(target, start)
    # Both below the same (current) directory: posixpath.relpath without the os.getcwd()
    # of its abspath, which it calls twice for each of a page's many links.
    a = [part for part in here.split("/") if part != "."]
    b = [part for part in there.split("/") if part != "."]
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return "/".join([".."] * (len(a) - common) + b[common:]) or "."


def _head(root: etree._Element, title: str) -> etree._Element:
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    etree.SubElement(head, "title").text = title
    return head


def _serialize(root: etree._Element) -> bytes:
    out = lxml_html.tostring(root, doctype=DOCTYPE, encoding="utf-8", method="html",
                             pretty_print=True)
    # libxml2's HTML 4 list of empty elements lacks <wbr>: drop the end tag it writes.
    # Text can never contain it unescaped, so only real end tags are removed.
    return out.replace(b"</wbr>", b"")


def _unique(editions: Sequence[Edition]) -> list[Edition]:
    seen: dict[str, Edition] = {}
    for ed in editions:
        seen.setdefault(ed.language, ed)
    return list(seen.values())


def _format_percent(percent: float, language: str) -> str:
    """``87.5`` → ``87,5 %`` in German; rounded down, so 99.96 does not claim to be complete."""
    return _tenths_percent(math.floor(max(0.0, min(100.0, percent)) * 10), language)


@lru_cache(maxsize=None)
def _tenths_percent(tenths: int, language: str) -> str:
    # Cached: an index of many documents repeats the same few figures.
    return format_percent(Decimal(tenths) / 1000, locale=_locale(language) or "en",
                          decimal_quantization=False)


def compact_label(language: str, others: Sequence[str] = ()) -> str:
    """A language's short label for the switcher: DE, EN, FR, ES; 中文 for Chinese.

    The upper-case language code for scripts with case; a script without case shows the
    native name when it is short (中文, 日本語), since a Chinese reader does not read "ZH".
    Two editions of one language (zh_CN, zh_TW) show their full tags (ZH-CN, ZH-TW).
    """
    loc = _locale(language)
    base = base_language(language)
    clash = any(o != language and base_language(o) == base for o in others)
    if clash:
        return bcp47(language).upper()
    name = loc.language_name if loc is not None else ""
    if name and name.upper() == name.lower() and len(name) <= 3:
        return name
    return base.upper()


def _edition_bar(body: etree._Element, *, language: str, own_href: str,
                 editions: Sequence[Edition]) -> None:
    """The bar at the top of a page: the link to all editions and the language switcher.

    The switcher shows compact labels (:func:`compact_label`) on one line even at 360 px;
    the native name, in its language, is each link's title and follows the compact label
    in its accessible name ("DE Deutsch");
    the current edition's link points to the page itself and carries ``aria-current``.
    """
    ui = _ui(language)
    all_languages = [e.language for e in editions]
    bar = etree.SubElement(body, "header")
    bar.set("class", "edition-bar")
    home = etree.SubElement(bar, "a", href=_relative("index.html", own_href))
    home.set("class", "all-editions")
    home.text = str(ui["all_editions"])
    nav = etree.SubElement(bar, "nav")
    nav.set("class", "languages")
    nav.set("aria-label", str(ui["languages"]))
    menu = etree.SubElement(nav, "ul")
    for ed in editions:
        item = etree.SubElement(menu, "li")
        name = language_label(ed.language, all_languages)
        # The current edition is a link to itself marked aria-current (a <span> may not
        # carry the aria-label that gives the compact label its full name).
        cur = etree.SubElement(item, "a", href=_relative(ed.href, own_href),
                               hreflang=bcp47(ed.language), lang=bcp47(ed.language))
        if ed.language == language:
            cur.set("aria-current", "page")
        short = compact_label(ed.language, all_languages)
        cur.text = short
        if short != name:
            # the visible label starts the accessible name (WCAG 2.5.3, label in name)
            cur.set("title", name)
            cur.set("aria-label", f"{short} {name}")
        if text_direction(ed.language) != text_direction(language):
            cur.set("dir", text_direction(ed.language))


def render_page(markdown: str, *, language: str, source_language: str, doc: str,
                editions: Sequence[Edition], words: Sequence[str] = (),
                untranslated: tuple[int, int] = (0, 0)) -> bytes:
    """A standalone HTML5 page (UTF-8 bytes) for one edition of one document.

    See :func:`page_and_heading`, which takes the same arguments.
    """
    return page_and_heading(markdown, language=language, source_language=source_language,
                            doc=doc, editions=editions, words=words,
                            untranslated=untranslated)[0]


def page_and_heading(markdown: str, *, language: str, source_language: str, doc: str,
                     editions: Sequence[Edition], words: Sequence[str] = (),
                     untranslated: tuple[int, int] = (0, 0),
                     blocks: Blocks | None = None) -> tuple[bytes, str | None]:
    """The page of :func:`render_page`, and ``first_heading(markdown)`` when the page's own
    parse tells it (None otherwise: call :func:`first_heading`).

    The page parses ``markdown`` without its BOM, with fallback marks and with characters
    XML cannot hold replaced; when it has none of them, that parse is first_heading's.

    Args:
        markdown: the finished edition Markdown (translations spliced in).
        language: gettext code of this edition (the source language for the original).
        source_language: gettext code of the original.
        doc: document name (``article``), used for the title when there is no heading and
            for this page's own path when ``editions`` does not list it.
        editions: every edition of this document, the original included.
        words: for a Chinese edition, words never to break inside (the glossary's Chinese
            forms); Chinese text gets ``<wbr>`` between words (:func:`mark_word_breaks`).
        untranslated: (passages left in the source language, all passages); the notice
            says how many there are.  The passages themselves are the ones between the
            Markdown adapter's fallback marks, published with the source's ``lang``.
        blocks: the Markdown adapter's block parse of ``markdown``
            (:attr:`kilocale.formats.markdown.Document.blocks`), reused where the page's
            parser would make the same blocks; the page is the same bytes either way.

    Returns:
        The page, starting with ``<!DOCTYPE html>``, and the heading (or None).
    """
    plain = markdown.removeprefix("\ufeff")
    markdown = _xml_safe(plain)
    editions = _unique(editions)
    own = next((e for e in editions if e.language == language), None)
    own_href = own.href if own is not None else f"{language}/{doc}.html"
    original = next((e for e in editions if e.language == source_language), None)
    ui = _ui(language)

    root = etree.Element("html")
    root.set("lang", bcp47(language))
    root.set("dir", text_direction(language))
    tokens = _safe_tokens(markdown, blocks)
    heading = _heading_text(tokens)
    title = heading or doc
    head = _head(root, title)
    for ed in editions:
        if ed.language == language:
            continue
        etree.SubElement(head, "link", rel="alternate", hreflang=bcp47(ed.language),
                         href=_relative(ed.href, own_href))
    etree.SubElement(head, "style").text = "\n" + stylesheet()

    body = etree.SubElement(root, "body")
    _edition_bar(body, language=language, own_href=own_href, editions=editions)

    main = etree.SubElement(body, "main")
    if language != source_language:
        before, link_text, after = ui["notice"]  # type: ignore[misc]
        # the language name in the language of the sentence (English when it fell back)
        name = _language_name_in(source_language, _ui_language(language))
        notice = etree.SubElement(main, "p")
        notice.set("class", "translation-notice")
        notice.text = before
        target = original.href if original is not None else f"{source_language}/{doc}.html"
        link = etree.SubElement(notice, "a", href=_relative(target, own_href),
                                hreflang=bcp47(source_language))
        link.text = link_text.format(language=name)
        link.tail = after
        if untranslated[0]:
            link.tail += UNTRANSLATED_TEXT[_ui_language(language)].format(
                count=untranslated[0], total=untranslated[1], language=name)
    article = etree.SubElement(main, "article")
    markdown_to_elements(markdown, article, language=language, tokens=tokens,
                         fallback_language=source_language if language != source_language
                         else "")
    if cjk.is_cjk_language(language):
        mark_word_breaks(article, words)

    footer = etree.SubElement(body, "footer")
    footer.set("class", "edition-footer")
    index = etree.SubElement(footer, "a", href=_relative("index.html", own_href))
    index.text = str(ui["all_editions"])
    same_parse = markdown == plain and not plain.startswith("\ufeff") and not _MARKS.search(plain)
    return _serialize(root), heading if same_parse else None


def _index_languages(editions_by_doc: Mapping[str, Sequence[Edition]],
                     source_language: str) -> list[str]:
    """The languages of the index's chrome: the source's, then each published edition's
    (the UI language each falls back to), without repeats."""
    out = [_ui_language(source_language)]
    for doc in sorted(editions_by_doc):
        for ed in editions_by_doc[doc]:
            ui = _ui_language(ed.language)
            if ed.published and ui not in out:
                out.append(ui)
    return out


def _lang_span(parent: etree._Element, tag: str, text: str, ui_language: str,
               context_language: str) -> etree._Element:
    """A ``tag`` element with ``text``, marked ``lang`` when it differs from its context."""
    el = etree.SubElement(parent, tag)
    if ui_language != context_language:
        el.set("lang", bcp47(ui_language))
    el.text = text
    return el


def _index_row(parent: etree._Element, ed: Edition, *, source_language: str,
               languages: Sequence[str]) -> None:
    """One edition in the index, all of it in the edition's language.

    The native language name, the edition's title (a link, for a published edition), a
    bar and the completeness in words ("zu 97,5 % übersetzt"); an unpublished edition
    says so ("not published (40 % complete)") and has no link.
    """
    ui_language = _ui_language(ed.language)
    ui = UI_TEXT[ui_language]
    item = etree.SubElement(parent, "li", lang=bcp47(ed.language))
    item.set("class", "edition" if ed.published else "edition unpublished")
    if ed.published:
        holder = etree.SubElement(item, "a", href=_relative(ed.href, "index.html"),
                                  hreflang=bcp47(ed.language))
    else:
        holder = etree.SubElement(item, "span")
    holder.set("class", "edition-link")
    name = etree.SubElement(holder, "span")
    name.set("class", "edition-language")
    name.text = language_label(ed.language, languages)
    if ed.title and ed.published:
        title = etree.SubElement(holder, "span")
        title.set("class", "edition-title")
        title.text = _xml_safe(ed.title)
        if cjk.is_cjk_language(ed.language):
            _mark_block(title, ())
    status = etree.SubElement(item, "span")
    status.set("class", "edition-status")
    percent = max(0.0, min(100.0, ed.percent))
    meter = etree.SubElement(status, "meter", min="0", max="100", value=format(percent, "g"))
    meter.set("aria-hidden", "true")
    figure = _format_percent(ed.percent, ui_language)
    if ed.language == source_language:
        words = str(ui["original"])
        words = words[:1].upper() + words[1:]
    elif ed.published:
        words = str(ui["percent_complete"]).format(percent=figure)
    else:
        words = str(ui["not_published"]).format(percent=figure)
    _lang_span(status, "span", words, ui_language, ed.language)


def render_index(editions_by_doc: Mapping[str, Sequence[Edition]], *,
                 source_language: str, titles: Mapping[str, str] | None = None) -> bytes:
    """``build/index.html``: each document's editions, each in its own language.

    The heading and a short introduction are given in the source language and in the
    language of each published edition, each marked with its ``lang``.  Each edition is
    one item in its own language: language name, the edition's title, a bar and the
    completeness in figures; an edition with ``published=False`` (below the build's
    ``--min-complete``) is listed as not published, with its completeness, and never
    linked.  Documents are listed in sorted order and editions in the order given.

    Args:
        editions_by_doc: document name → its editions (original included).
        source_language: gettext code of the originals.
        titles: document name → the original's title (its first heading), shown above
            the document's editions; the document name where missing.
    """
    return render_index_sections(editions_by_doc, source_language=source_language,
                                 titles=titles)[0]


def render_index_sections(editions_by_doc: Mapping[str, Sequence[Edition]], *,
                          source_language: str, titles: Mapping[str, str] | None = None,
                          known: Mapping[str, bytes] | None = None
                          ) -> tuple[bytes, dict[str, bytes]]:
    """:func:`render_index`, and each document's section of it (``<section>`` to
    ``</section>``), with the sections of the ``known`` documents given, not rendered.

    A document's section depends only on its title, its editions and the source
    language, and the page's other bytes not on what a section holds: an incremental
    build keeps the sections of an earlier index (:func:`index_sections`) for the
    documents whose title and editions are unchanged, and renders only the others
    (a thousand documents' rows are most of the index's cost).  The caller vouches that
    a known section is what rendering it would give.
    """
    titles = titles or {}
    known = known or {}
    docs = sorted(editions_by_doc)
    chrome = _index_languages(editions_by_doc, source_language)
    root = etree.Element("html")
    root.set("lang", bcp47(source_language))
    root.set("dir", text_direction(source_language))
    head = _head(root, " · ".join(str(UI_TEXT[lang]["editions"]) for lang in chrome))
    etree.SubElement(head, "style").text = "\n" + stylesheet()
    body = etree.SubElement(root, "body")
    main = etree.SubElement(body, "main")
    main.set("class", "index")
    h1 = etree.SubElement(main, "h1")
    intro = etree.SubElement(main, "div")
    intro.set("class", "index-intro")
    context = _ui_language(source_language)
    for i, lang in enumerate(chrome):
        if i:
            _append_text(h1, "\u00a0· ")  # the dot never starts a line
        _lang_span(h1, "span", str(UI_TEXT[lang]["editions"]), lang, context)
        _lang_span(intro, "p", str(UI_TEXT[lang]["intro"]), lang, context)
    for doc in docs:
        section = etree.SubElement(main, "section")
        if doc in known:
            continue  # an empty stand-in, replaced by the known bytes below
        editions = _unique(editions_by_doc[doc])
        languages = [e.language for e in editions]
        etree.SubElement(section, "h2").text = _xml_safe(titles.get(doc) or doc)
        listing = etree.SubElement(section, "ul")
        listing.set("class", "editions")
        for ed in editions:
            _index_row(listing, ed, source_language=source_language, languages=languages)
    page = _serialize(root)
    spans = _section_spans(page, len(docs))
    if spans is None:  # cannot happen (see _section_spans); never guess: render them all
        return (render_index_sections(editions_by_doc, source_language=source_language,
                                      titles=titles) if known else (page, {}))
    parts, sections, end = [], {}, 0
    for doc, (start, stop) in zip(docs, spans):
        sections[doc] = known[doc] if doc in known else page[start:stop]
        parts += [page[end:start], sections[doc]]
        end = stop
    parts.append(page[end:])
    return b"".join(parts), sections


def index_sections(page: bytes, docs: Sequence[str]) -> dict[str, bytes]:
    """The section of each of ``docs`` in an index page that lists exactly those
    documents, in that order (as :func:`render_index_sections` returns them); empty when
    the page does not have one section per document."""
    spans = _section_spans(page, len(docs))
    return {doc: page[start:stop] for doc, (start, stop) in zip(docs, spans or ())}


_SECTION_OPEN, _SECTION_CLOSE = b"<section>", b"</section>"


def _section_spans(page: bytes, count: int) -> list[tuple[int, int]] | None:
    """Where each ``<section>`` element of an index page starts and ends; None unless
    there are ``count`` of them.  Text and attribute values never hold the tags (``<`` is
    escaped in text; links are URI-escaped), the stylesheet and the chrome come before
    the first, and sections are never nested."""
    spans, pos = [], page.find(b'<main class="index">')
    if pos < 0:
        return None
    while True:
        start = page.find(_SECTION_OPEN, pos)
        if start < 0:
            break
        stop = page.find(_SECTION_CLOSE, start)
        if stop < 0:
            return None
        pos = stop + len(_SECTION_CLOSE)
        spans.append((start, pos))
    return spans if len(spans) == count else None


# ----------------------------------------------------------------------------- analysis

_STRUCTURE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "blockquote",
                   "pre", "table", "tr", "th", "td", "hr", "a", "img"}


def structure_signature(html_bytes: bytes) -> list[tuple]:
    """The article's structure, for comparing an edition with the original.

    Parses the page with lxml and lists, in document order, the headings, paragraphs,
    lists and list items, block quotes, code blocks, table cells, rules, links with their
    ``href`` and images with their ``src``, inside the page's ``<article>`` (or the whole
    body when there is none).  Inline emphasis, text and the page chrome are left out: a
    translation may move emphasis, but must keep the blocks and the link targets.

    Returns:
        A list of tuples: ``("h2",)``, ``("li", depth)``, ``("a", href)``, ``("img", src)``,
        ``("ol", start)``, ``("td", align)``.
    """
    doc = lxml_html.fromstring(html_bytes)
    scopes = doc.xpath("//article") or doc.xpath("//body") or [doc]
    out: list[tuple] = []
    for el in scopes[0].iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in _STRUCTURE_TAGS:
            continue
        if tag == "a":
            out.append(("a", el.get("href")))
        elif tag == "img":
            out.append(("img", el.get("src")))
        elif tag == "ol":
            out.append(("ol", el.get("start", "1")))
        elif tag == "li":
            out.append(("li", sum(1 for a in el.iterancestors() if a.tag in ("ul", "ol"))))
        elif tag in ("td", "th"):
            m = _ALIGN.search(el.get("style", ""))
            out.append((tag, m.group(1) if m else ""))
        else:
            out.append((tag,))
    return out


@lru_cache(maxsize=1)
def _raw_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def raw_structure_signature(markdown: str) -> list[tuple]:
    """The element tree of CommonMark's own HTML for ``markdown``, raw HTML passed through.

    Stricter than :func:`structure_signature` of an edition page (which shows raw HTML as
    text): a paragraph that turned into an HTML block, or a tag that lost its lines, shows
    here.  Text is ignored; each element is ``(tag, depth, href or src)``.  A leading BOM
    is dropped, as the pages and the Markdown adapter drop it (markdown-it would read
    ``\ufeff<div>`` as a paragraph, not an HTML block).
    """
    rendered = _raw_parser().render(_xml_safe(markdown.removeprefix("\ufeff")))
    body = lxml_html.fragment_fromstring(rendered or "<p></p>", create_parent="div")
    return [(el.tag, sum(1 for _ in el.iterancestors()), el.get("href") or el.get("src") or "")
            for el in body.iterdescendants()
            if isinstance(el.tag, str) and el.tag not in _PHRASING]


_PHRASING = frozenset("em strong code span kbd b i u s del ins sup sub small mark abbr q cite "
                      "var samp".split())

