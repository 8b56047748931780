"""The formats a bank comes in and goes out in, by name: one line each, found from a file's
extension and content, read into a validated set and written from an exported one."""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...arabic import latin_slug
from ..importing import ImportFailed, ImportProblem, ParsedSet, parse_bytes, parse_raw
from . import Foreign, anki, gift, moodle_xml, spreadsheet, yaml_file

# The largest file read in any format (an Anki deck with its media); YAML and text formats refuse
# more than 2 MB themselves.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_QUESTIONS = 5000


@dataclass(frozen=True)
class Format:
    """A format: `module` has `looks_like(data, name)`, and `read(data, name) -> Foreign` and/or
    `write(document, *, set_id) -> Written`; `fallback` formats are tried after the others that
    share an extension (a .txt is GIFT before it is a spreadsheet)."""

    name: str
    label: str
    extensions: tuple
    module: ModuleType
    media_type: str = "application/octet-stream"
    fallback: bool = False

    @property
    def reads(self):
        return hasattr(self.module, "read") or self.name == "yaml"

    @property
    def writes(self):
        return hasattr(self.module, "write")

    @property
    def extension(self):
        return self.extensions[0]


FORMATS = {
    f.name: f
    for f in (
        Format("yaml", gettext_lazy("YAML"), (".yaml", ".yml"), yaml_file, "application/yaml; charset=utf-8"),
        Format("apkg", gettext_lazy("Anki deck"), (".apkg",), anki, "application/apkg"),
        Format("moodle-xml", gettext_lazy("Moodle XML"), (".xml",), moodle_xml, "application/xml"),
        Format("gift", gettext_lazy("GIFT"), (".gift", ".txt"), gift, "text/plain; charset=utf-8"),
        Format(
            "csv",
            gettext_lazy("Spreadsheet (CSV or TSV) or Quizlet export"),
            (".csv", ".tsv", ".txt"),
            spreadsheet,
            "text/csv; charset=utf-8",
            fallback=True,
        ),
    )
}


def writers() -> list[Format]:
    """The formats a set can be downloaded in, in the registry's order."""
    return [f for f in FORMATS.values() if f.writes]


def extensions() -> list[str]:
    """Every extension the upload accepts, for the file picker."""
    return [e for f in FORMATS.values() if f.reads for e in f.extensions]


def _refuse(name, message):
    return ImportFailed([ImportProblem(name, 1, 1, "", message)])


def detect(data: bytes, name: str) -> Format:
    """The format of a file, from its extension and its content; refused when they disagree or
    when no format claims it."""
    suffix = Path(name).suffix.lower()
    readers = sorted((f for f in FORMATS.values() if f.reads), key=lambda f: f.fallback)
    claimed = [f for f in readers if suffix in f.extensions]
    if claimed:
        if claimed[0].name == "yaml":
            return claimed[0]
        for fmt in claimed:
            if fmt.module.looks_like(data, name):
                return fmt
        labels = " / ".join(str(f.label) for f in claimed)
        raise _refuse(
            name,
            _("The file ends in %(extension)s but its content is not %(format)s.")
            % {"extension": suffix, "format": labels},
        )
    for fmt in readers:
        if fmt.module.looks_like(data, name):
            return fmt
    accepted = "; ".join(f"{f.label} ({', '.join(f.extensions)})" for f in FORMATS.values() if f.reads)
    raise _refuse(name, _("The file's format is not one this site reads: %(formats)s.") % {"formats": accepted})


def read_bank(data: bytes, name: str, *, into: dict | None = None) -> tuple[ParsedSet, Foreign | None]:
    """A file of any format as a validated set, with what was left out of it (None for YAML).

    `into` holds set fields a file from another tool lacks: the slug, a title, and the fields of
    an existing set it goes into (its description, language, articles...); YAML takes only the slug.
    """
    into = into or {}
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(name, _("The file is %(size)d bytes; at most 10 MB is accepted.") % {"size": len(data)})
    fmt = detect(data, name)
    if fmt.name == "yaml":
        parsed = parse_bytes(data, name)
        if into.get("slug"):
            parsed.slug = into["slug"]
        return parsed, None
    foreign = fmt.module.read(data, name)
    raw = {**foreign.raw, **into}
    questions = raw.get("questions") or []
    if not questions:
        problems = [ImportProblem(name, s.line or 1, 1, s.question, s.reason) for s in foreign.skipped]
        message = _("No question in the file can be imported.")
        raise ImportFailed([ImportProblem(name, 1, 1, "", message), *problems])
    if len(questions) > MAX_QUESTIONS:
        raise _refuse(
            name,
            _("The file has %(n)d questions; at most %(max)d are accepted.")
            % {"n": len(questions), "max": MAX_QUESTIONS},
        )
    raw.setdefault("slug", latin_slug(str(raw.get("title", ""))) or "imported-bank")
    parsed = parse_raw(raw, name, foreign.marks, file_hash=hashlib.sha256(data).hexdigest())
    return parsed, foreign
