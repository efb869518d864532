"""Segments of one document → the entries of its gettext template (POT).

Identical sentences share one entry with all their references; entries keep document
order; each carries extracted comments naming its block and, for sentences cut from a
longer block, the whole paragraph so translators see the context.
"""

from __future__ import annotations

from kilocale.model import Catalog, Entry, Segment


def template_entries(source_ref: str, segments: list[Segment]) -> list[Entry]:
    """POT entries for one document; ``source_ref`` is the path written in ``#:`` comments."""
    by_id: dict[str, Entry] = {}
    for seg in segments:
        comments = [f"{seg.block}"]
        if seg.context:
            comments.append(f"context: {seg.context}")
        ref = f"{source_ref}:{seg.line}"
        entry = by_id.get(seg.text)
        if entry is None:
            by_id[seg.text] = Entry(msgid=seg.text, references=[ref],
                                    extracted_comments=comments)
            continue
        if ref not in entry.references:
            entry.references.append(ref)
        for c in comments:
            if c not in entry.extracted_comments:
                entry.extracted_comments.append(c)
    return list(by_id.values())


def template_header(doc: str, creation_date: str, generator: str) -> dict[str, str]:
    """The complete POT header, with the placeholders translators' tools expect."""
    return {
        "Project-Id-Version": doc,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": generator,
    }


def build_template(doc: str, source_ref: str, segments: list[Segment], creation_date: str,
                   generator: str) -> Catalog:
    """The template catalog of one document."""
    return Catalog(
        header=template_header(doc, creation_date, generator),
        entries=template_entries(source_ref, segments),
        header_comments=[f"Translations template for {doc}.",
                         f"Extracted from {source_ref} by kilocale; do not edit by hand."],
        header_flags=["fuzzy"],
    )
