"""`flashcard`: a front and a back; the student grades their own recall."""

from django.utils.translation import gettext_lazy as _

from .base import Grade, Part, QuestionType, check_text, check_unknown, first_value
from .textual import answer_verdict

# The self-rating (fsrs's 1 Again .. 4 Easy) stands for the score.
RATING_SCORES = {1: 0.0, 2: 0.5, 3: 1.0, 4: 1.0}


class Flashcard(QuestionType):
    name = "flashcard"
    label = _("Flashcard")
    fields = ("back",)
    self_graded = True
    in_quizzes = False
    # Recognised among other flashcards' backs, then recalled: the back is shown and the student
    # says whether they knew it (Learn cannot grade a paraphrase of a sentence).
    learn_typed = True

    def learn_fields(self, data):
        return {"response": data["back"]}

    def learn_accepts(self, data, field, text):
        # A back is matched as a short answer with that one accepted answer.
        return answer_verdict(text, [data["back"]]) != "wrong"

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        check_text(data, "back", problems)

    def grade(self, data, response):
        """The student's own rating stands for the score: `response` is the rating."""
        # Only the rating itself: True is not 1 and a list is not a rating.
        score = RATING_SCORES.get(response, 0.0) if type(response) is int else 0.0
        return Grade(score, [Part("back", score >= 1.0, response, data["back"])])

    def correct_response(self, data):
        return 3

    def response_from_form(self, data, form, seed):
        value = first_value(form, "rating")
        rating = int(value) if value in {str(r) for r in RATING_SCORES} else None
        return rating

    def describe_response(self, data, response):
        # A flashcard's response is the student's own rating.
        names = {1: _("Again"), 2: _("Hard"), 3: _("Good"), 4: _("Easy")}
        return str(names.get(response, "")) if type(response) is int else super().describe_response(data, response)

    def display(self, data, seed):
        return {}

    def data_from_answer(self, answer):
        return {"back": answer}

    def editor_fields(self, data):
        return {"back": data.get("back", "")}

    def data_from_editor(self, form):
        return {"back": first_value(form, "back").strip()}
