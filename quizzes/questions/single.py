"""`single`: one correct option among several."""

from django.utils.translation import gettext_lazy as _

from .base import Grade, Part, QuestionType, check_unknown
from .choice import check_answer_key, check_options


class Single(QuestionType):
    name = "single"
    label = _("Single choice")
    fields = ("options", "answer")

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        keys = check_options(data, problems)
        check_answer_key(data, keys, problems)

    def grade(self, data, response):
        correct = response == data["answer"]
        return Grade(1.0 if correct else 0.0, [Part(data["answer"], correct, response, data["answer"])])

    def correct_response(self, data):
        return data["answer"]

    def response_from_form(self, data, form):
        value = (form.get("response") or [""])[0]
        keys = {o["key"] for o in data["options"]}
        return value if value in keys else None

    def display(self, data, rng):
        options = list(data["options"])
        rng.shuffle(options)
        return {**data, "options": options}
