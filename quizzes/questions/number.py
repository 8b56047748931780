"""`number`: a number or year, with an optional tolerance, written as students and documents write it."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import arabic
from .base import Grade, InvalidResponse, Part, QuestionType, check_unknown, first_value, typed_text

# Longer than any number a student types ("١٬٥٠٠٬٠٠٠ نسمة تقريبًا"); the field itself allows 50.
MAX_LENGTH = 100


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


class Number(QuestionType):
    name = "number"
    label = gettext_lazy("Number")
    editor_labels = {"answer": gettext_lazy("The number")}
    fields = ("answer",)
    optional = ("tolerance",)

    def validate(self, data, problems):
        check_unknown(data, self.fields + self.optional, problems)
        if "answer" not in data:
            problems.add(("answer",), _("“answer” is missing: write the number."))
        elif not _is_number(data["answer"]):
            problems.add(("answer",), _("“answer” must be a number."))
        if "tolerance" in data and (not _is_number(data["tolerance"]) or data["tolerance"] < 0):
            problems.add(("tolerance",), _("“tolerance” must be a number of zero or more."))

    def grade(self, data, response):
        value = arabic.parse_number(response) if isinstance(response, str) else None
        expected = Decimal(str(data["answer"]))
        tolerance = Decimal(str(data.get("tolerance", 0)))
        correct = value is not None and abs(value - expected) <= tolerance
        return Grade(1.0 if correct else 0.0, [Part("answer", correct, response, data["answer"], typed=True)])

    def correct_response(self, data):
        return str(data["answer"])

    def response_from_form(self, data, form, seed):
        text = typed_text(form, "response", MAX_LENGTH + 1)
        # Not a number at all (or two of them) is not a wrong answer: the student is asked again.
        if len(text) > MAX_LENGTH or arabic.parse_number(text) is None:
            raise InvalidResponse(_("Type a number."))
        return text

    def display(self, data, seed):
        return {}

    def editor_fields(self, data):
        return {name: "" if data.get(name) is None else str(data[name]) for name in ("answer", "tolerance")}

    def data_from_editor(self, form):
        data = {}
        for name in ("answer", "tolerance"):
            text = first_value(form, name).strip()
            if text:
                # Written as a document writes it (Arabic digits too); what is not a number stays
                # text, for the importer's check to name.
                data[name] = _as_number(text)
        return data


def _as_number(text):
    value = arabic.parse_number(text) if len(text) <= MAX_LENGTH else None
    if value is None:
        return text
    return int(value) if value == value.to_integral_value() else float(value)
