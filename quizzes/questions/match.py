"""`match`: pair each left item with its right item; credit per correct pair."""

from django.utils.translation import gettext_lazy as _

from .base import Grade, Part, QuestionType, check_entries, check_unknown


class Match(QuestionType):
    name = "match"
    label = _("Match pairs")
    fields = ("pairs",)

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        check_entries(data, "pairs", ("left", "right"), problems, minimum=2, maximum=10)

    def grade(self, data, response):
        response = response if isinstance(response, dict) else {}
        parts = [
            Part(p["key"], response.get(p["key"]) == p["key"], response.get(p["key"]), p["key"]) for p in data["pairs"]
        ]
        return Grade(sum(p.correct for p in parts) / len(parts), parts)

    def correct_response(self, data):
        return {p["key"]: p["key"] for p in data["pairs"]}

    def response_from_form(self, data, form):
        keys = {p["key"] for p in data["pairs"]}
        response = {}
        for key in keys:
            value = (form.get(f"match-{key}") or [""])[0]
            if value in keys:
                response[key] = value
        return response

    def display(self, data, rng):
        rights = [{"key": p["key"], "text": p["right"]} for p in data["pairs"]]
        rng.shuffle(rights)
        return {**data, "rights": rights}
