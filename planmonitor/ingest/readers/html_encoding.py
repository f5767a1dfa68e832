"""Which characters a saved or downloaded web page's bytes are: the HTML standard's order, simplified.

A byte-order mark wins; then the charset the page's ``<meta>`` declares (found
the way browsers prescan the head); then UTF-8 if the bytes are valid UTF-8;
else Windows-1251, the encoding of older Bulgarian municipal sites.
"""

from __future__ import annotations

import codecs
from email.message import Message

from lxml import etree
from lxml import html as lxml_html

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_html(data: bytes) -> str:
    """The page as text: byte-order mark, then the ``<meta>`` charset, then UTF-8, then Windows-1251."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    declared = meta_charset(data)
    if declared:
        try:
            return data.decode(declared, "replace")
        except LookupError:
            pass  # an encoding Python does not know: judge from the bytes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", "replace")


def meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the page's head names.

    The head is parsed as Latin-1 (every byte is a character, and the markup is
    ASCII in every encoding a page declares this way), as the HTML standard's
    prescan does; only the first 4 KiB are looked at, where the standard says
    the declaration must be.
    """
    head = data[:4096].decode("latin-1")
    try:
        tree = lxml_html.document_fromstring(head)
    except (etree.ParserError, ValueError):
        return None
    for meta in tree.iter("meta"):
        if meta.get("charset"):
            return _encoding_name(meta.get("charset"))
        if (meta.get("http-equiv") or "").strip().lower() == "content-type":
            return _encoding_name(content_type_charset(meta.get("content") or ""))
    return None


def content_type_charset(value: str) -> str | None:
    """The ``charset`` parameter of a Content-Type value ("text/html; charset=windows-1251")."""
    message = Message()
    message["content-type"] = value
    return message.get_content_charset()


def _encoding_name(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None; "iso-8859-1" is read as Windows-1252
    as browsers do, and a page that claims UTF-16 in an ASCII-readable ``<meta>`` is UTF-8."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        return None
    if codec.startswith("utf-16"):
        return "utf-8"
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec
