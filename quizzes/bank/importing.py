"""Reading question sets from YAML files into the database, and writing them back out.

Parsing keeps every node's line and column so an error can say exactly where it is; an
import is all or nothing; a question dropped from a file is retired, never deleted.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Question, QuestionSet, QuestionVersion, Source, Tag, content_hash
from ..questions import canonical_question, type_data, validate_question

MAX_FILE_BYTES = 2 * 1024 * 1024
SET_FIELDS = ("slug", "title", "description", "language", "public", "sources", "questions")
# In the order the exporter writes them: `begins` and `ends` bound the article inside `file`.
SOURCE_FIELDS = ("id", "title", "file", "begins", "ends", "outlet", "date")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
EXPORT_WIDTH = 100


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int
    column: int
    question: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}:{self.column}"
        if self.question:
            where += f" [{self.question}]"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class ParsedSet:
    """A whole set as plain values, validated and in canonical form."""

    slug: str
    title: str
    description: str
    language: str
    public: bool
    sources: list
    questions: list
    file_hash: str = ""


@dataclass
class ImportResult:
    slug: str
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    skipped: bool = False


class _Located:
    """Plain values built from YAML nodes, with the (line, column) of every path."""

    def __init__(self, name):
        self.name = name
        self.marks = {}
        self._scalars = yaml.SafeLoader("")

    def build(self, node, path=()):
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self._scalars.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str | int | bool) or key is None:
                    raise self.fail(key_node, _("A key must be plain text."))
                if key in result:
                    raise self.fail(key_node, _("The key “%(key)s” appears twice in one mapping.") % {"key": key})
                self.marks[path + (key, "<key>")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self._scalars.construct_object(node, deep=True)

    def fail(self, node, message, question=""):
        mark = node.start_mark
        return ImportFailed([ImportProblem(self.name, mark.line + 1, mark.column + 1, question, message)])

    def where(self, path):
        """The mark of the deepest part of `path` in the file: a mapping entry by its key."""
        path = tuple(path)
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path + ("<key>",)) or self.marks.get(path, (1, 1))


def read_text(data: bytes, name):
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            [
                ImportProblem(
                    name, 1, 1, "", _("The file is %(size)d bytes; at most 2 MB is accepted.") % {"size": len(data)}
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportFailed(
            [
                ImportProblem(
                    name, line, column, "", _("The file is not UTF-8 text (byte %(byte)d).") % {"byte": exc.start}
                )
            ]
        ) from None


def _refuse_anchors(text, name):
    # Looking at events first refuses alias bombs before any node is built.
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise ImportFailed(
                    [
                        ImportProblem(
                            name,
                            mark.line + 1,
                            mark.column + 1,
                            "",
                            _("Anchors and aliases (& and *) are not allowed."),
                        )
                    ]
                )
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name) from None


def _syntax_error(exc, name):
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = _("YAML syntax error: %(problem)s") % {"problem": exc.problem or exc.context}
    return ImportFailed([ImportProblem(name, line, column, "", message)])


def parse_bytes(data: bytes, name="<upload>") -> ParsedSet:
    """Validates a whole file; raises ImportFailed listing every problem found."""
    text = read_text(data, name)
    _refuse_anchors(text, name)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name) from None
    located = _Located(name)
    if node is None:
        raise ImportFailed([ImportProblem(name, 1, 1, "", _("The file is empty."))])
    raw = located.build(node)
    parsed = _validate_set(raw, located)
    parsed.file_hash = hashlib.sha256(data).hexdigest()
    return parsed


def parse_file(path) -> ParsedSet:
    path = Path(path)
    with path.open("rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    return parse_bytes(data, str(path))


def _validate_set(raw, located):
    problems = []

    def add(path, message, question=""):
        line, column = located.where(path)
        problems.append(ImportProblem(located.name, line, column, question, message))

    if not isinstance(raw, dict):
        add((), _("The file must be a mapping with slug, title, sources and questions."))
        raise ImportFailed(problems)
    for extra in sorted(set(raw) - set(SET_FIELDS), key=str):
        add(
            (extra,),
            _("Unknown key “%(key)s”; the set's keys are: %(keys)s.") % {"key": extra, "keys": ", ".join(SET_FIELDS)},
        )
    slug = raw.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        add(("slug",), _("“slug” must be a lowercase slug such as “csto-basics”."))
    for name in ("title",):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            add((name,), _("“%(field)s” must be non-empty text.") % {"field": name})
    if not isinstance(raw.get("description", ""), str):
        add(("description",), _("“description” must be text."))
    if raw.get("language", "ar") not in ("ar", "en"):
        add(("language",), _("“language” must be “ar” or “en”."))
    if not isinstance(raw.get("public", False), bool):
        add(("public",), _("“public” must be true or false."))

    sources = raw.get("sources")
    source_keys = []
    if not isinstance(sources, list) or not sources:
        add(("sources",), _("“sources” must be a non-empty list of documents."))
        sources = []
    for i, source in enumerate(sources):
        path = ("sources", i)
        if not isinstance(source, dict):
            add(path, _("Each source must be a mapping with id, title and file."))
            continue
        for extra in sorted(set(source) - set(SOURCE_FIELDS), key=str):
            add(path + (extra,), _("Unknown key “%(key)s” in a source.") % {"key": extra})
        for name in ("id", "title", "file"):
            if not isinstance(source.get(name), str) or not source[name].strip():
                add(path + (name,), _("A source needs “%(field)s” as non-empty text.") % {"field": name})
        for name in ("begins", "ends", "outlet", "date"):
            if name in source and (not isinstance(source[name], str) or not source[name].strip()):
                add(path + (name,), _("“%(field)s” must be non-empty text.") % {"field": name})
        for name in SOURCE_FIELDS:
            limit = Source._meta.get_field("key" if name == "id" else name).max_length
            if isinstance(source.get(name), str) and len(source[name]) > limit:
                add(
                    path + (name,),
                    _("“%(field)s” is %(length)d characters long; at most %(limit)d fit.")
                    % {"field": name, "length": len(source[name]), "limit": limit},
                )
        if source.get("id") in source_keys:
            add(path + ("id",), _("The source id “%(id)s” is used twice.") % {"id": source["id"]})
        source_keys.append(source.get("id"))

    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        add(("questions",), _("“questions” must be a non-empty list."))
        questions = []
    seen_ids = {}
    for i, question in enumerate(questions):
        qid = question.get("id") if isinstance(question, dict) else None
        qid_text = qid if isinstance(qid, str) else ""
        for problem in validate_question(question, set(source_keys)):
            add(("questions", i) + problem.path, problem.message, qid_text)
        if isinstance(qid, str):
            if qid in seen_ids:
                add(
                    ("questions", i, "id"),
                    _("Duplicate id “%(id)s”: question %(first)d already uses it.")
                    % {"id": qid, "first": seen_ids[qid] + 1},
                    qid,
                )
            else:
                seen_ids[qid] = i
    if problems:
        problems.sort(key=lambda p: (p.line, p.column))
        raise ImportFailed(problems)
    return ParsedSet(
        slug=slug,
        title=raw["title"],
        description=raw.get("description", ""),
        language=raw.get("language", "ar"),
        public=raw.get("public", False),
        sources=[{k: s[k] for k in SOURCE_FIELDS if k in s} for s in sources],
        questions=[canonical_question(q) for q in questions],
    )


@transaction.atomic
def import_set(parsed: ParsedSet, owner=None) -> ImportResult:
    """Creates or updates a set from parsed data, keeping progress on surviving question ids."""
    qset, created = QuestionSet.objects.select_for_update().get_or_create(
        slug=parsed.slug, defaults={"title": parsed.title}
    )
    qset.title = parsed.title
    qset.description = parsed.description
    qset.language = parsed.language
    qset.is_public = parsed.public
    qset.source_hash = parsed.file_hash
    if owner is not None:
        qset.owner = owner
    qset.save()

    keep = []
    for position, source in enumerate(parsed.sources):
        Source.objects.update_or_create(
            question_set=qset,
            key=source["id"],
            defaults={
                "title": source["title"],
                "file": source["file"],
                "begins": source.get("begins", ""),
                "ends": source.get("ends", ""),
                "outlet": source.get("outlet", ""),
                "date": source.get("date", ""),
                "position": position,
            },
        )
        keep.append(source["id"])
    qset.sources.exclude(key__in=keep).delete()

    result = ImportResult(slug=qset.slug)
    existing = {q.key: q for q in qset.questions.select_related("current_version").prefetch_related("tags")}
    tags = _tags_by_name({t for q in parsed.questions for t in q["tags"]})
    for position, data in enumerate(parsed.questions):
        question = existing.pop(data["id"], None)
        outcome = _save_question(qset, question, data, position, tags)
        getattr(result, outcome).append(data["id"])
    now = timezone.now()
    for question in existing.values():
        if question.retired_at is None:
            question.retired_at = now
            question.save(update_fields=["retired_at", "updated_at"])
            result.retired.append(question.key)
    return result


def _tags_by_name(names):
    found = {t.name: t for t in Tag.objects.filter(name__in=names)}
    for name in sorted(set(names) - set(found)):
        found[name] = Tag.objects.create(name=name)
    return found


def _save_question(qset, question, data, position, tags):
    own = type_data(data)
    fields = {
        "type": data["type"],
        "prompt": data["prompt"],
        "explanation": data["explanation"],
        "data": own,
        "sources": data["sources"],
        "position": position,
        "retired_at": None,
    }
    if question is None:
        question = Question.objects.create(question_set=qset, key=data["id"], **fields)
        outcome = "created"
    else:
        before = {f: getattr(question, f) for f in fields}
        before_tags = sorted(t.name for t in question.tags.all())
        if before == fields and before_tags == sorted(data["tags"]):
            return "unchanged"
        for name, value in fields.items():
            setattr(question, name, value)
        question.save()
        outcome = "updated"
    question.tags.set([tags[name] for name in data["tags"]])
    record_version(question)
    return outcome


def record_version(question):
    """Adds a QuestionVersion when what is graded changed since the current one."""
    content = question.graded_content()
    digest = content_hash(content)
    current = question.current_version
    if current is not None and current.content_hash == digest:
        return current
    number = (current.number + 1) if current else 1
    version = QuestionVersion.objects.create(question=question, number=number, content_hash=digest, **content)
    question.current_version = version
    question.save(update_fields=["current_version"])
    return version


def export_set(qset) -> str:
    """The YAML text of a set, in the same format the importer reads."""
    document = {"slug": qset.slug, "title": qset.title}
    if qset.description:
        document["description"] = qset.description
    document["language"] = qset.language
    document["public"] = qset.is_public
    document["sources"] = []
    for source in qset.sources.all():
        entry = {"id": source.key, "title": source.title, "file": source.file}
        for name in ("begins", "ends", "outlet", "date"):
            if getattr(source, name):
                entry[name] = getattr(source, name)
        document["sources"].append(entry)
    questions = qset.questions.filter(retired_at__isnull=True).prefetch_related("tags").order_by("position")
    document["questions"] = [
        canonical_question(
            {
                "id": q.key,
                "type": q.type,
                "prompt": q.prompt,
                **q.data,
                "explanation": q.explanation,
                "tags": [t.name for t in q.tags.all()],
                "sources": q.sources,
            }
        )
        for q in questions
    ]
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=EXPORT_WIDTH)
