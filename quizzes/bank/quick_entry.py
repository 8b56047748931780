"""Quick entry, as Quizlet has it: many flashcards or short-answer questions from lines of
"prompt<TAB>answer" (two columns pasted from a spreadsheet), checked line by line, then saved
all or nothing through the one write path."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ..questions import TYPES as QUESTION_TYPES
from . import writing
from .editing import new_key
from .sets import MAX_OWN_QUESTIONS

# The types a line of "prompt<TAB>answer" makes, flashcards (self-rated) first.
TYPES = tuple(
    sorted(
        (name for name, qtype in QUESTION_TYPES.items() if qtype.data_from_answer("") is not None),
        key=lambda name: not QUESTION_TYPES[name].self_graded,
    )
)
MAX_LINES = 200
MAX_CHARS = 100_000


@dataclass
class Row:
    line: int
    prompt: str
    answer: str
    quote: str
    question: dict
    problems: list = field(default_factory=list)


@dataclass
class QuickEntry:
    rows: list
    # (line number, message) for lines that cannot be read at all, and every row's problems.
    errors: list

    @property
    def ok(self):
        return bool(self.rows) and not self.errors


def parse(qset, text, *, type_name, doc, quote):
    """Reads the lines into questions of `type_name` citing `doc` with `quote` (a third column
    gives a line its own quote), each validated as the importer validates a question."""
    errors = []
    if type_name not in TYPES:
        return QuickEntry([], [(0, _("Choose flashcards or short-answer questions."))])
    if len(text) > MAX_CHARS:
        return QuickEntry([], [(0, _("At most %(n)d characters at once.") % {"n": MAX_CHARS})])
    sources = dict(qset.sources.values_list("key", "text"))
    texts = {key: value for key, value in sources.items() if value}
    rows, keys = [], set()
    existing = {q.key: q for q in qset.questions.prefetch_related("tags")}
    lines = text.splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_LINES:
        return QuickEntry([], [(0, _("At most %(n)d lines at once.") % {"n": MAX_LINES})])
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        columns = [column.strip() for column in line.split("\t")]
        if len(columns) not in (2, 3) or not columns[0] or not columns[1]:
            errors.append(
                (number, _("Write the prompt, a tab, then the answer (and, if you like, a tab and a quote)."))
            )
            continue
        prompt, answer = columns[0], columns[1]
        line_quote = columns[2] if len(columns) == 3 and columns[2] else quote
        raw = {"id": "", "type": type_name, "prompt": prompt}
        raw.update(QUESTION_TYPES[type_name].data_from_answer(answer))
        # A line cites when it has a quote, or when the set asks every question for one.
        cited = bool(line_quote) or qset.requires_sources
        raw["sources"] = [{"doc": doc, "quote": line_quote}] if cited else []
        # Two lines of the same paste never share a key, nor take another question's.
        key = new_key(qset, raw, existing=existing, exclude=keys)
        keys.add(key)
        raw["id"] = key
        row = Row(number, prompt, answer, line_quote, raw)
        row.problems = [p.message for p in writing.validate(raw, list(sources), texts, cite=qset.requires_sources)]
        errors += [(number, message) for message in row.problems]
        rows.append(row)
    if not rows and not errors:
        errors.append((0, _("Paste at least one line.")))
    if qset.personal:
        live = sum(1 for question in existing.values() if question.retired_at is None)
        adding = sum(1 for row in rows if row.question["id"] not in existing)
        if live + adding > MAX_OWN_QUESTIONS:
            message = _(
                "A set of your own holds at most %(max)d questions: this one has %(n)d, so add at most %(left)d."
            )
            errors.append(
                (0, message % {"max": MAX_OWN_QUESTIONS, "n": live, "left": max(MAX_OWN_QUESTIONS - live, 0)})
            )
    return QuickEntry(rows, errors)


@transaction.atomic
def save(qset, entry, *, author):
    """Saves every row, or none (a row refused by the write path rolls back the rest)."""
    return [writing.save_question(qset, row.question, author=author) for row in entry.rows]
