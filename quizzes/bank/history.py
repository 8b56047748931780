"""A question's versions, as Moodle's question bank keeps them: each with its date and author, the
difference between any two, and a past version brought back as a new one."""

import difflib

import yaml

from ..models import QuestionVersion
from . import writing


def versions(question):
    """The question's versions, newest first, with their authors, in one query."""
    return list(QuestionVersion.objects.filter(question=question).select_related("author").order_by("-number"))


def as_text(version):
    """A version as the YAML an author reads: every field a student was shown, in a fixed order."""
    content = {"type": version.type, "prompt": version.prompt, **version.data}
    content["explanation"] = version.explanation
    content["sources"] = version.sources
    # One line per value, however long, so a changed word marks one line, not a wrapped paragraph.
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1_000_000)


def difference(older, newer):
    """Line by line: [(kind, text)] with kind " " (same), "-" (only in older) or "+" (only in newer)."""
    lines = difflib.ndiff(as_text(older).splitlines(), as_text(newer).splitlines())
    return [(line[0], line[2:]) for line in lines if line[:1] in (" ", "-", "+")]


def restore(question, version, *, author):
    """Makes a past version current again by saving it as a new version (history is never rewritten)."""
    raw = {
        "id": question.key,
        "type": version.type,
        "prompt": version.prompt,
        **version.data,
        "explanation": version.explanation,
        "tags": list(question.tags.values_list("name", flat=True)),
        "sources": version.sources,
    }
    return writing.save_question(question.question_set, raw, author=author)
