"""Accepted typed answers, as `short` questions and typed cloze gaps list them."""

import re

from django.utils.translation import gettext as _

from .. import arabic
from .base import editor_rows, first_value, is_text


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


# Variants are typed on one line, separated by commas (Arabic or Latin).
_VARIANT_SPLIT = re.compile(r"[,،]")


def answers_for_editor(answers, blank=1):
    rows = []
    for answer in canonical_answers(answers) if isinstance(answers, list) else []:
        rows.append(
            {
                "text": answer["text"],
                "variants": "، ".join(answer.get("variants", [])),
                "strict": answer.get("strict", False),
            }
        )
    return rows or [{"text": "", "variants": "", "strict": False} for _ in range(blank)]


def answers_from_editor(form, prefix="answer"):
    """Accepted answers from the editor's rows: text, variants on one line, strict when ticked."""
    answers = []
    for row in editor_rows(form, prefix, ("text", "variants")):
        if not row["text"]:
            continue
        answer = {"text": row["text"]}
        variants = [v.strip() for v in _VARIANT_SPLIT.split(row["variants"]) if v.strip()]
        if variants:
            answer["variants"] = variants
        if first_value(form, f"{prefix}-{row['index']}-strict"):
            answer["strict"] = True
        answers.append(answer)
    return answers
