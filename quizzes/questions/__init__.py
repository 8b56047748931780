"""The registry of question types, and the checks every question shares whatever its type.

Adding a type means one module here and one line in TYPES (registry.py), as Moodle keeps one plugin
per type.
"""

import re

from django.utils.translation import gettext as _

from .base import (
    IMAGE_FIELD,
    Grade,
    InvalidResponse,
    Part,
    Problem,
    Problems,
    QuestionType,
    check_image,
    check_text,
    is_image_ref,
    is_text,
    opaque_key,
)
from .checking import Checked, check, new_seed, parse_seed
from .registry import TYPES, get_type, quiz_types, study_types

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
COMMON_FIELDS = ("id", "type", "prompt")
TRAILING_FIELDS = ("explanation", "tags", "sources")
MAX_QUOTE_WORDS = 30
# The prompt's picture (an Image of the set, by its uuid): shared by every type, stored with the
# type's data so that each version keeps the picture it showed.

__all__ = [
    "TYPES",
    "Checked",
    "Grade",
    "InvalidResponse",
    "Part",
    "Problem",
    "QuestionType",
    "canonical_question",
    "check_image",
    "image_refs",
    "is_image_ref",
    "check",
    "get_type",
    "new_seed",
    "opaque_key",
    "parse_seed",
    "quiz_types",
    "study_types",
    "validate_question",
]


def validate_question(raw, source_keys, *, cite=True) -> list[Problem]:
    """Every problem with one question's mapping, each located by a path inside it. `cite`: the
    set asks every question for at least one source (its `requires_sources`); sources given are
    checked either way."""
    problems = Problems()
    if not isinstance(raw, dict):
        problems.add((), _("A question must be a mapping of keys to values."))
        return problems
    qid = raw.get("id")
    if "id" not in raw:
        problems.add(("id",), _("“id” is missing."))
    elif not isinstance(qid, str) or not ID_RE.match(qid):
        problems.add(
            ("id",), _("“id” must be a lowercase slug of letters, digits and hyphens, such as “csto-founding”.")
        )
    qtype = raw.get("type")
    if "type" not in raw:
        problems.add(("type",), _("“type” is missing."))
        return problems
    if qtype not in TYPES:
        problems.add(
            ("type",),
            _("Unknown question type “%(type)s”; use one of: %(types)s.") % {"type": qtype, "types": ", ".join(TYPES)},
        )
        return problems
    check_text(raw, "prompt", problems)
    if "explanation" in raw and not isinstance(raw["explanation"], str):
        problems.add(("explanation",), _("“explanation” must be text."))
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(is_text(t) and len(t) <= 64 for t in tags):
        problems.add(("tags",), _("“tags” must be a list of short texts."))
    if IMAGE_FIELD in raw:
        check_image(raw, problems)
    _check_sources(raw, source_keys, problems, cite=cite)
    TYPES[qtype].validate(own_data(type_data(raw)), problems)
    return problems


def image_refs(raw) -> list:
    """(path, uuid) of every picture a valid question shows: its prompt's, then its options'."""
    refs = []
    if isinstance(raw.get(IMAGE_FIELD), str):
        refs.append(((IMAGE_FIELD,), raw[IMAGE_FIELD]))
    options = raw.get("options")
    for i, option in enumerate(options if isinstance(options, list) else []):
        if isinstance(option, dict) and isinstance(option.get(IMAGE_FIELD), str):
            refs.append((("options", i, IMAGE_FIELD), option[IMAGE_FIELD]))
    return refs


def _check_sources(raw, source_keys, problems, *, cite):
    sources = raw.get("sources", [])
    if not isinstance(sources, list):
        problems.add(("sources",), _("“sources” must be a list of {doc, quote}."))
        return
    if cite and not sources:
        problems.add(("sources",), _("This set asks every question to cite an article: add a source and its quote."))
        return
    for i, source in enumerate(sources):
        path = ("sources", i)
        if not isinstance(source, dict):
            problems.add(path, _("Each source must be a mapping {doc, quote}."))
            continue
        for extra in sorted(set(source) - {"doc", "quote"}):
            problems.add(path + (extra,), _("Unknown key “%(key)s”.") % {"key": extra})
        doc = source.get("doc")
        if not doc and source_keys:
            problems.add(path + ("doc",), _("Choose the article the quote comes from."))
        elif not doc:
            problems.add(path + ("doc",), _("The set has no article yet: add the one the quote comes from."))
        elif doc not in source_keys:
            problems.add(
                path + ("doc",),
                _("“%(doc)s” names no source of this set (%(keys)s).")
                % {"doc": doc, "keys": ", ".join(sorted(source_keys)) or "—"},
            )
        quote = source.get("quote")
        if not is_text(quote):
            problems.add(path + ("quote",), _("“quote” must be non-empty text."))
        elif len(quote.split()) > MAX_QUOTE_WORDS:
            problems.add(
                path + ("quote",),
                _("The quote has %(n)d words; at most %(max)d are allowed.")
                % {"n": len(quote.split()), "max": MAX_QUOTE_WORDS},
            )


def type_data(raw) -> dict:
    """The fields stored as the question's data: what its type owns (options, answers, items…)
    and the prompt's picture, without the other shared fields."""
    return {k: v for k, v in raw.items() if k not in COMMON_FIELDS + TRAILING_FIELDS}


def own_data(data) -> dict:
    """The fields the question's type owns, without the prompt's picture: what it validates and grades on."""
    return {k: v for k, v in data.items() if k != IMAGE_FIELD}


def canonical_question(raw) -> dict:
    """A valid question in its stored and exported form, keys in a fixed order."""
    qtype = TYPES[raw["type"]]
    result = {"id": raw["id"], "type": raw["type"], "prompt": raw["prompt"]}
    if raw.get(IMAGE_FIELD):
        result[IMAGE_FIELD] = raw[IMAGE_FIELD]
    result.update(qtype.canonical(own_data(type_data(raw))))
    result["explanation"] = raw.get("explanation", "")
    result["tags"] = list(raw.get("tags", []))
    result["sources"] = [{"doc": s["doc"], "quote": s["quote"]} for s in raw.get("sources", [])]
    return result
