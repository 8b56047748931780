"""Accepted typed answers, as `short` questions and typed cloze gaps list them.

An accepted answer is text, or a mapping {text, variants, strict, name, heads, tolerance}:
`name` (true, or "person") marks a proper name, matched as Arabic writes names (arabic.matches_name)
with `heads` the words it may add or drop at its start; a `text` written in digits is graded as a
number, within `tolerance`, whatever words follow it; `strict` wins over both.
"""

import re

from django.utils.translation import gettext as _

from .. import arabic
from .base import InvalidResponse, editor_rows, first_value, is_text

_KEYS = ("text", "variants", "strict", "name", "heads", "tolerance")
NAME_KINDS = (True, "person")
# A key written in digits («15», «6500», «6,500»): graded as a number.
_DIGITS_ONLY = re.compile(r"^[-+−]?[\d٠-٩۰-۹][\d٠-٩۰-۹.,،٬٫ ]*$")


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_key(answer):
    """The number an accepted answer's text is, if it is written in digits; else None."""
    text = answer["text"].strip() if isinstance(answer.get("text"), str) else ""
    return arabic.parse_number(text) if _DIGITS_ONLY.match(text) else None


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
        for extra in sorted(set(answer) - set(_KEYS)):
            problems.add(where + (extra,), _("Unknown key “%(key)s”.") % {"key": extra})
        if not is_text(answer.get("text")):
            problems.add(where + ("text",), _("“text” must be non-empty text."))
        variants = answer.get("variants", [])
        if not isinstance(variants, list) or not all(is_text(v) for v in variants):
            problems.add(where + ("variants",), _("“variants” must be a list of non-empty texts."))
        if not isinstance(answer.get("strict", False), bool):
            problems.add(where + ("strict",), _("“strict” must be true or false."))
        name = answer.get("name", False)
        if name is not False and name not in NAME_KINDS:
            problems.add(where + ("name",), _("“name” must be true, false or “person”."))
        heads = answer.get("heads", [])
        if not isinstance(heads, list) or not all(is_text(h) for h in heads):
            problems.add(where + ("heads",), _("“heads” must be a list of non-empty texts."))
        elif heads and not name:
            problems.add(where + ("heads",), _("“heads” are the words a name may add or drop: add “name: true”."))
        if "tolerance" in answer:
            tolerance = answer["tolerance"]
            if not _is_number(tolerance) or tolerance < 0:
                problems.add(where + ("tolerance",), _("“tolerance” must be a number of zero or more."))
            elif is_text(answer.get("text")) and number_key(answer) is None:
                problems.add(where + ("tolerance",), _("“tolerance” is for an answer written in digits."))


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
        if answer.get("name"):
            entry["name"] = answer["name"]
        if answer.get("heads"):
            entry["heads"] = list(answer["heads"])
        if "tolerance" in answer:
            entry["tolerance"] = answer["tolerance"]
        result.append(entry)
    return result


def answer_verdict(response, answers):
    """ "right", "wrong", or "ask" (a number read two ways, only one of them right) for a response."""
    if not isinstance(response, str):
        return "wrong"
    verdicts = set()
    for a in canonical_answers(answers):
        spellings = [a["text"], *a.get("variants", [])]
        strict = a.get("strict", False)
        if arabic.matches_any(response, spellings, strict=strict):
            return "right"
        person = a.get("name") == "person"
        if (
            a.get("name")
            and not strict
            and arabic.matches_name(response, spellings, heads=a.get("heads", ()), person=person)
        ):
            return "right"
        key = number_key(a)
        if key is not None:
            verdicts.add(arabic.grade_number(response, key, a.get("tolerance", 0)))
    if "right" in verdicts:
        return "right"
    return "ask" if "ask" in verdicts else "wrong"


def answer_matches(response, answers):
    return answer_verdict(response, answers) == "right"


def refuse_two_way_number(response, answers):
    """Asks the student again, with a hint, for a number that reads two ways («1,500» for a key of
    1.5): never guessed, never graded."""
    if answer_verdict(response, answers) == "ask":
        raise InvalidResponse(two_way_hint(response))


def two_way_hint(response):
    return _(
        "“%(response)s” can be read two ways (a comma may group thousands or mark decimals): "
        "write it without the comma, or with a decimal point."
    ) % {"response": response}


# Variants (and head words) are typed on one line, separated by commas (Arabic or Latin).
_VARIANT_SPLIT = re.compile(r"[,،]")
# The editor's choice for "name": not a name, a name, a person's name.
NAME_CHOICES = {"": False, "name": True, "person": "person"}


def name_choice(name):
    return "person" if name == "person" else "name" if name else ""


def _split(text):
    return [v.strip() for v in _VARIANT_SPLIT.split(text) if v.strip()]


def answers_for_editor(answers, blank=1):
    rows = []
    for answer in canonical_answers(answers) if isinstance(answers, list) else []:
        rows.append(
            {
                "text": answer["text"],
                "variants": "، ".join(answer.get("variants", [])),
                "strict": answer.get("strict", False),
                "name": name_choice(answer.get("name", False)),
                "heads": "، ".join(answer.get("heads", [])),
                "tolerance": str(answer["tolerance"]) if "tolerance" in answer else "",
            }
        )
    blank_row = {"text": "", "variants": "", "strict": False, "name": "", "heads": "", "tolerance": ""}
    return rows or [dict(blank_row) for _ in range(blank)]


def answers_from_editor(form, prefix="answer"):
    """Accepted answers from the editor's rows: text, variants on one line, strict when ticked,
    name as chosen with its head words on one line, a tolerance for a number."""
    answers = []
    for row in editor_rows(form, prefix, ("text", "variants", "heads", "tolerance")):
        if not row["text"]:
            continue
        answer = {"text": row["text"]}
        if variants := _split(row["variants"]):
            answer["variants"] = variants
        if first_value(form, f"{prefix}-{row['index']}-strict"):
            answer["strict"] = True
        if name := NAME_CHOICES.get(first_value(form, f"{prefix}-{row['index']}-name"), False):
            answer["name"] = name
        if heads := _split(row["heads"]):
            answer["heads"] = heads
        if row["tolerance"]:
            tolerance = arabic.parse_number(row["tolerance"])
            # What is not a number stays text, for the check to name.
            answer["tolerance"] = row["tolerance"] if tolerance is None else _plain(tolerance)
        answers.append(answer)
    return answers


def _plain(value):
    return int(value) if value == value.to_integral_value() else float(value)
