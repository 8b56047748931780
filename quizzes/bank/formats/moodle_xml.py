"""Moodle XML: reading a question bank Moodle exported into the values our YAML holds, and writing
a set as a file Moodle's "Moodle XML format" importer reads.

The XML is parsed with defusedxml's SAX parser (no DTD, no entities, no external references), with
the line of every element kept so a refusal names the question's line.
"""

import base64
import binascii
import html
import io
import re
import xml.sax
from dataclasses import dataclass, field

import defusedxml.sax
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _

from ...questions import validate_question
from ...questions.essay import MAX_WORD_LIMIT
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
    markdown_to_html,
    option_key,
    refuse,
    set_slug,
    set_title,
)

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_QUESTIONS", "looks_like", "read", "write"]

# A Moodle question nests about six deep (quiz, question, answer, feedback, text); a file nested
# far deeper is refused before its tree is built.
MAX_DEPTH = 32
_SKIPPED_TYPES = {
    "calculated": lambda: _("Calculated questions (numbers drawn from formulas) have no equivalent here."),
    "calculatedsimple": lambda: _("Calculated questions (numbers drawn from formulas) have no equivalent here."),
    "calculatedmulti": lambda: _("Calculated questions (numbers drawn from formulas) have no equivalent here."),
    "description": lambda: _("A description is text shown between questions, not a question."),
    "random": lambda: _("A random question only points to another category; import that category's questions."),
    "randomsamatch": lambda: _("Random short-answer matching draws from other questions; it has no equivalent here."),
}


