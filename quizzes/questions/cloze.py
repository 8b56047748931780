"""`cloze`: a text with gaps, each typed (graded like `short`) or chosen (like `single`)."""

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
    lines,
    opaque_key,
    prefixed,
    typed_text,
    with_keys,
)
from .choice import check_answer_key, check_options, keys_by_value, option_key, option_text, shown_options
from .textual import answer_matches, canonical_answers, check_answers

GAP_RE = re.compile(r"\[\[([a-z0-9][a-z0-9_-]*)\]\]")


class Cloze(QuestionType):
    name = "cloze"
    label = gettext_lazy("Fill the gaps")
    editor_labels = {"text": gettext_lazy("Text with gaps")}
    fields = ("text", "gaps")

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
                gaps.append({"key": gap["key"], "options": gap["options"], "answer": gap["answer"]})
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
        return response

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

    editor_lists = {"gaps": {"key": "", "answers": "", "options": "", "option_keys": ""}}

    def editor_fields(self, data):
        """A gap is a row: its key (as in [[key]]), its accepted answers one per line and, for a
        chosen gap, its options one per line (the right one is the first accepted answer)."""
        gaps = []
        for gap in data.get("gaps") or []:
            if not isinstance(gap, dict):
                continue
            row = {"key": gap.get("key", ""), "answers": "", "options": "", "option_keys": ""}
            if isinstance(gap.get("options"), list):
                options = [o for o in gap["options"] if isinstance(o, dict)]
                row["options"] = "\n".join(str(o.get("text", "")) for o in options)
                row["option_keys"] = ",".join(str(o.get("key", "")) for o in options)
                row["answers"] = next((o.get("text", "") for o in options if o.get("key") == gap.get("answer")), "")
            elif isinstance(gap.get("answers"), list):
                row["answers"] = "\n".join(a["text"] for a in canonical_answers(gap["answers"]))
            gaps.append(row)
        blank = {"key": "", "answers": "", "options": "", "option_keys": ""}
        return {"text": data.get("text", ""), "gaps": gaps or [dict(blank, key="1")]}

    def data_from_editor(self, form):
        gaps = []
        for row in editor_rows(form, "gap", ("key", "answers", "options", "option_keys")):
            answers, options = lines(row["answers"]), lines(row["options"])
            if not (row["key"] or answers or options):
                continue
            gap = {"key": row["key"]}
            if options:
                # Each option keeps the key it had, so rewording it is not a change of the answer.
                old = [k for k in row["option_keys"].split(",") if k]
                keyed = [{"key": old[i] if i < len(old) else "", "text": text} for i, text in enumerate(options)]
                keyed = with_keys(keyed)
                gap["options"] = [{"key": o["key"], "text": o["text"]} for o in keyed]
                right = answers[0] if answers else ""
                gap["answer"] = next((o["key"] for o in keyed if o["text"] == right), right)
            else:
                gap["answers"] = answers
            gaps.append(gap)
        return {"text": first_value(form, "text").strip(), "gaps": gaps}
