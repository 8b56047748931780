"""`match`: pair each left item with its right item; credit per correct pair."""

import random

from django.utils.translation import gettext_lazy as _

from .base import (
    Grade,
    Part,
    QuestionType,
    check_entries,
    check_unknown,
    editor_rows,
    first_value,
    opaque_key,
    with_keys,
)


class Match(QuestionType):
    name = "match"
    label = _("Match pairs")
    fields = ("pairs",)

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        check_entries(data, "pairs", ("left", "right"), problems, minimum=2, maximum=10)

    def grade(self, data, response):
        # A row's `given` and `expected` are the right-hand texts the student picked and should have.
        response = response if isinstance(response, dict) else {}
        rights = {p["key"]: p["right"] for p in data["pairs"]}
        parts = []
        for p in data["pairs"]:
            given = response.get(p["key"])
            given = given if isinstance(given, str) and given in rights else None
            parts.append(Part(p["key"], given == p["key"], rights.get(given), p["right"]))
        return Grade(sum(p.correct for p in parts) / len(parts), parts)

    def correct_response(self, data):
        return {p["key"]: p["key"] for p in data["pairs"]}

    def response_from_form(self, data, form, seed):
        # A row's select and the right-hand option of the same pair carry unrelated names.
        by_value = {opaque_key(seed, f"right:{p['key']}"): p["key"] for p in data["pairs"]}
        response = {}
        for p in data["pairs"]:
            value = first_value(form, opaque_key(seed, f"row:{p['key']}"))
            if value in by_value:
                response[p["key"]] = by_value[value]
        return response

    def describe_response(self, data, response):
        # Each left-hand item with the right-hand text the student paired it with (— for none).
        response = response if isinstance(response, dict) else {}
        pairs = [p for p in data.get("pairs") or [] if isinstance(p, dict)]
        rights = {p.get("key"): p.get("right") for p in pairs}
        return " · ".join(f"{p.get('left')}: {rights.get(response.get(p.get('key'))) or '—'}" for p in pairs)

    def display(self, data, seed):
        rows = [{"name": opaque_key(seed, f"row:{p['key']}"), "left": p["left"]} for p in data["pairs"]]
        in_order = [{"value": opaque_key(seed, f"right:{p['key']}"), "text": p["right"]} for p in data["pairs"]]
        # Never listed row by row, where the first option would answer the first row, and so on.
        rng, rights = random.Random(seed), list(in_order)
        while rights == in_order:
            rng.shuffle(rights)
        return {"rows": rows, "rights": rights}

    editor_lists = {"pairs": {"key": "", "left": "", "right": ""}}

    def editor_fields(self, data):
        pairs = [p for p in data.get("pairs") or [] if isinstance(p, dict)]
        return {"pairs": pairs or [{"key": "", "left": "", "right": ""} for _ in range(3)]}

    def data_from_editor(self, form):
        rows = editor_rows(form, "pair", ("key", "left", "right"))
        rows = with_keys([row for row in rows if row["left"] or row["right"]])
        return {"pairs": [{"key": r["key"], "left": r["left"], "right": r["right"]} for r in rows]}
