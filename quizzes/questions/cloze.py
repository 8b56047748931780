"""`cloze`: a text with gaps, each typed (graded like `short`) or chosen (like `single`)."""

import json
import random
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import (
    Grade,
    Part,
    QuestionType,
    check_list,
    check_text,
    check_unknown,
    editor_rows,
    first_value,
    is_text,
    lines,
    opaque_key,
    prefixed,
    typed_text,
    with_keys,
)
from .choice import (
    canonical_options,
    check_answer_key,
    check_options,
    described_options,
    feedback_of_chosen,
    keys_by_value,
    option_key,
    option_text,
    shown_options,
)
from .textual import (
    answer_matches,
    answer_verdict,
    answers_for_editor,
    answers_from_editor,
    canonical_answers,
    check_answers,
    refuse_two_way_number,
)

GAP_RE = re.compile(r"\[\[([a-z0-9][a-z0-9_-]*)\]\]")


class Cloze(QuestionType):
    name = "cloze"
    label = gettext_lazy("Fill the gaps")
    editor_labels = {"text": gettext_lazy("Text with gaps")}
    fields = ("text", "gaps")
    learn_typed = True

    def learn_fields(self, data):
        typed = (gap for gap in data["gaps"] if "answers" in gap)
        return {f"gap:{gap['key']}": canonical_answers(gap["answers"])[0]["text"] for gap in typed}

    def learn_accepts(self, data, field, text):
        key = field.removeprefix("gap:")
        gap = next(g for g in data["gaps"] if g["key"] == key)
        return answer_verdict(text, gap["answers"]) != "wrong"

    def validate(self, data, problems):
        check_unknown(data, self.fields, problems)
        has_text = check_text(data, "text", problems)
        if not check_list(data, "gaps", problems, minimum=1, maximum=10):
            return
        in_text = GAP_RE.findall(data["text"]) if has_text else []
        seen = []
        for i, gap in enumerate(data["gaps"]):
            path = ("gaps", i)
            if not isinstance(gap, dict):
                problems.add(path, _("Each gap must be a mapping."))
                continue
            key = gap.get("key")
            for extra in sorted(set(gap) - {"key", "answers", "options", "answer"}):
                problems.add(path + (extra,), _("Unknown key “%(key)s”.") % {"key": extra})
            if not isinstance(key, str) or key in seen:
                problems.add(path + ("key",), _("Each gap needs a unique “key”."))
                continue
            seen.append(key)
            if has_text and key not in in_text:
                problems.add(path + ("key",), _("The text has no [[%(key)s]] for this gap.") % {"key": key})
            if "options" in gap:
                keys = check_options(gap, prefixed(problems, path), minimum=2)
                check_answer_key(gap, keys, prefixed(problems, path))
            elif "answers" in gap:
                check_answers(gap["answers"], path + ("answers",), problems)
            else:
                problems.add(path, _("A gap needs “answers” (typed) or “options” and “answer” (chosen)."))
        for key in in_text:
            if key not in seen:
                problems.add(("text",), _("The text has [[%(key)s]] but no gap with that key.") % {"key": key})

    def canonical(self, data):
        gaps = []
        for gap in data["gaps"]:
            if "options" in gap:
                gaps.append({"key": gap["key"], "options": canonical_options(gap["options"]), "answer": gap["answer"]})
            else:
                gaps.append({"key": gap["key"], "answers": canonical_answers(gap["answers"])})
        return {"text": data["text"], "gaps": gaps}

    def grade(self, data, response):
        # A gap's `given` and `expected` are texts: a chosen gap shows its options' words, never keys.
        response = response if isinstance(response, dict) else {}
        parts = []
        for gap in data["gaps"]:
            given = response.get(gap["key"])
            if "options" in gap:
                chosen = option_key(gap, given)
                correct = chosen == gap["answer"]
                given_text = option_text(gap, chosen) if chosen else None
                parts.append(Part(gap["key"], correct, given_text, option_text(gap, gap["answer"])))
            else:
                correct = answer_matches(given, gap["answers"])
                expected = canonical_answers(gap["answers"])[0]["text"]
                parts.append(Part(gap["key"], correct, given if isinstance(given, str) else None, expected, typed=True))
        return Grade(sum(p.correct for p in parts) / len(parts), parts)

    def chosen_feedback(self, data, response):
        response = response if isinstance(response, dict) else {}
        return [
            shown
            for gap in data["gaps"]
            if "options" in gap
            for shown in feedback_of_chosen(gap["options"], {option_key(gap, response.get(gap["key"]))})
        ]

    def correct_response(self, data):
        return {
            g["key"]: g["answer"] if "options" in g else canonical_answers(g["answers"])[0]["text"]
            for g in data["gaps"]
        }

    def response_from_form(self, data, form, seed):
        response = {}
        for gap in data["gaps"]:
            name = opaque_key(seed, f"gap:{gap['key']}")
            if "options" in gap:
                value = first_value(form, name)
                response[gap["key"]] = keys_by_value(gap["options"], seed, f"gap:{gap['key']}").get(value, "")
            else:
                response[gap["key"]] = typed_text(form, name, 200)
                refuse_two_way_number(response[gap["key"]], gap["answers"])
        return response

    def describe_response(self, data, response):
        """Each gap by the label the student saw («Gap 1», in reading order) and what they gave:
        a chosen gap's option text, a typed gap's text."""
        response = response if isinstance(response, dict) else {}
        gaps = {g.get("key"): g for g in data.get("gaps") or [] if isinstance(g, dict)}
        text = data.get("text") if isinstance(data.get("text"), str) else ""
        order = [key for key in GAP_RE.findall(text) if key in gaps] or list(gaps)
        described = []
        for number, key in enumerate(order, start=1):
            given = response.get(key)
            if "options" in gaps[key]:
                given = described_options(gaps[key]["options"], [given])[0] if given else ""
            given = given.strip() if isinstance(given, str) else ""
            described.append(_("Gap %(n)d: %(given)s") % {"n": number, "given": given or "—"})
        return " · ".join(described)

    def display(self, data, seed):
        """Splits the text into runs of plain text and gaps, in reading order.

        A gap carries its opaque `name`, its `number` for the label, and, if chosen, its shuffled
        options; `key` stays for the checked side to find the gap's feedback.
        """
        rng = random.Random(seed)
        gaps = {g["key"]: g for g in data["gaps"]}
        pieces = []
        for i, piece in enumerate(GAP_RE.split(data["text"])):
            if i % 2 == 0:
                if piece:
                    pieces.append({"text": piece})
                continue
            gap = gaps[piece]
            number = sum("gap" in p for p in pieces) + 1
            shown = {"key": piece, "name": opaque_key(seed, f"gap:{piece}"), "number": number}
            if "options" in gap:
                shown["options"] = shown_options(gap["options"], seed, rng, f"gap:{piece}")
            pieces.append({"gap": shown})
        return {"pieces": pieces}

    # A new gap comes with one blank accepted answer (never changed in place: rows are copied).
    editor_lists = {
        "gaps": {"key": "", "answers": answers_for_editor([]), "options": "", "option_keys": "", "option_feedback": ""}
    }

    def editor_fields(self, data):
        """A gap is a row: its key (as in [[key]]), its accepted answers as rows with every field a
        short answer has (text, variants, strict, name, heads, tolerance), one blank row more to add
        one, and, for a chosen gap, its options one per line (the right one is the first answer)."""
        gaps = []
        for gap in data.get("gaps") or []:
            if not isinstance(gap, dict):
                continue
            row = {"key": gap.get("key", ""), "answers": [], "options": "", "option_keys": "", "option_feedback": ""}
            if isinstance(gap.get("options"), list):
                options = [o for o in gap["options"] if isinstance(o, dict)]
                row["options"] = "\n".join(str(o.get("text", "")) for o in options)
                row["option_keys"] = ",".join(str(o.get("key", "")) for o in options)
                # The form has no place to write an option's feedback yet: it is carried as it was.
                feedback = {str(o.get("key")): o["feedback"] for o in options if isinstance(o.get("feedback"), str)}
                row["option_feedback"] = json.dumps(feedback, ensure_ascii=False) if feedback else ""
                right = next((o.get("text", "") for o in options if o.get("key") == gap.get("answer")), "")
                row["answers"] = answers_for_editor([right] if is_text(right) else [], blank=0)
            elif isinstance(gap.get("answers"), list):
                row["answers"] = answers_for_editor(
                    [a for a in gap["answers"] if isinstance(a, str) or isinstance(a, dict) and "text" in a], blank=0
                )
            row["answers"] = [*row["answers"], *answers_for_editor([])]
            gaps.append(row)
        return {"text": data.get("text", ""), "gaps": gaps or [dict(self.editor_lists["gaps"], key="1")]}

    def data_from_editor(self, form):
        gaps = []
        for row in editor_rows(form, "gap", ("key", "options", "option_keys", "option_feedback")):
            answers = answers_from_editor(form, f"gap-{row['index']}-answer")
            options = lines(row["options"])
            if not (row["key"] or answers or options):
                continue
            gap = {"key": row["key"]}
            if options:
                # Each option keeps the key it had, so rewording it is not a change of the answer.
                old = [k for k in row["option_keys"].split(",") if k]
                keyed = [{"key": old[i] if i < len(old) else "", "text": text} for i, text in enumerate(options)]
                keyed = with_keys(keyed)
                feedback = _feedback_by_key(row["option_feedback"])
                gap["options"] = canonical_options([{**o, "feedback": feedback.get(o["key"], "")} for o in keyed])
                right = answers[0]["text"] if answers else ""
                gap["answer"] = next((o["key"] for o in keyed if o["text"] == right), right)
            else:
                # A plain answer stays plain text, as the YAML writes it.
                gap["answers"] = [a["text"] if set(a) == {"text"} else a for a in answers]
            gaps.append(gap)
        return {"text": first_value(form, "text").strip(), "gaps": gaps}


def _feedback_by_key(text):
    """The options' feedback a gap row carries as JSON ({key: feedback}); {} for anything else."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str) and v.strip()}
