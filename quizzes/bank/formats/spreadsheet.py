"""Spreadsheets saved as CSV or TSV, and Quizlet's exported sets: a row a question (prompt, answer,
then optional columns), with or without a header row in English or Arabic."""

import csv
import hashlib
import re
from pathlib import Path

from django.utils.translation import gettext as _

from ... import arabic
from ..importing import ImportFailed, ImportProblem
from . import Foreign

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL = 10_000
DELIMITERS = "\t,;|"
# What a header cell may say, normalised (lowercase, Arabic letter forms folded), by column.
HEADERS = {
    "prompt": ("prompt", "question", "front", "term", "word", "السؤال", "سؤال", "الوجه", "المصطلح", "الكلمة"),
    "answer": ("answer", "back", "definition", "الإجابة", "إجابة", "الجواب", "جواب", "الظهر", "التعريف", "المعنى"),
    "explanation": ("explanation", "notes", "note", "الشرح", "شرح", "التوضيح", "ملاحظات"),
    "tags": ("tags", "tag", "topic", "الوسوم", "وسوم", "الموضوع"),
    "type": ("type", "النوع", "نوع"),
    "options": ("options", "choices", "الخيارات", "خيارات", "البدائل"),
    "tolerance": ("tolerance", "السماحية", "الهامش"),
    "id": ("id", "key", "المعرف"),
}
# Without a header, the columns are read in this order.
POSITIONAL = ("prompt", "answer", "explanation", "tags")
TYPE_NAMES = {
    "flashcard": "flashcard",
    "card": "flashcard",
    "بطاقة": "flashcard",
    "short": "short",
    "قصير": "short",
    "number": "number",
    "رقم": "number",
    "عدد": "number",
    "true_false": "true_false",
    "true/false": "true_false",
    "صح/خطأ": "true_false",
    "صح أو خطأ": "true_false",
    "single": "single",
    "اختيار": "single",
    "multiple": "multiple",
    "متعدد": "multiple",
}
TRUE_WORDS = {"true", "yes", "t", "1", "صح", "صحيح", "نعم"}
FALSE_WORDS = {"false", "no", "f", "0", "خطأ", "خاطئ", "لا"}
# A list inside one cell: tags, options, several accepted answers.
_LIST_SPLIT = re.compile(r"\s*[|؛]\s*")
_TAG_SPLIT = re.compile(r"\s*[,،;|]\s*")


def _normal(text):
    return arabic.normalize(text.strip().lower())


_TYPES = {_normal(word): kind for word, kind in TYPE_NAMES.items()}
_TRUE = {_normal(word) for word in TRUE_WORDS}
_FALSE = {_normal(word) for word in FALSE_WORDS}
_HEADERS = {column: {_normal(word) for word in words} for column, words in HEADERS.items()}


def _refuse(name, line, message, column=1):
    return ImportFailed([ImportProblem(name, line, column, "", message)])


def looks_like(data: bytes, name: str) -> bool:
    """Text whose first lines share a delimiter (a tab, comma, semicolon or bar)."""
    if b"\x00" in data[:4096].split(b"\n", 1)[0] or data[:4] == b"PK\x03\x04":
        return False
    head = _decode(data[:8192], name, strict=False).lstrip()
    if head.startswith(("<", "{", "//", "::")):
        return False
    first = next((line for line in head.splitlines() if line.strip()), "")
    return any(d in first for d in DELIMITERS)


def _decode(data, name, strict=True):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not strict:
            return data.decode("utf-8", "replace")
        utf8_error = exc
    try:
        # Excel on an Arabic Windows saves CSV in Windows-1256.
        return data.decode("cp1256")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise _refuse(name, line, _("The file is neither UTF-8 nor Windows-1256 text.")) from None


def _delimiter(text, name):
    if Path(name).suffix.lower() == ".tsv":
        return "\t"
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if not counts[best]:
        raise _refuse(
            name,
            1,
            _("No column separator was found: separate the prompt and the answer with a tab, comma or semicolon."),
        )
    return best


def _header(cells):
    """{column: index} when `cells` is a header row naming at least the prompt and the answer."""
    columns = {}
    for index, cell in enumerate(cells):
        word = _normal(cell)
        for column, names in _HEADERS.items():
            if word in names and column not in columns:
                columns[column] = index
    return columns if {"prompt", "answer"} <= set(columns) else None


