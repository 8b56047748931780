"""`single`: one correct option among several."""

import random

from django.utils.translation import gettext_lazy as _

from .base import Grade, Part, QuestionType, check_unknown, first_value
from .choice import (
    BLANK_OPTION,
    canonical_options,
    check_answer_key,
    check_options,
    described_options,
    editor_options,
    feedback_of_chosen,
    keys_by_value,
    option_key,
    option_text,
    options_for_editor,
    options_from_editor,
    shown_options,
)


class Single(QuestionType):
    name = "single"
    label = _("Single choice")
    editor_labels = {"answer": _("The right option")}
    fields = ("options", "answer")

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        keys = check_options(data, problems, pictures=True)
        check_answer_key(data, keys, problems)

    def canonical(self, data):
        return {"options": canonical_options(data["options"]), "answer": data["answer"]}

    def chosen_feedback(self, data, response):
        return feedback_of_chosen(data["options"], {option_key(data, response)})

    def grade(self, data, response):
        given = option_key(data, response)
        correct = given == data["answer"]
        given_text = option_text(data, given) if given else None
        return Grade(
            1.0 if correct else 0.0, [Part(data["answer"], correct, given_text, option_text(data, data["answer"]))]
        )

    def correct_response(self, data):
        return data["answer"]

    def response_from_form(self, data, form, seed):
        return keys_by_value(data["options"], seed).get(first_value(form, "response"))

    def describe_response(self, data, response):
        return described_options(data.get("options"), [response])[0]

    def display(self, data, seed):
        return {"options": shown_options(data["options"], seed, random.Random(seed))}

    editor_lists = {"options": BLANK_OPTION}

    def editor_fields(self, data):
        return {"options": options_for_editor(data.get("options"), {data.get("answer")})}

    def data_from_editor(self, form):
        # The right option is a radio button whose value is its row's number on the page.
        rows = options_from_editor(form)
        chosen = first_value(form, "answer")
        data = {"options": editor_options(rows)}
        for row in rows:
            if str(row["index"]) == chosen:
                data["answer"] = row["key"]
        return data
