"""`cloze`: a text with gaps, each typed (graded like `short`) or chosen (like `single`)."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Grade, Part, QuestionType, check_list, check_text, check_unknown, prefixed
from .choice import check_answer_key, check_options, option_text
from .textual import answer_matches, canonical_answers, check_answers

GAP_RE = re.compile(r"\[\[([a-z0-9][a-z0-9_-]*)\]\]")


class Cloze(QuestionType):
    name = "cloze"
    label = gettext_lazy("Fill the gaps")
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
        response = response if isinstance(response, dict) else {}
        parts = []
        for gap in data["gaps"]:
            given = response.get(gap["key"])
            if "options" in gap:
                correct, expected = given == gap["answer"], option_text(gap, gap["answer"])
            else:
                correct = answer_matches(given, gap["answers"])
                expected = canonical_answers(gap["answers"])[0]["text"]
            parts.append(Part(gap["key"], correct, given, expected))
        return Grade(sum(p.correct for p in parts) / len(parts), parts)

    def correct_response(self, data):
        return {
            g["key"]: g["answer"] if "options" in g else canonical_answers(g["answers"])[0]["text"]
            for g in data["gaps"]
        }

    def response_from_form(self, data, form):
        return {g["key"]: (form.get(f"gap-{g['key']}") or [""])[0].strip()[:200] for g in data["gaps"]}

    def display(self, data, rng):
        """Splits the text into runs of plain text and gaps, in reading order."""
        gaps = {g["key"]: g for g in data["gaps"]}
        pieces = []
        for i, piece in enumerate(GAP_RE.split(data["text"])):
            if i % 2 == 0:
                if piece:
                    pieces.append({"text": piece})
            else:
                gap = dict(gaps[piece])
                if "options" in gap:
                    gap["options"] = sorted(gap["options"], key=lambda _o: rng.random())
                pieces.append({"gap": gap})
        return {**data, "pieces": pieces}
