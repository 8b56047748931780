"""Our own YAML, as a format among the others: the importer reads it (importing.parse_bytes), and
this writes it."""

import yaml

from ..importing import EXPORT_WIDTH
from . import Written


def looks_like(data: bytes, name: str) -> bool:
    """Text that starts as our YAML does: a mapping naming its slug, title or questions."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return b"\x00" not in head and head.split(b":", 1)[0].strip() in (b"slug", b"title", b"questions", b"---")


def write(document: dict, *, set_id: str = "") -> Written:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=EXPORT_WIDTH)
    return Written(text.encode("utf-8"))