@dataclass
class Node:
    tag: str
    attrs: dict
    line: int
    children: list = field(default_factory=list)
    chunks: list = field(default_factory=list)

    @property
    def text(self):
        return "".join(self.chunks)

    def child(self, tag):
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag):
        return [c for c in self.children if c.tag == tag]

    def value(self, tag, default=""):
        """The text of `<tag><text>…</text></tag>` or of `<tag>…</tag>`."""
        node = self.child(tag)
        if node is None:
            return default
        inner = node.child("text")
        return (inner.text if inner is not None else node.text).strip()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.root = None
        self.open = []
        self.locator = None

    def setDocumentLocator(self, locator):  # noqa: N802 (SAX's name)
        self.locator = locator

    def line(self):
        return self.locator.getLineNumber() if self.locator else 1

    def startElement(self, tag, attrs):  # noqa: N802
        if len(self.open) >= MAX_DEPTH:
            raise refuse(
                self.name, self.line(), _("The file is nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}
            )
        node = Node(tag, dict(attrs), self.line())
        if self.open:
            self.open[-1].children.append(node)
        else:
            self.root = node
        self.open.append(node)

    def endElement(self, tag):  # noqa: N802
        self.open.pop()

    def characters(self, content):
        if self.open:
            self.open[-1].chunks.append(content)


def looks_like(data: bytes, name: str) -> bool:
    """Whether the file is Moodle XML: a `.xml` name or content whose root is `<quiz>`."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or head.startswith(b"<quiz"):
        return b"<quiz" in data[:4096] or name.lower().endswith(".xml")
    return False


def _parse(data, name):
    check_size(data, name)
    builder = _Builder(name)
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True
    parser.setContentHandler(builder)
    try:
        parser.parse(io.BytesIO(data))
    except xml.sax.SAXParseException as exc:
        message = _("The XML is malformed: %(problem)s.") % {"problem": exc.getMessage()}
        raise refuse(name, exc.getLineNumber(), message) from None
    except DefusedXmlException:
        message = _("The file declares a DTD or entities, which are refused for safety: export it from Moodle again.")
        raise refuse(name, builder.line(), message) from None
    root = builder.root
    if root is None or root.tag != "quiz":
        raise refuse(
            name,
            root.line if root else 1,
            _("This is not a Moodle XML file: its root element is <%(tag)s>, not <quiz>.")
            % {"tag": root.tag if root else ""},
        )
    return root


class _Reading:
    def __init__(self, name):
        self.name = name
        self.ids = QuestionIds()
        self.foreign = Foreign(raw={})
        self.questions = []
        self.prompt_images = []

    def note(self, label, message):
        self.foreign.notes.append(f"{label}: {message}")

    def skip(self, label, reason, line):
        self.foreign.skipped.append(Skipped(label, str(reason), line))

    def markdown(self, node, label, tag):
        """The Markdown of `<tag format=…><text>…</text></tag>`, its images noted."""
        part = node.child(tag) if node is not None else None
        if part is None:
            return ""
        return self.convert(part.value("text") if part.child("text") is not None else part.text, part, label)

    def convert(self, text, part, label, *, plain=False):
        fmt = part.attrs.get("format", "html") if part is not None else "html"
        if fmt == "markdown":
            return text.strip()
        if fmt == "plain_text":
            text = html.escape(text)
        if plain:
            converted, images = html_to_text(text, one_line=True)
        else:
            converted, images = html_to_markdown(text)
        if part is not None and part.tag == "questiontext" and images and not self.prompt_images:
            # The prompt's first picture is shown with the question; any other is named.
            self.prompt_images, images = images[:1], images[1:]
        for image in images:
            self.note(
                label, _("the image “%(file)s” is kept with the bank but not shown in the question.") % {"file": image}
            )
        return converted

    def plain(self, part, label):
        if part is None:
            return ""
        inner = part.child("text")
        return self.convert(inner.text if inner is not None else part.text, part, label, plain=True)


def read(data: bytes, name: str) -> Foreign:
    """Reads a Moodle XML file; raises ImportFailed for a file that cannot be read safely."""
    root = _parse(data, name)
    reading = _Reading(name)
    category = ""
    questions = root.all("question")
    check_count(len(questions), name, questions[MAX_QUESTIONS].line if len(questions) > MAX_QUESTIONS else 1)
    for node in questions:
        qtype = node.attrs.get("type", "")
        if qtype == "category":
            category = category_tag(node.value("category"))
            continue
        _media(node, reading)
        reading.prompt_images = []
        label = node.value("name") or html_to_text(node.value("questiontext"), one_line=True)[0][:60] or qtype
        try:
            question = _question(node, qtype, label, reading)
        except _Skip as skip:
            reading.skip(label, skip.reason, node.line)
            continue
        if question is None:
            continue
        question["prompt"] = question.get("prompt") or ""
        explanation = reading.markdown(node, label, "generalfeedback")
        if explanation:
            question["explanation"] = explanation
        tags = [t for t in [category, *(_tag(t) for t in _tags(node))] if t]
        if tags:
            question["tags"] = list(dict.fromkeys(tags))
        question = {"id": reading.ids.make(label, question["prompt"]), **question}
        problems = validate_question(question, set(), cite=False)
        if problems:
            reading.skip(label, problems[0].message, node.line)
            continue
        reading.foreign.marks[("questions", len(reading.questions))] = (node.line, 1)
        if reading.prompt_images:
            reading.foreign.pictures[len(reading.questions)] = reading.prompt_images[0]
        reading.questions.append(question)
    foreign = reading.foreign
    foreign.raw = {
        "slug": set_slug(name),
        "title": set_title(name),
        "language": language_of(q["prompt"] for q in reading.questions),
        "questions": reading.questions,
    }
    return foreign


class _Skip(Exception):
    def __init__(self, reason):
        self.reason = reason


def _tags(node):
    tags = node.child("tags")
    return [t.value("text") for t in tags.all("tag")] if tags is not None else []


def _tag(text):
    return text.strip()[:64].strip()


def _media(node, reading):
    for element in node.walk():
        if element.tag != "file" or element.attrs.get("encoding", "base64") != "base64":
            continue
        file_name = element.attrs.get("name", "").strip()
        try:
            content = base64.b64decode(re.sub(r"\s+", "", element.text), validate=True)
        except (binascii.Error, ValueError):
            raise refuse(
                reading.name,
                element.line,
                _("The file “%(file)s” embedded here is not valid base64.") % {"file": file_name},
                node.value("name"),
            ) from None
        if file_name:
            reading.foreign.media[file_name] = content


def _fraction(answer):
    try:
        return float(answer.attrs.get("fraction", "0"))
    except ValueError:
        return 0.0


def _true(value):
    return value.strip().lower() in ("true", "1")


def _question(node, qtype, label, reading):
    prompt = reading.markdown(node, label, "questiontext")
    if qtype in _SKIPPED_TYPES:
        raise _Skip(_SKIPPED_TYPES[qtype]())
    reader = _READERS.get(qtype)
    if reader is None:
        raise _Skip(_("The question type “%(type)s” has no equivalent here.") % {"type": qtype})
    return reader(node, prompt, label, reading)


def _options(answers, label, reading):
    options = []
    for i, answer in enumerate(answers):
        text = reading.plain(answer, label)
        option = {"key": option_key(i), "text": text}
        feedback = reading.markdown(answer, label, "feedback")
        if feedback:
            option["feedback"] = feedback
        options.append(option)
    return options


def _multichoice(node, prompt, label, reading):
    answers = node.all("answer")
    options = _options(answers, label, reading)
    fractions = [_fraction(a) for a in answers]
    if _true(node.value("single", "true")):
        best = max(fractions, default=0)
        if best <= 0:
            raise _Skip(_("No answer is marked right."))
        if any(0 < f < best for f in fractions):
            reading.note(label, _("options worth part of the mark count as wrong here: only the best one is right."))
        return {
            "type": "single",
            "prompt": prompt,
            "options": options,
            "answer": options[fractions.index(best)]["key"],
        }
    right = [o["key"] for o, f in zip(options, fractions, strict=True) if f > 0]
    if not right:
        raise _Skip(_("No answer is marked right."))
    share = 100 / len(right)
    same = all(abs(f - share) < 0.01 for f in fractions if f > 0) and all(
        abs(f) < 0.01 or abs(f + share) < 0.01 for f in fractions if f <= 0
    )
    if not same:
        reading.note(
            label,
            _(
                "Moodle's answer weights are not kept: each right option chosen earns an equal share and "
                "each wrong one takes a share away."
            ),
        )
    return {"type": "multiple", "prompt": prompt, "options": options, "answer": right}


def _truefalse(node, prompt, label, reading):
    question = {"type": "true_false", "prompt": prompt}
    for answer in node.all("answer"):
        said = answer.value("text").strip().lower()
        if said not in ("true", "false"):
            continue
        if _fraction(answer) > 0:
            question["answer"] = said == "true"
        feedback = reading.markdown(answer, label, "feedback")
        if feedback:
            question[f"feedback_{said}"] = feedback
    return question


def _accepted(answers, label, reading, *, strict):
    """Short answers worth the full mark; the rest, wildcards and feedback named in notes."""
    accepted = []
    for answer in answers:
        text = html_to_text(answer.value("text"), one_line=True)[0]
        if not text or text == "*":
            continue
        if _fraction(answer) < 100:
            if _fraction(answer) > 0:
                reading.note(
                    label,
                    _("“%(answer)s” earned part of the mark in Moodle; it is not accepted here.") % {"answer": text},
                )
            continue
        if "*" in text:
            reading.note(
                label, _("“%(answer)s” uses the wildcard *, which is not mapped: it is left out.") % {"answer": text}
            )
            continue
        if reading.markdown(answer, label, "feedback"):
            reading.note(label, _("feedback on typed answers is not kept."))
        accepted.append({"text": text, "strict": True} if strict else text)
    return accepted


def _shortanswer(node, prompt, label, reading):
    strict = _true(node.value("usecase", "0"))
    if strict:
        reading.note(label, _("case-sensitive answers are matched exactly as written."))
    answers = _accepted(node.all("answer"), label, reading, strict=strict)
    if not answers:
        raise _Skip(_("No answer worth the full mark can be kept."))
    return {"type": "short", "prompt": prompt, "answers": answers}


def _number(text):
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def _numerical(node, prompt, label, reading):
    right = []
    for answer in node.all("answer"):
        text = answer.value("text").strip()
        if text in ("", "*"):
            continue
        value = _number(text)
        if value is None:
            raise _Skip(_("The answer “%(answer)s” is not a number.") % {"answer": text})
        if _fraction(answer) < 100:
            reading.note(
                label, _("“%(answer)s” earned part of the mark in Moodle; it is not accepted here.") % {"answer": text}
            )
            continue
        tolerance = abs(_number(answer.value("tolerance", "0")) or 0)
        right.append((value, tolerance))
        if reading.markdown(answer, label, "feedback"):
            reading.note(label, _("feedback on typed answers is not kept."))
    if not right:
        raise _Skip(_("No answer worth the full mark can be kept."))
    units = node.child("units")
    for unit in units.all("unit") if units is not None else []:
        unit_name = unit.value("unit_name")
        multiplier = _number(unit.value("multiplier", "1"))
        if multiplier == 1:
            reading.note(label, _("the unit “%(unit)s” may be typed after the number.") % {"unit": unit_name})
        else:
            reading.note(
                label, _("the unit “%(unit)s” (×%(factor)s) is not mapped.") % {"unit": unit_name, "factor": multiplier}
            )
    if len(right) == 1:
        value, tolerance = right[0]
        return {"type": "number", "prompt": prompt, "answer": value, **({"tolerance": tolerance} if tolerance else {})}
    reading.note(label, _("several right numbers: imported as a short answer accepting each."))
    return {
        "type": "short",
        "prompt": prompt,
        "answers": [{"text": _number_text(v), **({"tolerance": t} if t else {})} for v, t in right],
    }


def _number_text(value):
    return str(value)


def _matching(node, prompt, label, reading):
    pairs = []
    for sub in node.all("subquestion"):
        left = reading.plain(sub, label)
        right = html_to_text(sub.value("answer"), one_line=True)[0]
        if not left:
            if right:
                reading.note(
                    label, _("the extra answer “%(answer)s” (matching no question) is not mapped.") % {"answer": right}
                )
            continue
        pairs.append({"key": f"p{len(pairs) + 1}", "left": left, "right": right})
    return {"type": "match", "prompt": prompt, "pairs": pairs}


def _ordering(node, prompt, label, reading):
    answers = sorted(node.all("answer"), key=_fraction)
    items = [{"key": option_key(i), "text": reading.plain(a, label)} for i, a in enumerate(answers)]
    if node.value("gradingtype") not in ("", "RELATIVE_NEXT_EXCLUDE_LAST"):
        reading.note(label, _("graded here by items followed by their right neighbour, not by Moodle's rule."))
    return {"type": "order", "prompt": prompt, "items": items}


_GAP = re.compile(r"\[\[(\d+)\]\]")


def _gapselect(node, prompt, label, reading, *, choice_tag="selectoption"):
    choices = []
    for choice in node.all(choice_tag):
        choices.append((html_to_text(choice.value("text"), one_line=True)[0], choice.value("group", "1")))
    source = node.child("questiontext")
    text = source.value("text") if source is not None else ""
    # Gap markers survive the conversion as private characters, then become our [[g1]], [[g2]]…
    marked = _GAP.sub(lambda m: f"\ue000{m.group(1)}\ue001", text)
    plain, images = html_to_text(marked)
    for image in images:
        reading.note(
            label, _("the image “%(file)s” is kept with the bank but not shown in the question.") % {"file": image}
        )
    gaps = []

    def gap(match):
        number = int(match.group(1))
        if not 1 <= number <= len(choices):
            raise _Skip(_("The gap [[%(n)d]] has no choice.") % {"n": number})
        group = choices[number - 1][1]
        in_group = [(i, t) for i, (t, g) in enumerate(choices) if g == group]
        key = f"g{len(gaps) + 1}"
        options = [{"key": option_key(j), "text": t} for j, (_i, t) in enumerate(in_group)]
        answer = options[[i for i, _t in in_group].index(number - 1)]["key"]
        gaps.append({"key": key, "options": options, "answer": answer})
        return f"[[{key}]]"

    return _cloze(re.sub("\ue000(\\d+)\ue001", gap, plain), gaps)


def _ddwtos(node, prompt, label, reading):
    return _gapselect(node, prompt, label, reading, choice_tag="dragbox")


# Cloze (multianswer) parts: {weight:TYPE:answers}, with \} \# \~ \/ \" \\ escaped.
_CLOZE = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^\\}])*)\}")
_TYPED = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC", "NUMERICAL", "NM"}
_CHOSEN = {
    "MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS",
    "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS",
}  # fmt: skip
_UNESCAPE = re.compile(r"\\(.)")


def _cloze_answers(body):
    """A part's answers as (fraction, text, feedback), split at unescaped ~ and #."""
    result = []
    for piece in re.split(r"(?<!\\)~", body):
        if not piece.strip():
            continue
        fraction = 0.0
        if piece.startswith("="):
            fraction, piece = 100.0, piece[1:]
        elif m := re.match(r"%(-?\d+(?:\.\d+)?)%", piece):
            fraction, piece = float(m.group(1)), piece[m.end() :]
        text, _sep, feedback = _split_feedback(piece)
        result.append((fraction, _UNESCAPE.sub(r"\1", text).strip(), _UNESCAPE.sub(r"\1", feedback).strip()))
    return result


def _split_feedback(piece):
    parts = re.split(r"(?<!\\)#", piece, maxsplit=1)
    return parts[0], "#", parts[1] if len(parts) > 1 else ""


def _multianswer(node, prompt, label, reading):
    source = node.child("questiontext")
    text = source.value("text") if source is not None else ""
    plain, images = html_to_text(text)
    for image in images:
        reading.note(
            label, _("the image “%(file)s” is kept with the bank but not shown in the question.") % {"file": image}
        )
    gaps, weights = [], set()

    def gap(match):
        weight, kind, body = match.group(1), match.group(2), match.group(3)
        weights.add(weight or "1")
        key = f"g{len(gaps) + 1}"
        answers = _cloze_answers(body)
        if kind in _CHOSEN:
            options, answer = [], None
            for j, (fraction, option_text, feedback) in enumerate(answers):
                option = {"key": option_key(j), "text": option_text}
                if feedback:
                    option["feedback"] = feedback
                options.append(option)
                if fraction >= 100 and answer is None:
                    answer = option["key"]
                elif 0 < fraction < 100:
                    reading.note(
                        label,
                        _("“%(answer)s” earned part of the mark in Moodle; it counts as wrong here.")
                        % {"answer": option_text},
                    )
            if answer is None:
                raise _Skip(_("A gap has no answer worth the full mark."))
            gaps.append({"key": key, "options": options, "answer": answer})
        elif kind in _TYPED:
            accepted = []
            for fraction, answer_text, feedback in answers:
                if not answer_text or answer_text == "*":
                    continue
                if fraction < 100:
                    if fraction > 0:
                        reading.note(
                            label,
                            _("“%(answer)s” earned part of the mark in Moodle; it is not accepted here.")
                            % {"answer": answer_text},
                        )
                    continue
                if feedback:
                    reading.note(label, _("feedback on typed answers is not kept."))
                if kind in ("NUMERICAL", "NM"):
                    value, _colon, tolerance = answer_text.partition(":")
                    if _number(value) is None or (tolerance and _number(tolerance) is None):
                        raise _Skip(_("The answer “%(answer)s” is not a number.") % {"answer": answer_text})
                    entry = {"text": value.strip()}
                    if tolerance and _number(tolerance):
                        entry["tolerance"] = abs(_number(tolerance))
                    accepted.append(entry)
                elif "*" in answer_text:
                    reading.note(
                        label,
                        _("“%(answer)s” uses the wildcard *, which is not mapped: it is left out.")
                        % {"answer": answer_text},
                    )
                elif kind in ("SHORTANSWER_C", "SAC", "MWC"):
                    accepted.append({"text": answer_text, "strict": True})
                else:
                    accepted.append(answer_text)
            if not accepted:
                raise _Skip(_("A gap has no answer worth the full mark."))
            gaps.append({"key": key, "answers": accepted})
        else:
            raise _Skip(
                _("The gap type %(type)s (several answers in one gap) has no equivalent here.") % {"type": kind}
            )
        return f"[[{key}]]"

    cloze_text = _CLOZE.sub(gap, plain)
    if not gaps:
        raise _Skip(_("The text has no gaps."))
    if len(weights) > 1:
        reading.note(label, _("the gaps' weights differ in Moodle; here every gap counts the same."))
    return _cloze(cloze_text, gaps)


def _cloze(text, gaps):
    """A cloze question: a first paragraph without gaps is its prompt (as we write it)."""
    first, _sep, rest = text.partition("\n\n")
    if rest.strip() and "[[" not in first:
        return {"type": "cloze", "prompt": first.strip(), "text": rest.strip(), "gaps": gaps}
    return {"type": "cloze", "prompt": _("Fill the gaps."), "text": text, "gaps": gaps}


def _essay(node, prompt, label, reading):
    """Moodle's essay: the grader information is the guidance, its maximum word limit ours."""
    question = {"type": "essay", "prompt": prompt}
    limit = node.value("maxwordlimit").strip() if node.child("maxwordlimit") is not None else ""
    if limit.isdigit() and 1 <= int(limit) <= MAX_WORD_LIMIT:
        question["word_limit"] = int(limit)
    guidance = reading.markdown(node, label, "graderinfo")
    if guidance:
        question["guidance"] = guidance
    if node.child("responseformat") is not None and node.value("responseformat").strip() == "noinline":
        raise _Skip(_("An essay answered only with an attached file has no equivalent here: answers are typed."))
    return question


_READERS = {
    "essay": _essay,
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "match": _matching,
    "ordering": _ordering,
    "gapselect": _gapselect,
    "ddwtos": _ddwtos,
    "multianswer": _multianswer,
}


# Writing: the elements Moodle's qformat_xml reads for each type, in the order its exporter writes them.


def _cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>" if text else ""


def _text(tag, content, fmt="html", indent="    "):
    return f'{indent}<{tag} format="{fmt}">\n{indent}  <text>{_cdata(content)}</text>\n{indent}</{tag}>\n'


def _fraction_text(value):
    return f"{value:.7f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _answer(fraction, text, feedback="", extra="", fmt="html"):
    return (
        f'    <answer fraction="{_fraction_text(fraction)}" format="{fmt}">\n'
        f"      <text>{_cdata(text)}</text>\n"
        f'      <feedback format="html">\n'
        f"        <text>{_cdata(markdown_to_html(feedback))}</text>\n"
        f"      </feedback>\n"
        f"{extra}    </answer>\n"
    )


def _combined_feedback():
    return "".join(_text(tag, "") for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"))


def _spellings(answers):
    """Each accepted spelling of typed answers (a variant is one more answer in Moodle)."""
    for answer in answers:
        answer = {"text": answer} if isinstance(answer, str) else answer
        for text in [answer["text"], *answer.get("variants", [])]:
            yield text, answer


def _cloze_escape(text):
    return re.sub(r"([}#~/\"\\])", r"\\\1", text)


def _cloze_part(gap):
    if "options" in gap:
        parts = []
        for option in gap["options"]:
            mark = "=" if option["key"] == gap["answer"] else ""
            feedback = f"#{_cloze_escape(option['feedback'])}" if option.get("feedback") else ""
            parts.append(f"{mark}{_cloze_escape(option['text'])}{feedback}")
        return "{1:MULTICHOICE:" + "~".join(parts) + "}"
    spellings = list(_spellings(gap["answers"]))
    if all(_number(text) is not None for text, _a in spellings):
        parts = [f"={text}:{answer.get('tolerance', 0)}" for text, answer in spellings]
        return "{1:NUMERICAL:" + "~".join(parts) + "}"
    kind = "SHORTANSWER_C" if any(a.get("strict") for _t, a in spellings) else "SHORTANSWER"
    return "{1:" + kind + ":" + "~".join(f"={_cloze_escape(t)}" for t, _a in spellings) + "}"


def _write_question(q):
    qtype = q["type"]
    body = ""
    if qtype in ("single", "multiple"):
        mtype = "multichoice"
        right = {q["answer"]} if qtype == "single" else set(q["answer"])
        share = 100 / len(right)
        body += f"    <single>{'true' if qtype == 'single' else 'false'}</single>\n"
        body += "    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n"
        body += "    <showstandardinstruction>0</showstandardinstruction>\n"
        body += _combined_feedback() + "    <shownumcorrect/>\n"
        for option in q["options"]:
            # Moodle grades by summing weights: an equal share right, the same share taken away
            # for a wrong choice, floored at zero, is our rule for `multiple`.
            fraction = share if option["key"] in right else (0 if qtype == "single" else -share)
            body += _answer(fraction, html.escape(option["text"]), option.get("feedback", ""))
    elif qtype == "true_false":
        mtype = "truefalse"
        for said in (True, False):
            name = "true" if said else "false"
            body += _answer(
                100 if q["answer"] is said else 0, name, q.get(f"feedback_{name}", ""), fmt="moodle_auto_format"
            )
    elif qtype == "short":
        mtype = "shortanswer"
        spellings = list(_spellings(q["answers"]))
        body += f"    <usecase>{1 if any(a.get('strict') for _t, a in spellings) else 0}</usecase>\n"
        for text, _a in spellings:
            body += _answer(100, text, fmt="moodle_auto_format")
    elif qtype == "number":
        mtype = "numerical"
        tolerance = f"      <tolerance>{q.get('tolerance', 0)}</tolerance>\n"
        body += _answer(100, str(q["answer"]), extra=tolerance, fmt="moodle_auto_format")
        body += "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n"
        body += "    <showunits>3</showunits>\n    <unitsleft>0</unitsleft>\n"
    elif qtype == "match":
        mtype = "matching"
        body += "    <shuffleanswers>true</shuffleanswers>\n" + _combined_feedback() + "    <shownumcorrect/>\n"
        for pair in q["pairs"]:
            body += (
                f'    <subquestion format="html">\n      <text>{_cdata(html.escape(pair["left"]))}</text>\n'
                f"      <answer>\n        <text>{_cdata(pair['right'])}</text>\n      </answer>\n    </subquestion>\n"
            )
    elif qtype == "order":
        mtype = "ordering"
        body += "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n"
        body += "    <selectcount>0</selectcount>\n    <gradingtype>RELATIVE_NEXT_EXCLUDE_LAST</gradingtype>\n"
        body += "    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n"
        body += _combined_feedback() + "    <shownumcorrect>1</shownumcorrect>\n"
        for n, item in enumerate(q["items"], start=1):
            item_text = _cdata(html.escape(item["text"]))
            body += f'    <answer fraction="{n}" format="html">\n      <text>{item_text}</text>\n    </answer>\n'
    elif qtype == "cloze":
        mtype = "multianswer"
    elif qtype == "essay":
        mtype = "essay"
        body += "    <responseformat>plain</responseformat>\n    <responserequired>1</responserequired>\n"
        body += "    <responsefieldlines>10</responsefieldlines>\n    <attachments>0</attachments>\n"
        body += "    <attachmentsrequired>0</attachmentsrequired>\n"
        if q.get("word_limit"):
            body += f"    <maxwordenabled>1</maxwordenabled>\n    <maxwordlimit>{q['word_limit']}</maxwordlimit>\n"
        body += _text("graderinfo", markdown_to_html(q.get("guidance", "")))
        body += _text("responsetemplate", "")
    else:
        return None
    if qtype == "cloze":
        gaps = {g["key"]: g for g in q["gaps"]}
        text = re.sub(r"\[\[([a-z0-9][a-z0-9_-]*)\]\]", lambda m: "\ue000" + m.group(1) + "\ue001", q["text"])
        text = html.escape(text).replace("\n", "<br>\n")
        text = re.sub("\ue000([^\ue001]*)\ue001", lambda m: _cloze_part(gaps[m.group(1)]), text)
        questiontext = f"<p>{html.escape(q['prompt'])}</p>\n<p>{text}</p>"
    else:
        questiontext = markdown_to_html(q["prompt"])
    out = f'  <question type="{mtype}">\n    <name>\n      <text>{_cdata(q["id"])}</text>\n    </name>\n'
    out += _text("questiontext", questiontext)
    out += _text("generalfeedback", markdown_to_html(q.get("explanation", "")))
    out += "    <defaultgrade>1</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n"
    out += "    <idnumber></idnumber>\n" + body
    if q.get("tags"):
        out += (
            "    <tags>\n"
            + "".join(f"      <tag><text>{_cdata(t)}</text></tag>\n" for t in q["tags"])
            + "    </tags>\n"
        )
    return out + "  </question>\n"


def write(document: dict, *, set_id: str = "") -> Written:
    """The set as Moodle XML; a flashcard, which Moodle has no type for, is named and left out.
    Sources are not written (Moodle has no place for them); explanations are its general feedback."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    skipped = []
    for q in document.get("questions", []):
        written = _write_question(q)
        if written is None:
            skipped.append(Skipped(q["id"], _("Moodle has no question type for flashcards.")))
            continue
        parts.append(f"<!-- question: {q['id']} -->\n" + written)
    parts.append("</quiz>\n")
    return Written("".join(parts).encode("utf-8"), skipped)
