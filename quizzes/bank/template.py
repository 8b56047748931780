"""The example set that the format page explains and offers to download: one question of every
type, in the author's language, built here and written out as the exporter writes a set, so the
file an author starts from imports as it is."""

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..questions import TYPES
from .importing import EXPORT_WIDTH

TEMPLATE_SLUG = "my-first-set"


def template_set() -> dict:
    """The example set as plain values, keyed as the importer reads them."""
    quote = _("The Nile is the longest river in Africa.")

    def cite():
        # A list of its own for each question: one shared would be written as a YAML alias.
        return [{"doc": "atlas", "quote": quote}]

    questions = [
        {
            "id": "longest-river",
            "type": "single",
            "prompt": _("Which is the longest river in Africa?"),
            "options": [
                {"key": "a", "text": _("The Nile")},
                {"key": "b", "text": _("The Congo"), "feedback": _("The Congo is the deepest, not the longest.")},
                {"key": "c", "text": _("The Niger")},
            ],
            "answer": "a",
            "explanation": _("The Nile flows for about 6,650 km."),
            "tags": [_("rivers")],
            "sources": cite(),
        },
        {
            "id": "nile-countries",
            "type": "multiple",
            "prompt": _("Which countries does the Nile flow through?"),
            "options": [
                {"key": "eg", "text": _("Egypt")},
                {"key": "sd", "text": _("Sudan")},
                {"key": "ma", "text": _("Morocco"), "feedback": _("Morocco is far to the west of the Nile.")},
            ],
            "answer": ["eg", "sd"],
            "sources": cite(),
        },
        {
            "id": "nile-north",
            "type": "true_false",
            "prompt": _("The Nile flows northwards."),
            "answer": True,
            "feedback_false": _("It rises in the south and reaches the sea in Egypt, in the north."),
            "sources": cite(),
        },
        {
            "id": "nile-sea",
            "type": "short",
            "prompt": _("Into which sea does the Nile flow?"),
            "answers": [{"text": _("the Mediterranean"), "variants": [_("the Mediterranean Sea")]}],
            "sources": cite(),
        },
        {
            "id": "nile-length",
            "type": "number",
            "prompt": _("How long is the Nile, in kilometres?"),
            "answer": 6650,
            "tolerance": 100,
            "sources": cite(),
        },
        {
            "id": "nile-course",
            "type": "order",
            "prompt": _("Put the countries in the order the Nile crosses them."),
            "items": [
                {"key": "ug", "text": _("Uganda")},
                {"key": "sd", "text": _("Sudan")},
                {"key": "eg", "text": _("Egypt")},
            ],
            "sources": cite(),
        },
        {
            "id": "river-country",
            "type": "match",
            "prompt": _("Match each river with a country it crosses."),
            "pairs": [
                {"key": "nile", "left": _("The Nile"), "right": _("Egypt")},
                {"key": "niger", "left": _("The Niger"), "right": _("Mali")},
            ],
            "sources": cite(),
        },
        {
            "id": "nile-gaps",
            "type": "cloze",
            "prompt": _("Fill the gaps."),
            "text": _("The Nile flows into the [[sea]] Sea at [[city]]."),
            "gaps": [
                {"key": "sea", "answers": [_("Mediterranean")]},
                {
                    "key": "city",
                    "options": [
                        {"key": "x", "text": _("Alexandria")},
                        {"key": "k", "text": _("Khartoum"), "feedback": _("Khartoum is where the two Niles meet.")},
                    ],
                    "answer": "x",
                },
            ],
            "sources": cite(),
        },
        {
            "id": "nile-source",
            "type": "flashcard",
            "prompt": _("The source of the White Nile"),
            "back": _("Lake Victoria"),
            "sources": cite(),
        },
        {
            "id": "nile-dams",
            "type": "essay",
            "prompt": _("Why do the countries of the Nile disagree about its dams? Answer in a short paragraph."),
            "word_limit": 150,
            "guidance": _("Full marks name two countries and the water each needs; half for one of them."),
            "sources": cite(),
        },
    ]
    return {
        "slug": TEMPLATE_SLUG,
        "title": _("My first set"),
        "description": _("An example with one question of every type."),
        "language": "ar" if (get_language() or "ar").startswith("ar") else "en",
        "public": False,
        "sources": [{"id": "atlas", "title": _("A school atlas"), "file": "atlas.txt"}],
        "questions": questions,
    }


def dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=EXPORT_WIDTH)


def template_yaml() -> str:
    """The example set as the file an author downloads."""
    return dump(template_set())


def examples() -> list:
    """One example per question type, in the registry's order: its name, label and YAML, without
    the sources every question has (the page explains them once)."""
    by_type = {q["type"]: {k: v for k, v in q.items() if k != "sources"} for q in template_set()["questions"]}
    return [
        {"name": name, "label": qtype.label, "yaml": dump([by_type[name]])}
        for name, qtype in TYPES.items()
        if name in by_type
    ]
