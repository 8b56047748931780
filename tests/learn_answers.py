"""How a test answers the question a Learn session shows: right or wrong, as its page would post it."""

from quizzes.learn import choices, sessions
from quizzes.models import QuestionVersion
from quizzes.questions import get_type

from .conftest import form_for


def right_form(shown):
    """A form that answers the shown Learn question right (for a flashcard at recall: "I knew it",
    after revealing it)."""
    version = QuestionVersion.objects.get(pk=shown["version"])
    seed = shown["seed"]
    if version.type == "flashcard":
        if shown["stage"] == sessions.RECALL:
            return {"knew": "1"}
        texts = shown["choices"]["response"]
        return {"response": sessions.choice_value(seed, "response", texts.index(version.data["back"]))}
    form = form_for(version.type, version.data, seed, get_type(version.type).correct_response(version.data))
    if shown["stage"] == sessions.CHOICES:
        rights = choices.fields(version.type, version.data)
        for field, texts in shown["choices"].items():
            form[sessions.field_name(seed, field)] = sessions.choice_value(seed, field, texts.index(rights[field]))
    return form


def wrong_form(shown):
    """A form that answers it wrong (a generated choice other than the right one, or a wrong text)."""
    version = QuestionVersion.objects.get(pk=shown["version"])
    seed = shown["seed"]
    if version.type == "flashcard" and shown["stage"] == sessions.RECALL:
        return {"knew": "0"}
    if shown["stage"] == sessions.CHOICES and shown["choices"].get("response"):
        right = choices.fields(version.type, version.data)["response"]
        i = next(i for i, text in enumerate(shown["choices"]["response"]) if text != right)
        return {"response": sessions.choice_value(seed, "response", i)}
    return {"response": "1"}
