"""`true_false`: a statement the student judges true or false, with what to tell a student who
judged it true (`feedback_true`) or false (`feedback_false`), as Moodle's true/false feedback."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Grade, Part, QuestionType, check_text, check_unknown, first_value


class TrueFalse(QuestionType):
    name = "true_false"
    label = gettext_lazy("True or false")
    fields = ("answer",)
    optional = ("feedback_true", "feedback_false")

    def validate(self, data, problems):
        check_unknown(data, self.fields + self.optional, problems)
        for name in self.optional:
            check_text(data, name, problems, required=False)
        if "answer" not in data:
            problems.add(("answer",), _("“answer” is missing: write true or false."))
        elif not isinstance(data["answer"], bool):
            problems.add(("answer",), _("“answer” must be true or false."))

    def grade(self, data, response):
        correct = response is data["answer"]
        return Grade(1.0 if correct else 0.0, [Part("answer", correct, response, data["answer"])])

    def chosen_feedback(self, data, response):
        if not isinstance(response, bool):
            return []
        feedback = data.get("feedback_true" if response else "feedback_false")
        return [{"text": _("True") if response else _("False"), "feedback": feedback}] if feedback else []

    def correct_response(self, data):
        return data["answer"]

    def response_from_form(self, data, form, seed):
        # "true" and "false" are what the buttons say, not a key that gives anything away.
        return {"true": True, "false": False}.get(first_value(form, "response"))

    def editor_fields(self, data):
        return {"answer": data.get("answer"), **{name: data.get(name, "") for name in self.optional}}

    def data_from_editor(self, form):
        answer = {"true": True, "false": False}.get(first_value(form, "answer"))
        data = {} if answer is None else {"answer": answer}
        for name in self.optional:
            if text := first_value(form, name).strip():
                data[name] = text
        return data

    def describe_response(self, data, response):
        if isinstance(response, bool):
            return str(_("True") if response else _("False"))
        return super().describe_response(data, response)

    def display(self, data, seed):
        # The checked side lists both judgements with their marks; the question side has two buttons.
        return {"choices": [(True, _("True")), (False, _("False"))]}
