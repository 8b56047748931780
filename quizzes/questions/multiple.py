"""`multiple`: select all that apply, with partial credit that cannot be gamed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Grade, Part, QuestionType, check_unknown
from .choice import check_options


class Multiple(QuestionType):
    name = "multiple"
    label = gettext_lazy("Multiple choice (all that apply)")
    fields = ("options", "answer")

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        keys = check_options(data, problems)
        answer = data.get("answer")
        if "answer" not in data:
            problems.add(("answer",), _("“answer” is missing: list the keys of the correct options."))
        elif not isinstance(answer, list) or not answer:
            problems.add(("answer",), _("“answer” must be a non-empty list of option keys."))
        else:
            for i, key in enumerate(answer):
                if keys and key not in keys:
                    problems.add(
                        ("answer", i),
                        _("The answer “%(answer)s” is not the key of any option (%(keys)s).")
                        % {"answer": key, "keys": ", ".join(keys)},
                    )
            if len(set(answer)) != len(answer):
                problems.add(("answer",), _("“answer” names the same option twice."))

    def grade(self, data, response):
        # max(0, (right chosen - wrong chosen) / number correct): choosing everything earns nothing.
        chosen = set(response or [])
        correct = set(data["answer"])
        right, wrong = len(chosen & correct), len(chosen - correct)
        score = max(0.0, (right - wrong) / len(correct))
        parts = [
            Part(o["key"], (o["key"] in chosen) == (o["key"] in correct), o["key"] in chosen, o["key"] in correct)
            for o in data["options"]
        ]
        return Grade(score, parts)

    def correct_response(self, data):
        return sorted(data["answer"])

    def response_from_form(self, data, form):
        keys = {o["key"] for o in data["options"]}
        return sorted({v for v in form.get("response", []) if v in keys})

    def display(self, data, rng):
        options = list(data["options"])
        rng.shuffle(options)
        return {**data, "options": options}
