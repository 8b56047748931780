"""`short`: typed text matched, as a teacher would, against the accepted answers."""

from django.utils.translation import gettext_lazy as _

from .base import Grade, Part, QuestionType, check_unknown, typed_text
from .textual import (
    answer_matches,
    answer_verdict,
    answers_for_editor,
    answers_from_editor,
    canonical_answers,
    check_answers,
    refuse_two_way_number,
)


class Short(QuestionType):
    name = "short"
    label = _("Short answer")
    fields = ("answers",)
    learn_typed = True

    def learn_fields(self, data):
        return {"response": canonical_answers(data["answers"])[0]["text"]}

    def learn_accepts(self, data, field, text):
        return answer_verdict(text, data["answers"]) != "wrong"

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        check_answers(data.get("answers"), ("answers",), problems)

    def canonical(self, data):
        return {"answers": canonical_answers(data["answers"])}

    def grade(self, data, response):
        correct = answer_matches(response, data["answers"])
        expected = canonical_answers(data["answers"])[0]["text"]
        return Grade(1.0 if correct else 0.0, [Part("answer", correct, response, expected, typed=True)])

    def correct_response(self, data):
        return canonical_answers(data["answers"])[0]["text"]

    def response_from_form(self, data, form, seed):
        response = typed_text(form, "response", 500)
        refuse_two_way_number(response, data["answers"])
        return response

    def display(self, data, seed):
        return {}

    def data_from_answer(self, answer):
        return {"answers": [answer]}

    editor_lists = {"answers": {"text": "", "variants": "", "strict": False, "name": "", "heads": "", "tolerance": ""}}

    def editor_fields(self, data):
        return {"answers": answers_for_editor(data.get("answers"))}

    def data_from_editor(self, form):
        return {"answers": answers_from_editor(form)}
