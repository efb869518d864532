"""glossary.yaml → :class:`kilocale.core.glossary.Glossary`, with errors that name their line.

The file is parsed with PyYAML's ``SafeLoader`` (libyaml's ``CSafeLoader`` where PyYAML
has it: same tree, same errors) into a node tree (nodes carry their start marks), and the
tree is validated by hand, so every problem is reported as
``glossary.yaml:LINE: message`` via :class:`kilocale.errors.GlossaryError`:
YAML syntax errors, unknown keys, duplicate keys or terms, a term with both ``dnt`` and
``translations`` (or neither), and values of the wrong type.

A term with translations that lacks a form for a configured language is *not* an error:
the term is kept, and the gap is a finding of ``kilocale check``
(``glossary-untranslated-term``, :mod:`kilocale.core.glossary_gaps`), so adding a
language never blocks a project.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from kilocale.core.glossary import Glossary
from kilocale.errors import GlossaryError
from kilocale.model import Term

__all__ = ["load_glossary", "parse_glossary", "TERM_KEYS"]

TOP_KEYS = {"version", "terms"}
TERM_KEYS = {"term", "dnt", "translations", "forms", "forbidden", "case_sensitive", "note"}


class _Loader(yaml.SafeLoader):
    """SafeLoader; nodes keep ``start_mark`` so values can be traced to their line."""


# libyaml's parser when PyYAML was built with it: the same node tree, line marks and
# (Python) constructors as SafeLoader, many times faster, which is most of reading the
# glossary and a good part of `kilocale check` on a small project.  libyaml words its
# errors differently, so a document it rejects is parsed again by SafeLoader, whose
# message and line are the ones reported: the same with or without libyaml.
_FastLoader: type = getattr(yaml, "CSafeLoader", _Loader)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.where = where
        self.text = text
        self.loader: Any = None  # a SafeLoader or a CSafeLoader, made by _compose

    def fail(self, message: str, node: yaml.Node | int | None) -> GlossaryError:
        line = node if isinstance(node, int) or node is None else _line(node)
        return GlossaryError(message, self.where, line)

    def scalar(self, node: yaml.Node, what: str) -> object:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(f"{what} must be a single value", node)
        try:
            return self.loader.construct_object(node)
        except yaml.YAMLError:  # a tag SafeLoader has no value for (!foo, !!python/...)
            raise self.fail(f"{what} has the YAML tag {node.tag!r}, which a glossary does not "
                            "use: remove the tag", node) from None

    def string(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node, what)
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            raise self.fail(f"{what} must be text", node)
        text = str(value).strip()
        if not text:
            raise self.fail(f"{what} must not be empty", node)
        return text

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            raise self.fail(f"{what} must be true or false", node)
        return value

    def strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """A single string or a list of strings, duplicates rejected."""
        if isinstance(node, yaml.SequenceNode):
            items = [self.string(item, what) for item in node.value]
            if not items:
                raise self.fail(f"{what} must not be an empty list", node)
        else:
            items = [self.string(node, what)]
        seen = set()
        for item, sub in zip(items, node.value if isinstance(node, yaml.SequenceNode) else [node]):
            if item in seen:
                raise self.fail(f"duplicate {what} {item!r}", sub)
            seen.add(item)
        return tuple(items)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """``(key, key_node, value_node)`` in file order; duplicate keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(f"{what} must be a mapping", node)
        out: list[tuple[str, yaml.Node, yaml.Node]] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.string(key_node, f"a key in {what}")
            if key in seen:
                raise self.fail(f"duplicate key {key!r} in {what} (first at line {seen[key]})",
                                key_node)
            seen[key] = _line(key_node)
            out.append((key, key_node, value_node))
        return out

    def _compose(self) -> yaml.Node | None:
        """The document's node tree; a document libyaml rejects is read again by SafeLoader."""
        self.loader = _FastLoader(self.text)
        try:
            return self.loader.get_single_node()
        except yaml.YAMLError:
            if isinstance(self.loader, _Loader):
                raise
        self.loader.dispose()
        self.loader = None
        self.loader = _Loader(self.text)  # may raise: unacceptable characters are found here
        return self.loader.get_single_node()

    def parse(self, languages: Sequence[str]) -> list[Term]:
        try:
            root = self._compose()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            raise GlossaryError(f"invalid YAML: {exc.problem or exc}", self.where, line) from None
        except yaml.YAMLError as exc:
            raise GlossaryError(f"invalid YAML: {exc}", self.where) from None
        finally:
            if self.loader is not None:
                self.loader.dispose()
        if root is None:
            raise GlossaryError("the glossary is empty (expected 'version: 1' and 'terms:')",
                                self.where, 1)
        top = self.mapping(root, "the glossary")
        terms_node = None
        for key, key_node, value in top:
            if key not in TOP_KEYS:
                raise self.fail(f"unknown key {key!r} (expected: {', '.join(sorted(TOP_KEYS))})",
                                key_node)
            if key == "version":
                version = self.scalar(value, "'version'")
                if version != 1 or isinstance(version, bool):
                    raise self.fail(f"unsupported glossary version {version!r} (expected 1)", value)
            else:
                terms_node = value
        if terms_node is None:
            raise self.fail("missing 'terms' list", root)
        if isinstance(terms_node, yaml.ScalarNode) and self.scalar(terms_node, "'terms'") is None:
            return []
        if not isinstance(terms_node, yaml.SequenceNode):
            raise self.fail("'terms' must be a list", terms_node)
        terms: list[Term] = []
        defined: dict[str, tuple[str, int]] = {}
        for item in terms_node.value:
            term = self.term(item, languages)
            for surface in (term.term, *term.forms):
                if surface in defined:
                    owner, line = defined[surface]
                    what = "term" if owner == surface else f"form of term {owner!r}"
                    raise self.fail(f"duplicate term {surface!r}: already defined as {what} "
                                    f"at line {line}", term.line)
                defined[surface] = (term.term, term.line)
            terms.append(term)
        return terms

    def term(self, node: yaml.Node, languages: Sequence[str]) -> Term:
        fields = self.mapping(node, "a term")
        values: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, key_node, value in fields:
            if key not in TERM_KEYS:
                raise self.fail(f"unknown key {key!r} in a term "
                                f"(expected: {', '.join(sorted(TERM_KEYS))})", key_node)
            values[key] = (key_node, value)
        if "term" not in values:
            raise self.fail("a term needs a 'term' key", node)
        name = self.string(values["term"][1], "'term'")
        label = f"term {name!r}"
        dnt = self.boolean(values["dnt"][1], f"'dnt' of {label}") if "dnt" in values else False
        translations: dict[str, tuple[str, ...]] = {}
        if "translations" in values:
            key_node, value = values["translations"]
            if dnt:
                raise self.fail(f"{label} has both 'dnt: true' and 'translations'; "
                                f"a do-not-translate term has no translations", key_node)
            for lang, _lang_node, forms in self.mapping(value, f"the translations of {label}"):
                translations[lang] = self.strings(forms, f"{lang} translation of {label}")
        elif not dnt:
            raise self.fail(f"{label} needs 'dnt: true' or 'translations'", node)
        forms = (self.strings(values["forms"][1], f"form of {label}")
                 if "forms" in values else ())
        forbidden: dict[str, tuple[str, ...]] = {}
        if "forbidden" in values:
            value = values["forbidden"][1]
            if isinstance(value, yaml.MappingNode):
                for lang, _k, variants in self.mapping(value, f"the forbidden variants of {label}"):
                    forbidden[lang] = self.strings(variants, f"forbidden variant of {label}")
            else:
                forbidden["*"] = self.strings(value, f"forbidden variant of {label}")
        case_sensitive = (self.boolean(values["case_sensitive"][1], f"'case_sensitive' of {label}")
                          if "case_sensitive" in values else dnt)
        note = ""
        if "note" in values:
            raw = self.scalar(values["note"][1], f"'note' of {label}")
            note = "" if raw is None else str(raw).strip()
        return Term(term=name, dnt=dnt, translations=translations, forms=forms,
                    forbidden=forbidden, case_sensitive=case_sensitive, note=note,
                    line=_line(node))


def parse_glossary(text: str, languages: Sequence[str], where: str = "glossary.yaml") -> Glossary:
    """Parse glossary YAML ``text``; errors name ``where`` and the line.

    Args:
        text: the YAML document.
        languages: configured target languages (a term without a form for one of them is
            kept: see :mod:`kilocale.core.glossary_gaps`).
        where: the file name used in messages and stored as ``Glossary.path``.

    Raises:
        GlossaryError: with ``path`` = ``where`` and ``line`` set where known.
    """
    terms = _Parser(text, where).parse(languages)
    return Glossary(terms=tuple(terms), path=where)


def load_glossary(path: Path, languages: Sequence[str], display: str | None = None) -> Glossary:
    """Read and validate glossary.yaml.

    Args:
        path: the file.
        languages: the configured target languages.
        display: how to name the file in messages (default: ``str(path)``), e.g. relative
            to the project root.

    Raises:
        GlossaryError: unreadable file, YAML error or invalid content, as ``FILE:LINE: message``.
    """
    where = display if display is not None else str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GlossaryError("glossary file not found", where) from None
    except UnicodeDecodeError:
        raise GlossaryError("not UTF-8", where) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror or exc}", where) from None
    return parse_glossary(text, languages, where)
