"""Reading question sets from YAML files into the database, and writing them back out.

Parsing keeps every node's line and column so an error can say exactly where it is; an
import is all or nothing; a question dropped from a file is retired, never deleted.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import SLUG_RE, QuestionSet, Source
from ..questions import canonical_question, image_refs
from .sets import may_edit, set_named
from .sources import quote_problems
from .writing import (
    MAX_NUMBER,
    record_version,  # noqa: F401 - where the benchmark and older tests find it
    renew_content,
    retire_question,
    storable_problems,
    tags_by_name,
    validate,
    write_question,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
# A set is nested five deep (set, questions, question, options, option); building nodes recurses.
MAX_DEPTH = 20
SET_FIELDS = ("slug", "title", "description", "language", "public", "cite", "sources", "questions")
# In the order the exporter writes them: `begins` and `ends` bound the article inside `file`.
SOURCE_FIELDS = ("id", "title", "file", "begins", "ends", "outlet", "date")
EXPORT_WIDTH = 100
MERGE_TAG = "tag:yaml.org,2002:merge"
# What the import preview calls each key of the file, in the author's language.
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "language": gettext_lazy("Language"),
    "public": gettext_lazy("Public"),
    "type": gettext_lazy("Question type"),
    "prompt": gettext_lazy("Question"),
    "options": gettext_lazy("Options"),
    "answer": gettext_lazy("Answer"),
    "answers": gettext_lazy("Accepted answers"),
    "explanation": gettext_lazy("Explanation"),
    "sources": gettext_lazy("Sources"),
    "tags": gettext_lazy("Tags"),
    "position": gettext_lazy("Place in the set"),
    "feedback": gettext_lazy("Why this option"),
    "feedback_true": gettext_lazy("To who answers true"),
    "feedback_false": gettext_lazy("To who answers false"),
    "key": gettext_lazy("Key"),
    "left": gettext_lazy("Left"),
    "right": gettext_lazy("Right-hand side"),
    "doc": gettext_lazy("Document"),
    "quote": gettext_lazy("Quote"),
    "variants": gettext_lazy("Variants"),
    "items": gettext_lazy("Items"),
    "pairs": gettext_lazy("Pairs"),
    "text": gettext_lazy("Text"),
    "gaps": gettext_lazy("Gaps"),
    "back": gettext_lazy("Back of the card"),
    "tolerance": gettext_lazy("Tolerance"),
    "file": gettext_lazy("File"),
    "image": gettext_lazy("Image"),
    "begins": gettext_lazy("Article begins"),
    "ends": gettext_lazy("Article ends"),
    "outlet": gettext_lazy("Outlet"),
    "date": gettext_lazy("Date"),
}


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
    # Whether every question must cite a source (`cite`; off for a file from another tool).
    cite: bool = False
    file_hash: str = ""
    # The file's name and where its slug is, for a refusal that concerns the whole set.
    name: str = "<upload>"
    slug_mark: tuple = (1, 1)
    # Where each quote stands in the file, by (question id, index of the source).
    quote_marks: dict = field(default_factory=dict)
    # Where each picture is named, by (question id, its path in the question).
    image_marks: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    slug: str
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    skipped: bool = False


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, reading an unquoted date such as 2022-01-07 as the text it is."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Located:
    """Plain values built from YAML nodes, with the (line, column) of every path."""

    def __init__(self, name):
        self.name = name
        self.marks = {}
        self._scalars = _Loader("")

    def build(self, node, path=()):
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                if key_node.tag == MERGE_TAG:
                    raise self.fail(key_node, _("Merge keys (<<) are not allowed: write each key out."))
                key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str | int | bool) or key is None:
                    raise self.fail(key_node, _("A key must be plain text."))
                if key in result:
                    raise self.fail(key_node, _("The key “%(key)s” appears twice in one mapping.") % {"key": key})
                self.marks[path + (key, "<key>")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node):
        try:
            return self._scalars.construct_object(node, deep=True)
        except ValueError:
            # Python refuses to read an integer of thousands of digits.
            message = _("The number is too large: at most %(max)s is accepted.") % {"max": f"{MAX_NUMBER:,}"}
            raise self.fail(node, message) from None
        except yaml.constructor.ConstructorError:
            raise self.fail(node, _("The tag “%(tag)s” is not allowed.") % {"tag": node.tag}) from None

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


def _refuse_anchors_and_depth(text, name):
    # Looking at events first refuses alias bombs and deep nesting before any node is built.
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    message = _("The file is nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}
                    raise ImportFailed([ImportProblem(name, mark.line + 1, mark.column + 1, "", message)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
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
    _refuse_anchors_and_depth(text, name)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name) from None
    located = _Located(name)
    if node is None:
        raise ImportFailed([ImportProblem(name, 1, 1, "", _("The file is empty."))])
    raw = located.build(node)
    parsed = _validate_set(raw, located)
    parsed.file_hash = hashlib.sha256(data).hexdigest()
    parsed.name = name
    parsed.slug_mark = located.where(("slug",))
    for i, question in enumerate(parsed.questions):
        for j in range(len(question["sources"])):
            parsed.quote_marks[(question["id"], j)] = located.where(("questions", i, "sources", j, "quote"))
        for path, _ref in image_refs(question):
            parsed.image_marks[(question["id"], path)] = located.where(("questions", i, *path))
    return parsed


def parse_raw(raw, name, marks=None, *, file_hash="") -> ParsedSet:
    """Validates a set read from another tool's file, given as the plain values a YAML file would
    hold; `marks` maps a path such as ("questions", 3) to the (line, column) it came from."""
    located = _Located(name)
    located.marks = dict(marks or {})
    parsed = _validate_set(raw, located)
    parsed.file_hash = file_hash
    parsed.name = name
    parsed.slug_mark = located.where(("slug",))
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
    # What the database cannot keep is refused first, whatever its place in the file.
    for problem in storable_problems(raw):
        questions = raw.get("questions")
        path = problem.path
        qid = ""
        if path[:1] == ("questions",) and len(path) > 1 and isinstance(questions, list):
            question = questions[path[1]]
            qid = question.get("id", "") if isinstance(question, dict) else ""
        add(path, problem.message, qid if isinstance(qid, str) else "")
    if problems:
        raise ImportFailed(problems)
    for extra in sorted(set(raw) - set(SET_FIELDS), key=str):
        add(
            (extra,),
            _("Unknown key “%(key)s”; the set's keys are: %(keys)s.") % {"key": extra, "keys": ", ".join(SET_FIELDS)},
        )
    slug = raw.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        add(("slug",), _("“slug” must be a lowercase slug such as “csto-basics”."))
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        add(("title",), _("“%(field)s” must be non-empty text.") % {"field": "title"})
    elif len(title) > (limit := QuestionSet._meta.get_field("title").max_length):
        add(
            ("title",),
            _("“%(field)s” is %(length)d characters long; at most %(limit)d fit.")
            % {"field": "title", "length": len(title), "limit": limit},
        )
    if not isinstance(raw.get("description", ""), str):
        add(("description",), _("“description” must be text."))
    if raw.get("language", "ar") not in ("ar", "en"):
        add(("language",), _("“language” must be “ar” or “en”."))
    if not isinstance(raw.get("public", False), bool):
        add(("public",), _("“public” must be true or false."))
    cite = raw.get("cite", False)
    if not isinstance(cite, bool):
        add(("cite",), _("“cite” must be true or false."))
        cite = False

    sources = raw.get("sources", [])
    source_keys = []
    if not isinstance(sources, list) or (cite and not sources):
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
        # Only a source with an id can be cited: one without is refused above, never listed.
        if not isinstance(source.get("id"), str):
            continue
        if source["id"] in source_keys:
            add(path + ("id",), _("The source id “%(id)s” is used twice.") % {"id": source["id"]})
        source_keys.append(source["id"])

    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        add(("questions",), _("“questions” must be a non-empty list."))
        questions = []
    seen_ids = {}
    for i, question in enumerate(questions):
        qid = question.get("id") if isinstance(question, dict) else None
        qid_text = qid if isinstance(qid, str) else ""
        for problem in validate(question, source_keys, cite=cite):
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
        cite=cite,
        sources=[{k: s[k] for k in SOURCE_FIELDS if k in s} for s in sources],
        questions=[canonical_question(q) for q in questions],
    )


def _create_set(parsed, owner):
    """A new set for the import; refused, not a server error, when another import of the same
    new slug committed first."""
    try:
        with transaction.atomic():
            return QuestionSet.objects.create(slug=parsed.slug, title=parsed.title, owner=owner)
    except IntegrityError:
        message = _("A set “%(slug)s” was created by someone else a moment ago: nothing was imported.")
        raise ImportFailed(
            [ImportProblem(parsed.name, *parsed.slug_mark, "", message % {"slug": parsed.slug})]
        ) from None


def import_set(parsed: ParsedSet, owner=None, *, editor=None, attach=None) -> ImportResult:
    """Creates or updates a set from parsed data, keeping progress on surviving question ids.

    `owner` owns the set if the import creates it (or it has none); an existing set keeps its
    owner. `editor`, when given, is who imports: refused with ImportFailed unless they may edit
    the set (its owner, an instructor it is shared with, or staff). `attach(qset)`, when given,
    adds what came with the file (a zip's article texts and pictures) once the sources are
    written and before the quotes and pictures are checked.
    """
    # The long part, validating the file, happened in parse_bytes, before any lock is taken.
    with transaction.atomic():
        # A file naming a set by the slug it had before a rename still updates it.
        qset = set_named(parsed.slug, QuestionSet.objects.select_for_update(no_key=True, of=("self",)))
        if qset is None:
            qset = _create_set(parsed, owner or editor)
        elif editor is not None and not may_edit(editor, qset):
            raise ImportFailed(
                [
                    ImportProblem(
                        parsed.name,
                        *parsed.slug_mark,
                        "",
                        _("You may not edit the set “%(slug)s”: nothing was imported.") % {"slug": parsed.slug},
                    )
                ]
            )
        if qset.owner_id is None and (owner or editor) is not None:
            qset.owner = owner or editor
        qset.title = parsed.title
        qset.description = parsed.description
        qset.language = parsed.language
        qset.is_public = parsed.public
        qset.requires_sources = parsed.cite
        qset.source_hash = parsed.file_hash
        # The slug (a key other rows may point at) is never written, so the lock stays NO KEY.
        qset.save(
            update_fields=[
                "title",
                "description",
                "language",
                "is_public",
                "requires_sources",
                "source_hash",
                "owner",
                "updated_at",
            ]
        )

        keep = []
        bounds = {s.key: (s.file, s.begins, s.ends) for s in qset.sources.all()}
        for position, source in enumerate(parsed.sources):
            moved = bounds.get(source["id"]) != (source["file"], source.get("begins", ""), source.get("ends", ""))
            Source.objects.update_or_create(
                question_set=qset,
                key=source["id"],
                # An article moved to other bounds loses its stored text until it is attached again.
                defaults={
                    **({"text": ""} if moved else {}),
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
        if attach is not None:
            attach(qset)

        _check_quotes(parsed, qset)
        check_images(parsed, {str(u) for u in qset.images.values_list("uuid", flat=True)})
        tags = tags_by_name({t for q in parsed.questions for t in q["tags"]})
        result = ImportResult(slug=qset.slug)
        existing = {q.key: q for q in qset.questions.select_related("current_version").prefetch_related("tags")}
        for position, data in enumerate(parsed.questions):
            question = existing.pop(data["id"], None)
            saved = write_question(qset, question, data, position, tags, author=editor or owner)
            getattr(result, saved.outcome).append(data["id"])
        now = timezone.now()
        for question in existing.values():
            # Through the one write path, as the editor's "Retire" goes.
            if question.retired_at is None and retire_question(question, now=now):
                result.retired.append(question.key)
        renew_content(qset)
    return result


def _check_quotes(parsed, qset):
    """Every quote must stand in its article, where the article's text is attached: refused,
    with the closest passage, before any question is written."""
    texts = dict(qset.sources.exclude(text="").values_list("key", "text"))
    problems = []
    for question in parsed.questions:
        for problem in quote_problems(question, texts):
            line, column = parsed.quote_marks.get((question["id"], problem.path[1]), (1, 1))
            problems.append(ImportProblem(parsed.name, line, column, question["id"], problem.message))
    if problems:
        raise ImportFailed(problems)


def check_images(parsed, known):
    """Every picture a question names must be an image of the set (`known`, uuids as text):
    refused otherwise, by file and line, before any question is written."""
    problems = []
    for question in parsed.questions:
        for path, ref in image_refs(question):
            if ref not in known:
                line, column = parsed.image_marks.get((question["id"], path), (1, 1))
                message = _("The image “%(id)s” is not one of this set's images.") % {"id": ref}
                problems.append(ImportProblem(parsed.name, line, column, question["id"], message))
    if problems:
        raise ImportFailed(problems)


@dataclass
class ImportPlan:
    """What importing a file would change in its set, computed without writing anything.

    `changed` maps a question id to {field: (before, after)}; `set_fields` the same for the set's
    own fields; sources are listed by id.
    """

    slug: str
    new_set: bool
    added: list = field(default_factory=list)
    changed: dict = field(default_factory=dict)
    restored: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    set_fields: dict = field(default_factory=dict)
    sources_added: list = field(default_factory=list)
    sources_changed: dict = field(default_factory=dict)
    sources_removed: list = field(default_factory=list)
    # Each question's prompt by id: the preview names questions by their words, never their ids.
    prompts: dict = field(default_factory=dict)

    def named(self, ids):
        return [self.prompts.get(key, key) for key in ids]

    @property
    def has_changes(self):
        return bool(
            self.new_set
            or self.added
            or self.changed
            or self.restored
            or self.retired
            or self.set_fields
            or self.sources_added
            or self.sources_changed
            or self.sources_removed
        )


def _differences(before, after):
    return {
        name: (before.get(name), after.get(name)) for name in {**before, **after} if before.get(name) != after.get(name)
    }


def plan_import(parsed: ParsedSet, qset=None) -> ImportPlan:
    """What `import_set(parsed)` would do to `qset` (None: the set is new): questions added,
    changed (field by field), restored, retired and unchanged. Reads only."""
    plan = ImportPlan(slug=parsed.slug, new_set=qset is None)
    plan.prompts = {q["id"]: q["prompt"] for q in parsed.questions}
    if qset is None:
        plan.added = [q["id"] for q in parsed.questions]
        plan.sources_added = [s["id"] for s in parsed.sources]
        return plan
    now_set = {
        "title": qset.title,
        "description": qset.description,
        "language": qset.language,
        "public": qset.is_public,
        "cite": qset.requires_sources,
    }
    new_set = {
        "title": parsed.title,
        "description": parsed.description,
        "language": parsed.language,
        "public": parsed.public,
        "cite": parsed.cite,
    }
    plan.set_fields = _differences(now_set, new_set)
    stored_sources = {s.key: _stored_source(s) for s in qset.sources.all()}
    for source in parsed.sources:
        before = stored_sources.pop(source["id"], None)
        if before is None:
            plan.sources_added.append(source["id"])
        elif differences := _differences(before, source):
            plan.sources_changed[source["id"]] = differences
    plan.sources_removed = list(stored_sources)
    stored = {q.key: q for q in qset.questions.prefetch_related("tags").order_by("position", "id")}
    places = _moved_places(stored, parsed.questions)
    for data in parsed.questions:
        question = stored.pop(data["id"], None)
        if question is None:
            plan.added.append(data["id"])
            continue
        differences = _differences(stored_question(question), data)
        if question.retired_at is not None:
            plan.restored.append(data["id"])
        if differences:
            plan.changed[data["id"]] = differences
        elif question.retired_at is None:
            if data["id"] in places:
                plan.changed[data["id"]] = {"position": places[data["id"]]}
            else:
                plan.unchanged.append(data["id"])
    plan.retired = [key for key, q in stored.items() if q.retired_at is None]
    plan.prompts.update({key: stored[key].prompt for key in plan.retired})
    return plan


def _moved_places(stored, questions):
    """{id: (place before, place after)}, counted from 1, for the live questions whose order among
    those both in the set and in the file changed: a question added, retired or retired earlier
    (a gap in the positions) moves no other."""
    in_file = [q["id"] for q in questions]
    kept = set(in_file) & {key for key, q in stored.items() if q.retired_at is None}
    before = [key for key in stored if key in kept]
    after = [key for key in in_file if key in kept]
    return {key: (before.index(key) + 1, i + 1) for i, key in enumerate(after) if before[i] != key}


def field_label(name):
    """The name an author reads for a field of the file (a set's, a question's, a source's)."""
    return FIELD_LABELS.get(name, name)


def shown_value(value):
    """A value of the file as the preview prints it: text as it is, a list or mapping as YAML."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return yaml.safe_dump(value, allow_unicode=True).removesuffix("\n...\n").strip()
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=EXPORT_WIDTH).strip()


def change_rows(changes):
    """{field: (before, after)} of a plan as rows the preview shows, down to the entry that changed
    (one option's text, not the whole list): its path as translated labels, both values as text,
    and whether they are text or YAML (which reads left to right)."""
    rows = []
    for name, (before, after) in changes.items():
        for path, old, new in _changed_parts((name,), before, after):
            labels = [str(field_label(p)) if isinstance(p, str) else str(p + 1) for p in path]
            structured = not all(isinstance(v, str | None) for v in (old, new))
            rows.append(
                {
                    "name": ".".join(map(str, path)),
                    "label": " › ".join(labels),
                    "before": shown_value(old),
                    "after": shown_value(new),
                    "structured": structured,
                }
            )
    return rows


def _changed_parts(path, before, after):
    """(path, before, after) of each part that differs, descending into mappings and into lists
    that kept their length."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            yield from _changed_parts((*path, key), before.get(key), after.get(key))
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for i, (old, new) in enumerate(zip(before, after, strict=True)):
            yield from _changed_parts((*path, i), old, new)
    elif before != after:
        yield path, before, after


def _stored_source(source):
    entry = {"id": source.key, "title": source.title, "file": source.file}
    for name in ("begins", "ends", "outlet", "date"):
        if getattr(source, name):
            entry[name] = getattr(source, name)
    return entry


def stored_question(question):
    """A stored question in the canonical form the importer reads and the exporter writes."""
    return canonical_question(
        {
            "id": question.key,
            "type": question.type,
            "prompt": question.prompt,
            **question.data,
            "explanation": question.explanation,
            "tags": [t.name for t in question.tags.all()],
            "sources": question.sources,
        }
    )


EXPORT_CACHE_SECONDS = 3600


def export_set(qset) -> str:
    """The YAML text of a set, in the same format the importer reads.

    Kept until the set's content revision moves (every write of its questions and sources renews
    it) or its own fields change: writing hundreds of questions as YAML takes a large set's
    instructor most of a second, every download."""
    own = repr((qset.slug, qset.title, qset.description, qset.language, qset.is_public, qset.requires_sources))
    key = f"set-export:{qset.pk}:{qset.content_revision}:{hashlib.sha256(own.encode()).hexdigest()[:16]}"
    text = cache.get(key)
    if text is None:
        text = yaml.safe_dump(export_document(qset), allow_unicode=True, sort_keys=False, width=EXPORT_WIDTH)
        cache.set(key, text, EXPORT_CACHE_SECONDS)
    return text


def export_document(qset) -> dict:
    """A set as the plain values its YAML holds: what every exporter writes from."""
    document = {"slug": qset.slug, "title": qset.title}
    if qset.description:
        document["description"] = qset.description
    document["language"] = qset.language
    document["public"] = qset.is_public
    if qset.requires_sources:
        document["cite"] = True
    document["sources"] = [_stored_source(source) for source in qset.sources.all()]
    questions = qset.questions.filter(retired_at__isnull=True).prefetch_related("tags").order_by("position")
    document["questions"] = [stored_question(q) for q in questions]
    return document
