"""Question banks in other tools' formats (Moodle XML, GIFT, Anki packages, spreadsheets), read
into the plain values our YAML holds and written out from them.

Every reader takes the file's bytes and name and returns a `Foreign`; every writer takes the
exported set (`importing.export_document`, with the set's stable id where the format keeps
one) and returns a `Written`. Neither sees the database.
"""

from dataclasses import dataclass, field


@dataclass
class Skipped:
    """A question left out of an import or an export, and why, in the teacher's language."""

    question: str  # its name or the beginning of its prompt
    reason: str
    line: int = 0  # where the format has lines; 0 where it has none


@dataclass
class Foreign:
    """A bank read from another tool's file: `raw` is the mapping a YAML file would hold (title,
    questions with id, type, prompt...), ready for `importing.parse_raw`."""

    raw: dict
    skipped: list[Skipped] = field(default_factory=list)
    # (path in raw) -> (line, column) in the file, for refusals that point at the right place.
    marks: dict = field(default_factory=dict)
    # Images the bank carries, by the name the prompts use.
    media: dict[str, bytes] = field(default_factory=dict)
    # The picture each question's prompt showed: {index in raw["questions"]: media name}.
    pictures: dict[int, str] = field(default_factory=dict)
    # What was mapped only approximately (a partial-credit rule, a wildcard), said in the preview.
    notes: list[str] = field(default_factory=list)


@dataclass
class Written:
    """A bank written for another tool, and the questions that format cannot hold."""

    data: bytes
    skipped: list[Skipped] = field(default_factory=list)
