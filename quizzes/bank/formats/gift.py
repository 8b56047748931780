"""GIFT, Moodle's plain-text format: reading a bank written in it into the values our YAML holds,
and writing a set as GIFT that Moodle imports.

Questions are separated by blank lines; `//` lines are comments (with Moodle's `[tag:…]`), `::title::`
names a question, `$CATEGORY:` switches the category, and `\\~ \\= \\# \\{ \\} \\:` escape the
characters that mark answers.
"""

import re

from django.utils.translation import gettext as _

from ...questions import validate_question
from . import Foreign, Skipped, Written
from .moodle_common import (
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    QuestionIds,
    category_tag,
    check_count,
    check_size,
    html_to_markdown,
    html_to_text,
    language_of,
    option_key,
    refuse,
    set_slug,
    set_title,
)

__all__ = ["MAX_FILE_BYTES", "MAX_QUESTION_LINES", "MAX_QUESTIONS", "looks_like", "read", "write"]

# One question of a few hundred lines is already unusual; a block far longer is refused.
MAX_QUESTION_LINES = 1000
# Escaped characters stand as private-use characters while the question is taken apart.
_ESCAPES = {
    "\\\\": "\ue010",
    "\\:": "\ue011",
    "\\#": "\ue012",
    "\\=": "\ue013",
    "\\{": "\ue014",
    "\\}": "\ue015",
    "\\~": "\ue016",
}
_RESTORE = {v: k[1] for k, v in _ESCAPES.items()}
_WEIGHT = re.compile(r"^%(-?\d{1,3}(?:\.\d*)?)%")
_TAG = re.compile(r"\[tag:((?:\\]|[^\]\x00-\x1f])+)\]")


def looks_like(data: bytes, name: str) -> bool:
    """Whether the file is GIFT: a `.gift` name, or text with a GIFT answer block `{…}`."""
    if name.lower().endswith(".gift"):
        return True
    head = data[:8192].decode("utf-8", "ignore")
    return bool(re.search(r"(::[^:\n]+::)|\{\s*(=|~|#|T\b|F\b|TRUE\b|FALSE\b)", head))


def _escape_pre(text):
    text = text.replace("\\n", "\ue017")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text


def _restore(text):
    return "".join(_RESTORE.get(c, c) for c in text).replace("\ue017", "\n")


def _blocks(text, name):
    """Each question's lines without comments, its first line, and the comments before it."""
    block, comments, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            comments.append(stripped)
            continue
        if not stripped:
            if block:
                yield start, block, comments
                block, comments = [], []
            continue
        if not block:
            start = number
        block.append(line)
        if len(block) > MAX_QUESTION_LINES:
            raise refuse(name, start, _("A question runs over %(max)d lines.") % {"max": MAX_QUESTION_LINES})
    if block:
        yield start, block, comments


def _format(text, default="moodle"):
    """The text without its [markdown], [html], [plain] or [moodle] mark, and that format."""
    m = re.match(r"\s*\[(markdown|html|plain|moodle)\]", text)
    return (text[m.end() :], m.group(1)) if m else (text, default)


class _Reading:
    def __init__(self, name):
        self.name = name
        self.foreign = Foreign(raw={})
        self.label = ""

    def note(self, message):
        self.foreign.notes.append(f"{self.label}: {message}")

    def rich(self, text, fmt):
        """Question text or feedback in its GIFT format, as our Markdown."""
        text = _restore(text).strip()
        if fmt == "markdown":
            return text
        if fmt == "plain":
            return text
        converted, images = html_to_markdown(text if fmt == "html" else text.replace("\n", "<br>"))
        for image in images:
            self.note(_("the image “%(file)s” is kept with the bank but not shown in the question.") % {"file": image})
        return converted

    def plain(self, text, fmt):
        text = _restore(text).strip()
        text, fmt = _format(text, fmt)
        if fmt in ("plain", "markdown"):
            return " ".join(text.split())
        return html_to_text(text, one_line=True)[0]


