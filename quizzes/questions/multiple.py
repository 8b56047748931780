"""`multiple`: select all that apply, with partial credit that cannot be gamed."""

import random

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Grade, Part, QuestionType, check_unknown
from .choice import (
    BLANK_OPTION,
    canonical_options,
    check_options,
    described_options,
    editor_options,
    feedback_of_chosen,
    keys_by_value,
    options_for_editor,
    options_from_editor,
    shown_options,
)


class Multiple(QuestionType):
    name = "multiple"
    label = gettext_lazy("Multiple choice (all that apply)")
    editor_labels = {"answer": gettext_lazy("The right options")}
    fields = ("options", "answer")

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        keys = check_options(data, problems, pictures=True)
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

    def canonical(self, data):
        return {"options": canonical_options(data["options"]), "answer": data["answer"]}

    def chosen_feedback(self, data, response):
        given = response if isinstance(response, list | tuple) else []
        return feedback_of_chosen(data["options"], {k for k in given if isinstance(k, str)})

    def grade(self, data, response):
        # max(0, (right chosen - wrong chosen) / number correct): choosing everything earns nothing.
        # Only a list is a choice (a string is not the list of its letters); anything in it that
        # is not a right key, known or not, counts as a wrong choice.
        given = response if isinstance(response, list | tuple) else []
        chosen = {k if isinstance(k, str) else repr(k) for k in given}
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

    def response_from_form(self, data, form, seed):
        by_value = keys_by_value(data["options"], seed)
        values = form.get("response") if isinstance(form, dict) else None
        values = values if isinstance(values, list | tuple) else [values]
        return sorted({by_value[v] for v in values if isinstance(v, str) and v in by_value})

    def describe_response(self, data, response):
        chosen = response if isinstance(response, list | tuple) else [response]
        # In the order the options are written, as the author and the report list them.
        order = {o.get("key"): i for i, o in enumerate(data.get("options") or []) if isinstance(o, dict)}
        chosen = sorted(chosen, key=lambda k: order.get(k, len(order)) if isinstance(k, str) else len(order))
        return " · ".join(described_options(data.get("options"), chosen)) or _("nothing chosen")

    def display(self, data, seed):
        return {"options": shown_options(data["options"], seed, random.Random(seed))}

    editor_lists = {"options": BLANK_OPTION}

    def editor_fields(self, data):
        answer = data.get("answer")
        return {"options": options_for_editor(data.get("options"), set(answer) if isinstance(answer, list) else set())}

    def data_from_editor(self, form):
        rows = options_from_editor(form)
        return {
            "options": editor_options(rows),
            "answer": [r["key"] for r in rows if r["marked"]],
        }