def read(data: bytes, name: str) -> Foreign:
    if len(data) > MAX_BYTES:
        raise _refuse(name, 1, _("The file is %(size)d bytes; at most 2 MB is accepted.") % {"size": len(data)})
    text = _decode(data, name)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _refuse(name, line, _("The line contains a NUL character, which cannot be stored."))
    delimiter = _delimiter(text, name)
    # Quizlet writes no quotes: a tab-separated file is read cell by cell, quotes and all.
    quoting = (
        csv.QUOTE_NONE if delimiter == "\t" and '\t"' not in text and not text.startswith('"') else csv.QUOTE_MINIMAL
    )
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, quoting=quoting, strict=True)
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _refuse(name, line, _("The row cannot be read: %(problem)s.") % {"problem": exc}) from None
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise _refuse(name, 1, _("The file is empty."))
    foreign = Foreign(raw={})
    columns = _header(rows[0][1])
    if columns is not None:
        known = set(columns.values())
        ignored = [c for i, c in enumerate(rows[0][1]) if i not in known and c.strip()]
        if ignored:
            foreign.notes.append(_("Columns left out: %(columns)s.") % {"columns": "، ".join(ignored)})
        rows = rows[1:]
    else:
        columns = {column: i for i, column in enumerate(POSITIONAL)}
    if len(rows) > MAX_ROWS:
        raise _refuse(name, rows[MAX_ROWS][0], _("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    questions, taken = [], set()
    for index, (line, cells) in enumerate(rows):
        question = _question(cells, columns, line, name)
        base, n = question["id"], 2
        while question["id"] in taken:
            question["id"], n = f"{base}-{n}", n + 1
        taken.add(question["id"])
        questions.append(question)
        foreign.marks[("questions", index)] = (line, 1)
        for column, i in columns.items():
            if column in question:
                foreign.marks[("questions", index, column)] = (line, i + 1)
    title = Path(name).stem.replace("_", " ").strip() or "Spreadsheet"
    foreign.raw = {"title": title[:200], "language": _language(questions), "questions": questions}
    return foreign


def _language(questions):
    text = " ".join(q["prompt"] for q in questions[:50])
    arabic_letters = sum("\u0600" <= ch <= "\u06ff" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return "ar" if arabic_letters >= latin else "en"


def _question(cells, columns, line, name):
    def cell(column):
        i = columns.get(column)
        value = cells[i].strip() if i is not None and i < len(cells) else ""
        if len(value) > MAX_CELL:
            raise _refuse(name, line, _("A cell is longer than %(max)d characters.") % {"max": MAX_CELL}, i + 1)
        return value

    prompt, answer = cell("prompt"), cell("answer")
    if not prompt:
        raise _refuse(name, line, _("Line %(line)d has no prompt.") % {"line": line}, columns["prompt"] + 1)
    if not answer:
        raise _refuse(name, line, _("Line %(line)d has no answer.") % {"line": line}, columns["answer"] + 1)
    given_type = cell("type")
    kind = _TYPES.get(_normal(given_type)) if given_type else "flashcard"
    if kind is None:
        raise _refuse(
            name,
            line,
            _("Line %(line)d: unknown type “%(type)s”; use flashcard, short, number, true_false, single or multiple.")
            % {"line": line, "type": given_type},
            columns["type"] + 1,
        )
    key = cell("id") or "row-" + hashlib.sha1(prompt.encode()).hexdigest()[:10]  # noqa: S324 - a name
    question = {"id": key, "type": kind, "prompt": prompt, **_answer_fields(kind, answer, cell, line, name, columns)}
    if explanation := cell("explanation"):
        question["explanation"] = explanation
    if tags := cell("tags"):
        question["tags"] = list(dict.fromkeys(t for t in _TAG_SPLIT.split(tags) if t))
    return question


def _answer_fields(kind, answer, cell, line, name, columns):
    where = columns["answer"] + 1
    if kind == "flashcard":
        return {"back": answer}
    if kind == "short":
        return {"answers": [a for a in _LIST_SPLIT.split(answer) if a]}
    if kind == "number":
        value = arabic.parse_number(answer)
        if value is None:
            raise _refuse(name, line, _("Line %(line)d: the answer is not a number.") % {"line": line}, where)
        fields = {"answer": int(value) if value == value.to_integral_value() else float(value)}
        if tolerance := cell("tolerance"):
            parsed = arabic.parse_number(tolerance)
            if parsed is None:
                raise _refuse(name, line, _("Line %(line)d: the tolerance is not a number.") % {"line": line})
            fields["tolerance"] = int(parsed) if parsed == parsed.to_integral_value() else float(parsed)
        return fields
    if kind == "true_false":
        word = _normal(answer)
        if word not in _TRUE | _FALSE:
            raise _refuse(name, line, _("Line %(line)d: the answer must be true or false.") % {"line": line}, where)
        return {"answer": word in _TRUE}
    options = [o for o in _LIST_SPLIT.split(cell("options")) if o]
    if len(options) < 2:
        raise _refuse(
            name, line, _("Line %(line)d: list the options in the options column, separated by |.") % {"line": line}
        )
    keyed = [{"key": chr(ord("a") + i) if i < 26 else f"o{i}", "text": o} for i, o in enumerate(options)]
    rights = [a for a in _LIST_SPLIT.split(answer) if a]
    keys = [o["key"] for r in rights for o in keyed if o["text"] == r]
    if len(keys) != len(rights) or not keys:
        raise _refuse(
            name, line, _("Line %(line)d: the answer must be one of the options, as written.") % {"line": line}, where
        )
    if kind == "single":
        return {"options": keyed, "answer": keys[0]}
    return {"options": keyed, "answer": list(dict.fromkeys(keys))}
