"""`order`: put 3 to 8 items in order; credit for each item followed by its true successor."""

from django.utils.translation import gettext_lazy as _

from .base import Grade, Part, QuestionType, check_entries, check_unknown


class Order(QuestionType):
    name = "order"
    label = _("Put in order")
    fields = ("items",)

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        check_entries(data, "items", ("text",), problems, minimum=3, maximum=8)

    def grade(self, data, response):
        # Share of adjacent pairs in the right order (Moodle's "relative to the next item"):
        # moving one block costs a pair or two, not the whole question.
        keys = [item["key"] for item in data["items"]]
        successor = dict(zip(keys, keys[1:], strict=False))
        given = list(response or [])
        if sorted(given) != sorted(keys):
            return Grade(0.0, [Part(k, False, None, i) for i, k in enumerate(keys)])
        parts = [Part(a, successor.get(a) == b, b, successor.get(a)) for a, b in zip(given, given[1:], strict=False)]
        score = sum(p.correct for p in parts) / len(parts)
        return Grade(score, parts)

    def correct_response(self, data):
        return [item["key"] for item in data["items"]]

    def response_from_form(self, data, form):
        keys = [item["key"] for item in data["items"]]
        if form.get("order"):
            return [k for k in form["order"] if k in keys]
        # Without JavaScript each item carries a position chosen from a list.
        positions = {}
        for key in keys:
            try:
                positions[key] = int((form.get(f"pos-{key}") or [""])[0])
            except ValueError:
                positions[key] = len(keys) + 1
        return sorted(keys, key=lambda k: (positions[k], keys.index(k)))

    def display(self, data, rng):
        items = list(data["items"])
        while len(items) > 1 and items == data["items"]:
            rng.shuffle(items)
        return {**data, "items": items}
