"""Safe XML reading for the exchange formats (XLIFF, TMX, TBX).

One parser configuration for every file a CAT tool hands back: no entity expansion, no
DTD, no network, no huge trees, comments dropped; a file that is not well-formed is a
located error of the caller's kind (``path:line: not well-formed XML: …``, exit 2).
"""

from __future__ import annotations

from lxml import etree

from kilocale.errors import KilocaleError


def parse_xml(data: bytes, path: str, error: type[KilocaleError]) -> etree._Element:
    """The root element of ``data``; ``error(message, path, line)`` if it is not XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise error(f"not well-formed XML: {exc.msg}", path,
                    exc.position[0] if exc.position else None) from None
