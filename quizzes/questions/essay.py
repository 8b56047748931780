"""`essay`: a written answer, marked by a grader with the author's guidance; asked in quizzes only."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Grade, InvalidResponse, Part, QuestionType, check_unknown, first_value

# The longest essay kept, in characters (about 3,000 Arabic words).
MAX_LENGTH = 20_000
MAX_WORD_LIMIT = 3_000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A word has a letter or a digit: a lone dash or «،» is not one. Diacritics, tatweel and the
# zero-width non-joiner stay inside their word (\w alone would split «كَتَبَ» at each mark).
_HAS_LETTER = re.compile(r"[^\W_]")


def count_words(text) -> int:
    """Words as a reader counts them, Arabic included: runs between spaces with a letter or digit.
    static/quizzes/word_count.js counts the same way."""
    if not isinstance(text, str):
        return 0
    return sum(1 for token in text.split() if _HAS_LETTER.search(token))


class Essay(QuestionType):
    name = "essay"
    label = gettext_lazy("Essay")
    fields = ()
    optional = ("word_limit", "guidance")
    # Only a grader marks it: a quiz asks it, study's schedule never does.
    in_study = False
    graded_by_hand = True
    kept_length = MAX_LENGTH
    editor_labels = {"word_limit": gettext_lazy("Word limit"), "guidance": gettext_lazy("Guidance for graders")}

    def validate(self, data, problems):
        check_unknown(data, self.optional, problems)
        limit = data.get("word_limit")
        if limit is not None and (type(limit) is not int or not 1 <= limit <= MAX_WORD_LIMIT):
            problems.add(
                ("word_limit",),
                _("“word_limit” must be a whole number from 1 to %(max)d, or left out.") % {"max": MAX_WORD_LIMIT},
            )
        if "guidance" in data and not isinstance(data["guidance"], str):
            problems.add(("guidance",), _("“guidance” must be text."))

    def canonical(self, data):
        result = {}
        if data.get("word_limit") is not None:
            result["word_limit"] = data["word_limit"]
        if data.get("guidance"):
            result["guidance"] = data["guidance"]
        return result

    def needs_grader(self, response):
        return count_words(response) > 0

    def grade(self, data, response):
        """No automatic grade: an essay left blank scores nothing, a written one waits for its
        grader (`needs_grader`), whose mark counts instead."""
        text = response if isinstance(response, str) else ""
        return Grade(0.0, [Part("essay", False, text, "", typed=True)])

    def correct_response(self, data):
        return ""

    def response_from_form(self, data, form, seed):
        text = _CONTROL.sub("", first_value(form, "response")).strip()
        if len(text) > MAX_LENGTH:
            raise InvalidResponse(_("Your answer is longer than %(max)d characters: shorten it.") % {"max": MAX_LENGTH})
        limit = data.get("word_limit")
        words = count_words(text)
        if limit and words > limit:
            raise InvalidResponse(
                _("Your answer has %(n)d words; at most %(max)d are allowed.") % {"n": words, "max": limit}
            )
        return text

    def describe_response(self, data, response):
        return response.strip() if isinstance(response, str) else ""

    def display(self, data, seed):
        return {"word_limit": data.get("word_limit")}

    def editor_fields(self, data):
        limit = data.get("word_limit")
        return {"word_limit": "" if limit is None else str(limit), "guidance": data.get("guidance", "")}

    def data_from_editor(self, form):
        data = {}
        limit = first_value(form, "word_limit").strip()
        if limit:
            # Not a whole number: left as typed, so the check names the field.
            data["word_limit"] = int(limit) if limit.isascii() and limit.isdigit() and len(limit) < 7 else limit
        guidance = first_value(form, "guidance").strip()
        if guidance:
            data["guidance"] = guidance
        return data
