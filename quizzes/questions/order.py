"""`order`: put 3 to 8 items in order; credit for each item followed by its true successor."""

import random

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import (
    Grade,
    InvalidResponse,
    Part,
    QuestionType,
    check_entries,
    check_unknown,
    editor_rows,
    first_value,
    opaque_key,
    with_keys,
)


class Order(QuestionType):
    name = "order"
    label = gettext_lazy("Put in order")
    fields = ("items",)

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        check_entries(data, "items", ("text",), problems, minimum=3, maximum=8)

    def grade(self, data, response):
        # Share of adjacent pairs in the right order (Moodle's "relative to the next item"):
        # moving one block costs a pair or two, not the whole question.
        keys = [item["key"] for item in data["items"]]
        successor = dict(zip(keys, keys[1:], strict=False))
        given = list(response) if isinstance(response, list | tuple) else []
        # Each item exactly once, or no credit: a repeated or missing item cannot earn a pair.
        if not all(isinstance(k, str) for k in given) or sorted(given) != sorted(keys):
            return Grade(0.0, [Part(k, False, None, successor.get(k)) for k in keys[:-1]])
        parts = [Part(a, successor.get(a) == b, b, successor.get(a)) for a, b in zip(given, given[1:], strict=False)]
        score = sum(p.correct for p in parts) / len(parts)
        return Grade(score, parts)

    def correct_response(self, data):
        return [item["key"] for item in data["items"]]

    def response_from_form(self, data, form, seed):
        # Each item's select is named opaquely and carries the place the student gave it.
        keys = [item["key"] for item in data["items"]]
        places = {}
        for key in keys:
            value = first_value(form, opaque_key(seed, f"item:{key}"))
            if not (value.isascii() and value.isdigit() and len(value) <= 2 and 1 <= int(value) <= len(keys)):
                raise InvalidResponse(_("Give each place once."))
            places[key] = int(value)
        if len(set(places.values())) != len(keys):
            raise InvalidResponse(_("Give each place once."))
        return sorted(keys, key=places.get)

    def describe_response(self, data, response):
        # The items in the order the student put them, each by its place and text.
        texts = {i.get("key"): i.get("text") for i in data.get("items") or [] if isinstance(i, dict)}
        given = response if isinstance(response, list | tuple) else []
        return " · ".join(f"{n}. {texts.get(k) or k}" for n, k in enumerate(given, start=1))

    def display(self, data, seed):
        items = [{"name": opaque_key(seed, f"item:{item['key']}"), "text": item["text"]} for item in data["items"]]
        # Never shown in the right order, which would give it away to a student who only checks.
        rng = random.Random(seed)
        shuffled = list(items)
        while len(items) > 1 and shuffled == items:
            rng.shuffle(shuffled)
        return {"items": shuffled}

    editor_lists = {"items": {"key": "", "text": ""}}

    def editor_fields(self, data):
        items = [i for i in data.get("items") or [] if isinstance(i, dict)]
        return {"items": items or [{"key": "", "text": ""} for _ in range(3)]}

    def data_from_editor(self, form):
        # The rows are the items in their right order.
        rows = with_keys([row for row in editor_rows(form, "item", ("key", "text")) if row["text"]])
        return {"items": [{"key": r["key"], "text": r["text"]} for r in rows]}
