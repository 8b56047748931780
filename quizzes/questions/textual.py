"""Accepted typed answers, as `short` questions and typed cloze gaps list them."""

from django.utils.translation import gettext as _

from .. import arabic
from .base import is_text


def check_answers(answers, path, problems):
    if not isinstance(answers, list) or not answers:
        problems.add(path, _("“answers” must be a non-empty list of accepted answers."))
        return
    for i, answer in enumerate(answers):
        where = path + (i,)
        if isinstance(answer, str):
            if not is_text(answer):
                problems.add(where, _("An accepted answer is empty."))
            continue
        if not isinstance(answer, dict):
            problems.add(where, _("An accepted answer is text or a mapping {text, variants, strict}."))
            continue
        for extra in sorted(set(answer) - {"text", "variants", "strict"}):
            problems.add(where + (extra,), _("Unknown key “%(key)s”.") % {"key": extra})
        if not is_text(answer.get("text")):
            problems.add(where + ("text",), _("“text” must be non-empty text."))
        variants = answer.get("variants", [])
        if not isinstance(variants, list) or not all(is_text(v) for v in variants):
            problems.add(where + ("variants",), _("“variants” must be a list of non-empty texts."))
        if not isinstance(answer.get("strict", False), bool):
            problems.add(where + ("strict",), _("“strict” must be true or false."))


def canonical_answers(answers):
    result = []
    for answer in answers:
        if isinstance(answer, str):
            answer = {"text": answer}
        entry = {"text": answer["text"]}
        if answer.get("variants"):
            entry["variants"] = list(answer["variants"])
        if answer.get("strict"):
            entry["strict"] = True
        result.append(entry)
    return result


def answer_matches(response, answers):
    if not isinstance(response, str):
        return False
    return any(
        arabic.matches_any(response, [a["text"], *a.get("variants", [])], strict=a.get("strict", False))
        for a in canonical_answers(answers)
    )
