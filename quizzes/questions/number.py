"""`number`: a number or year, with an optional tolerance, written as students and documents write it."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import arabic
from .base import Grade, InvalidResponse, Part, QuestionType, check_unknown, first_value, typed_text
from .textual import two_way_hint

# Longer than any number a student types ("١٬٥٠٠٬٠٠٠ نسمة تقريبًا"); the field itself allows 50.
MAX_LENGTH = 100


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


class Number(QuestionType):
    name = "number"
    label = gettext_lazy("Number")
    editor_labels = {"answer": gettext_lazy("The number")}
    fields = ("answer",)
    optional = ("tolerance", "position")
    learn_typed = True

    def learn_fields(self, data):
        return {"response": _number_text(data["answer"])}

    def learn_accepts(self, data, field, text):
        try:
            response = self.response_from_form(data, {"response": [text]}, 0)
        except InvalidResponse:
            return True  # a text that reads two ways is no fair wrong choice
        return self.grade(data, response).correct

    def learn_near(self, data, rng):
        """Numbers near the answer (other years, other counts)."""
        answer = data["answer"]
        if isinstance(answer, int) or float(answer).is_integer():
            steps = [1, 2, 3, 4, 5, 10, 20]
            rng.shuffle(steps)
            return [str(int(answer) + step * rng.choice((-1, 1))) for step in steps]
        value = Decimal(str(answer))
        return [_number_text(float(value * Decimal(f))) for f in ("0.5", "0.8", "1.25", "1.5", "2")]

    def validate(self, data, problems):
        check_unknown(data, self.fields + self.optional, problems)
        if "answer" not in data:
            problems.add(("answer",), _("“answer” is missing: write the number."))
        elif not _is_number(data["answer"]):
            problems.add(("answer",), _("“answer” must be a number."))
        if "tolerance" in data and (not _is_number(data["tolerance"]) or data["tolerance"] < 0):
            problems.add(("tolerance",), _("“tolerance” must be a number of zero or more."))
        if not isinstance(data.get("position", False), bool):
            problems.add(("position",), _("“position” must be true or false."))

    def canonical(self, data):
        canonical = super().canonical(data)
        if not canonical.get("position"):
            canonical.pop("position", None)
        return canonical

    def grade(self, data, response):
        # A number read two ways is never guessed right ("ask" is refused before grading).
        correct = isinstance(response, str) and _verdict(data, response) == "right"
        return Grade(1.0 if correct else 0.0, [Part("answer", correct, response, data["answer"], typed=True)])

    def correct_response(self, data):
        return str(data["answer"])

    def response_from_form(self, data, form, seed):
        text = typed_text(form, "response", MAX_LENGTH + 1)
        # Not a number at all (or two of them) is not a wrong answer: the student is asked again,
        # and so is one that reads two ways, one of them right («1,500» for 1.5).
        verdict = "unreadable" if len(text) > MAX_LENGTH else _verdict(data, text)
        if verdict == "unreadable":
            raise InvalidResponse(_("Type a number."))
        if verdict == "ask":
            raise InvalidResponse(two_way_hint(text))
        return text

    def display(self, data, seed):
        return {}

    def editor_fields(self, data):
        fields = {name: "" if data.get(name) is None else str(data[name]) for name in ("answer", "tolerance")}
        fields["position"] = data.get("position") is True
        return fields

    def data_from_editor(self, form):
        data = {}
        for name in ("answer", "tolerance"):
            text = first_value(form, name).strip()
            if text:
                # Written as a document writes it (Arabic digits too); what is not a number stays
                # text, for the importer's check to name.
                data[name] = _as_number(text)
        if first_value(form, "position"):
            data["position"] = True
        return data


def _verdict(data, response):
    position = data.get("position", False)
    return arabic.grade_number(response, data["answer"], data.get("tolerance", 0), ordinal=position)


def _as_number(text):
    value = arabic.parse_number(text) if len(text) <= MAX_LENGTH else None
    if value is None:
        return text
    return int(value) if value == value.to_integral_value() else float(value)