def read(data: bytes, name: str) -> Foreign:
    """Reads a GIFT file; raises ImportFailed naming the file and the question's line."""
    check_size(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(name, line, _("The file is not UTF-8 text (byte %(byte)d).") % {"byte": exc.start}) from None
    reading = _Reading(name)
    ids = QuestionIds()
    questions, category, count = [], "", 0
    for line, block, comments in _blocks(text, name):
        body = _escape_pre("\n".join(block)).strip()
        if body.startswith("$CATEGORY:"):
            category = category_tag(_restore(body[len("$CATEGORY:") :]))
            continue
        count += 1
        check_count(count, name, line)
        title = ""
        if body.startswith("::"):
            end = body.find("::", 2)
            if end != -1:
                title, body = _restore(body[2:end]).strip(), body[end + 2 :].strip()
        label = title or " ".join(_restore(body).split())[:60]
        reading.label = label
        try:
            question = _question(body, label, line, reading)
        except _Skip as skip:
            reading.foreign.skipped.append(Skipped(label, str(skip.reason), line))
            continue
        tags = [category] + [t.replace("\\]", "]").strip()[:64] for c in comments for t in _TAG.findall(c)]
        tags = list(dict.fromkeys(t for t in tags if t))
        if tags:
            question["tags"] = tags
        question = {"id": ids.make(title, question["prompt"]), **question}
        problems = validate_question(question, set(), cite=False)
        if problems:
            reading.foreign.skipped.append(Skipped(label, problems[0].message, line))
            continue
        reading.foreign.marks[("questions", len(questions))] = (line, 1)
        questions.append(question)
    foreign = reading.foreign
    foreign.raw = {
        "slug": set_slug(name),
        "title": set_title(name),
        "language": language_of(q["prompt"] for q in questions),
        "questions": questions,
    }
    return foreign


class _Skip(Exception):
    def __init__(self, reason):
        self.reason = reason


def _question(body, label, line, reading):
    start, end = body.find("{"), body.find("}")
    if start == -1 and end == -1:
        raise _Skip(_("A description is text shown between questions, not a question."))
    if start == -1 or end == -1 or end < start or body.find("{", start + 1) != -1 or body.find("}", end + 1) != -1:
        where = line + body[: max(start, end, 0)].count("\n")
        raise refuse(
            reading.name,
            where,
            _("The braces { } around the answers are not balanced (write \\{ or \\} for a brace in the text)."),
            label,
        )
    answers = body[start + 1 : end].strip()
    after = body[end + 1 :].strip()
    # Text after the answers: Moodle's missing-word format puts a blank where they stood.
    question_text = body[:start].rstrip() + (" _____ " + after if after else "")
    question_text, fmt = _format(question_text)
    prompt = reading.rich(question_text, fmt)
    explanation = ""
    if "####" in answers:
        answers, general = answers.rsplit("####", 1)
        general, general_fmt = _format(general, fmt)
        explanation = reading.rich(general, general_fmt)
        answers = answers.strip()
    question = _answers(answers, fmt, prompt, label, reading)
    if explanation:
        question["explanation"] = explanation
    return question


def _split_feedback(text):
    answer, _sep, feedback = text.partition("#")
    return answer, feedback


def _answers(answers, fmt, prompt, label, reading):
    if not answers:
        # GIFT's essay: empty braces; a grader marks it.
        return {"type": "essay", "prompt": prompt}
    if answers.startswith(">"):
        lines = [line.strip() for line in answers.splitlines()[1:] if line.strip()]
        items = [{"key": option_key(i), "text": reading.plain(t, fmt)} for i, t in enumerate(lines)]
        return {"type": "order", "prompt": prompt, "items": items}
    if answers.startswith("#"):
        return _numerical(answers[1:], fmt, prompt, label, reading)
    if "~" in answers:
        return _choice(answers, fmt, prompt, reading)
    if "=" in answers and "->" in answers:
        pairs = []
        for part in re.split(r"\s*=\s*", answers):
            if not part.strip():
                continue
            if "->" not in part:
                raise _Skip(_("A matching pair lacks “->”."))
            left, right = part.split("->", 1)
            left, right = reading.plain(left, fmt), reading.plain(right, fmt)
            if not left:
                reading.note(
                    _("the extra answer “%(answer)s” (matching no question) is not mapped.") % {"answer": right}
                )
                continue
            pairs.append({"key": f"p{len(pairs) + 1}", "left": left, "right": right})
        return {"type": "match", "prompt": prompt, "pairs": pairs}
    said, _sep, feedback = answers.partition("#")
    if said.strip() in ("T", "TRUE", "F", "FALSE"):
        value = said.strip() in ("T", "TRUE")
        wrong, _sep, right = feedback.partition("#")
        question = {"type": "true_false", "prompt": prompt, "answer": value}
        # GIFT gives the feedback for a wrong judgement, then for a right one.
        by_judgement = {(not value): wrong, value: right}
        for judged, text in by_judgement.items():
            text, text_fmt = _format(text, fmt)
            if text.strip():
                question["feedback_true" if judged else "feedback_false"] = reading.rich(text, text_fmt)
        return question
    accepted = []
    for part in re.split(r"\s*=\s*", answers):
        if not part.strip():
            continue
        weight = 100.0
        if m := _WEIGHT.match(part.strip()):
            weight, part = float(m.group(1)), part.strip()[m.end() :]
        text, feedback = _split_feedback(part)
        text = reading.plain(text, fmt)
        if weight < 100:
            if weight > 0:
                reading.note(
                    _("“%(answer)s” earned part of the mark in Moodle; it is not accepted here.") % {"answer": text}
                )
            continue
        if "*" in text:
            reading.note(_("“%(answer)s” uses the wildcard *, which is not mapped: it is left out.") % {"answer": text})
            continue
        if feedback.strip():
            reading.note(_("feedback on typed answers is not kept."))
        if text:
            accepted.append(text)
    if not accepted:
        raise _Skip(_("No answer worth the full mark can be kept."))
    return {"type": "short", "prompt": prompt, "answers": accepted}


def _choice(answers, fmt, prompt, reading):
    parts = [p for p in re.split(r"(?=[~=])", answers) if p.strip()]
    single = any(p.startswith("=") for p in parts)
    options, fractions = [], []
    for i, part in enumerate(parts):
        fraction = 100.0 if part.startswith("=") else 0.0
        part = part[1:].strip()
        if m := _WEIGHT.match(part):
            fraction, part = float(m.group(1)), part[m.end() :]
        text, feedback = _split_feedback(part)
        option = {"key": option_key(i), "text": reading.plain(text, fmt)}
        feedback, feedback_fmt = _format(feedback, fmt)
        if feedback.strip():
            option["feedback"] = reading.rich(feedback, feedback_fmt)
        options.append(option)
        fractions.append(fraction)
    if single:
        best = max(fractions)
        if any(0 < f < best for f in fractions):
            reading.note(_("options worth part of the mark count as wrong here: only the best one is right."))
        return {"type": "single", "prompt": prompt, "options": options, "answer": options[fractions.index(best)]["key"]}
    right = [o["key"] for o, f in zip(options, fractions, strict=True) if f > 0]
    if not right:
        raise _Skip(_("No answer is marked right."))
    share = 100 / len(right)
    if not (
        all(abs(f - share) < 0.01 for f in fractions if f > 0)
        and all(abs(f) < 0.01 or abs(f + share) < 0.01 for f in fractions if f <= 0)
    ):
        reading.note(
            _(
                "Moodle's answer weights are not kept: each right option chosen earns an equal share and "
                "each wrong one takes a share away."
            )
        )
    return {"type": "multiple", "prompt": prompt, "options": options, "answer": right}


def _number(text):
    try:
        value = float(_restore(text).strip())
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def _numerical(answers, fmt, prompt, label, reading):
    answers, _sep, _wrong = answers.partition("~")
    parts = [p.strip() for p in re.split(r"=", answers) if p.strip()]
    right = []
    for part in parts:
        weight = 100.0
        if m := _WEIGHT.match(part):
            weight, part = float(m.group(1)), part[m.end() :]
        value_text, feedback = _split_feedback(part)
        value_text = _restore(value_text).strip()
        if ".." in value_text:
            low, high = (_number(v) for v in value_text.split("..", 1))
            if low is None or high is None:
                raise _Skip(_("The answer “%(answer)s” is not a number.") % {"answer": value_text})
            value, tolerance = (low + high) / 2, (high - low) / 2
        else:
            number, _colon, margin = value_text.partition(":")
            value, tolerance = _number(number), _number(margin) if margin else 0
            if value is None or tolerance is None:
                raise _Skip(_("The answer “%(answer)s” is not a number.") % {"answer": value_text})
        value = int(value) if float(value).is_integer() else value
        tolerance = abs(int(tolerance) if float(tolerance).is_integer() else tolerance)
        if weight < 100:
            if weight > 0:
                reading.note(
                    _("“%(answer)s” earned part of the mark in Moodle; it is not accepted here.")
                    % {"answer": value_text}
                )
            continue
        if feedback.strip():
            reading.note(_("feedback on typed answers is not kept."))
        right.append((value, tolerance))
    if not right:
        raise _Skip(_("No answer worth the full mark can be kept."))
    if len(right) == 1:
        value, tolerance = right[0]
        return {"type": "number", "prompt": prompt, "answer": value, **({"tolerance": tolerance} if tolerance else {})}
    reading.note(_("several right numbers: imported as a short answer accepting each."))
    return {
        "type": "short",
        "prompt": prompt,
        "answers": [{"text": str(v), **({"tolerance": t} if t else {})} for v, t in right],
    }


# Writing, as Moodle's own GIFT exporter writes each type.


def _escape(text):
    for char in ("\\", "~", "=", "#", "{", "}", ":"):
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _general(q):
    return f"\t####[markdown]{_escape(q['explanation'])}\n" if q.get("explanation") else ""


def _write_question(q):
    head = f"::{_escape(q['id'])}::[markdown]{_escape(q['prompt'])}"
    qtype = q["type"]
    if qtype == "single":
        lines = [
            ("=" if o["key"] == q["answer"] else "~")
            + _escape(o["text"])
            + (f"#{_escape(o['feedback'])}" if o.get("feedback") else "")
            for o in q["options"]
        ]
        return head + "{\n" + "".join(f"\t{line}\n" for line in lines) + _general(q) + "}\n"
    if qtype == "multiple":
        share = 100 / len(q["answer"])
        weight = f"{share:.5f}".rstrip("0").rstrip(".")
        lines = [
            (f"~%{weight}%" if o["key"] in q["answer"] else f"~%-{weight}%")
            + _escape(o["text"])
            + (f"#{_escape(o['feedback'])}" if o.get("feedback") else "")
            for o in q["options"]
        ]
        return head + "{\n" + "".join(f"\t{line}\n" for line in lines) + _general(q) + "}\n"
    if qtype == "true_false":
        right = q.get("feedback_true" if q["answer"] else "feedback_false", "")
        wrong = q.get("feedback_false" if q["answer"] else "feedback_true", "")
        out = head + "{" + ("TRUE" if q["answer"] else "FALSE")
        if wrong or right:
            out += "#" + _escape(wrong)
        if right:
            out += "#" + _escape(right)
        return out + _general(q).strip("\t\n") + "}\n"
    if qtype == "short":
        lines = []
        for answer in q["answers"]:
            answer = {"text": answer} if isinstance(answer, str) else answer
            lines += [f"={_escape(t)}" for t in [answer["text"], *answer.get("variants", [])]]
        return head + "{\n" + "".join(f"\t{line}\n" for line in lines) + _general(q) + "}\n"
    if qtype == "number":
        return head + "{#\n" + f"\t={q['answer']}:{q.get('tolerance', 0)}\n" + _general(q) + "}\n"
    if qtype == "essay":
        # Only the prompt and the explanation travel: GIFT has no word limit or grader information.
        return head + "{" + (_general(q).strip("\t\n") if q.get("explanation") else "") + "}\n"
    if qtype == "match":
        lines = [f"={_escape(p['left'])} -> {_escape(p['right'])}" for p in q["pairs"]]
        return head + "{\n" + "".join(f"\t{line}\n" for line in lines) + _general(q) + "}\n"
    return None


_CANNOT = {
    "cloze": lambda: _("GIFT cannot hold a text with several gaps; export the set as Moodle XML."),
    "order": lambda: _("GIFT cannot hold an ordering question; export the set as Moodle XML."),
    "flashcard": lambda: _("Moodle has no question type for flashcards."),
}


def write(document: dict, *, set_id: str = "") -> Written:
    """The set as GIFT in the Markdown format; what GIFT cannot hold is named and left out.
    Sources are not written; tags are written as Moodle's `// [tag:…]` comments."""
    parts, skipped = [], []
    for q in document.get("questions", []):
        written = _write_question(q)
        if written is None:
            skipped.append(Skipped(q["id"], str(_CANNOT[q["type"]]())))
            continue
        comment = f"// question: {q['id']}"
        tags = "".join(" [tag:" + t.replace("]", "\\]") + "]" for t in q.get("tags", []))
        parts.append(comment + "\n" + (f"//{tags}\n" if tags else "") + written)
    return Written("\n".join(parts).encode("utf-8"), skipped)
