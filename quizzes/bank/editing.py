"""Which sets a person may edit, with what an instructor's list of them shows; creating a set,
its settings, its articles and whom its owner shares it with."""

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from ..arabic import latin_slug
from ..models import SLUG_RE, CardState, QuestionSet, SetSlugAlias, Source, Tag, User
from ..questions import ID_RE, TYPES, canonical_question, check_image, own_data, type_data
from ..questions.base import MAX_EDITOR_ROWS, Problems, check_text, editor_rows, first_value
from ..refusals import Refused
from . import writing
from .importing import stored_question
from .sets import editable_by, renew_content


def editable_sets(user):
    """The sets this person may edit (their own, those shared with them, every set for staff),
    with their live question count, the classes using them and their last edit, in one query."""
    return (
        QuestionSet.objects.filter(pk__in=editable_by(user).values("pk"))
        .annotate(
            question_count=Count("questions", filter=Q(questions__retired_at__isnull=True), distinct=True),
            class_count=Count("assignments", distinct=True),
            last_edit=Max("questions__updated_at"),
        )
        .order_by("title")
    )


def questions_of(qset, *, type="", tag="", source="", q=""):
    """The set's questions in order (retired ones last), filtered as an author narrows the list,
    with their tags, version counts and open problem reports, in two queries."""
    questions = qset.questions.all()
    if type:
        questions = questions.filter(type=type)
    if tag:
        questions = questions.filter(tags__name=tag)
    if q:
        questions = questions.filter(Q(prompt__icontains=q) | Q(key__icontains=q) | Q(explanation__icontains=q))
    questions = questions.annotate(
        version_count=Count("versions", distinct=True),
        open_reports=Count("problem_reports", filter=Q(problem_reports__resolved_at__isnull=True), distinct=True),
    ).prefetch_related("tags")
    result = sorted(questions, key=lambda question: (question.retired_at is not None, question.position))
    if source:
        # Sources are a JSON list per question, which SQLite cannot search inside: filtered here,
        # over one set's questions.
        result = [question for question in result if any(s.get("doc") == source for s in question.sources)]
    return result


def tags_of(qset):
    return list(
        Tag.objects.filter(questions__question_set=qset).values_list("name", flat=True).distinct().order_by("name")
    )


class SetRefused(Refused, ValueError):
    """A change to a set's settings or sharing that cannot be made; the message says why."""


def slug_taken(slug, *, qset=None):
    """Whether `slug` names a set, or once named one (an old address that redirects), other than `qset`."""
    sets = QuestionSet.objects.filter(slug=slug)
    aliases = SetSlugAlias.objects.filter(slug=slug)
    if qset is not None:
        sets, aliases = sets.exclude(pk=qset.pk), aliases.exclude(question_set=qset)
    return sets.exists() or aliases.exists()


def slug_for_title(title):
    """A free slug spelling the title in Latin letters (Arabic transliterated), with -2, -3… when
    taken; a short opaque id when the title leaves nothing usable."""
    base = latin_slug(title, max_length=50)
    if not SLUG_RE.match(base):
        base = ""
    for n in range(1, 50):
        slug = (base if n == 1 else f"{base}-{n}") if base else f"set-{secrets.token_hex(4)}"
        if not slug_taken(slug):
            return slug
    return f"{base}-{secrets.token_hex(4)}"


def create_set(owner, *, title, slug="", description="", language="ar", is_public=False, requires_sources=False):
    """A new, empty set owned by `owner`, its slug made from the title when none is given;
    SetRefused when the slug given is taken (even a moment ago)."""
    chosen = slug or slug_for_title(title)
    try:
        if slug and slug_taken(slug):
            raise IntegrityError
        with transaction.atomic():
            return QuestionSet.objects.create(
                slug=chosen,
                title=title,
                description=description,
                language=language,
                is_public=is_public,
                requires_sources=requires_sources,
                owner=owner,
            )
    except IntegrityError:
        raise SetRefused(
            _("A set with the slug “%(slug)s” already exists: choose another.") % {"slug": chosen}
        ) from None


def update_settings(qset, *, title, description, language, is_public, requires_sources, slug=""):
    """Saves the set's settings; a new slug keeps the old one as an alias whose pages redirect
    (and which an uploaded file naming it still updates), and SetRefused when another set has,
    or had, the slug."""
    fields = ["title", "description", "language", "is_public", "requires_sources", "updated_at"]
    old_slug = qset.slug
    refused = _("A set with the slug “%(slug)s” already exists: choose another.") % {"slug": slug}
    try:
        with transaction.atomic():
            if slug and slug != old_slug:
                if slug_taken(slug, qset=qset):
                    raise SetRefused(refused)
                # Taking back a slug the set had before: it is its own address again.
                SetSlugAlias.objects.filter(slug=slug, question_set=qset).delete()
                SetSlugAlias.objects.create(slug=old_slug, question_set=qset)
                qset.slug = slug
                fields.append("slug")
            qset.title, qset.description, qset.language = title, description, language
            qset.is_public, qset.requires_sources = is_public, requires_sources
            qset.save(update_fields=fields)
    except IntegrityError:
        qset.slug = old_slug
        raise SetRefused(refused) from None


def add_source(qset, *, key, title):
    """A new article the set's questions may cite, its text to be attached on the articles page."""
    if qset.sources.filter(key=key).exists():
        raise SetRefused(_("The set already has an article with the id “%(key)s”.") % {"key": key})
    position = (qset.sources.aggregate(last=Max("position"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            source = Source.objects.create(
                question_set=qset, key=key, title=title, file=f"{key}.txt", position=position
            )
    except IntegrityError:
        raise SetRefused(_("The set already has an article with the id “%(key)s”.") % {"key": key}) from None
    renew_content(qset)
    return source


def editors_of(qset):
    return list(qset.editors.order_by("username"))


def share_set(qset, username):
    """Lets the instructor `username` edit the set; SetRefused names why not."""
    user = User.objects.filter(username=username).prefetch_related("groups").first()
    if user is None or not user.is_instructor:
        raise SetRefused(_("No instructor has the username “%(name)s”.") % {"name": username})
    if user.pk == qset.owner_id:
        raise SetRefused(_("You own this set already."))
    qset.editors.add(user)
    return user


def unshare_set(qset, user_id):
    """Takes the set back from an instructor it was shared with; False if it was not shared."""
    return bool(QuestionSet.editors.through.objects.filter(questionset_id=qset.pk, user_id=user_id).delete()[0])


def new_key(qset, raw, *, existing=None, exclude=frozenset()):
    """A key for a new question from its prompt's Latin words (or its type), free in the set.

    A key already holding the very same question is taken again, so a form sent twice writes once.
    `existing` ({key: question} with tags prefetched) saves a query per question for many at once;
    `exclude` holds keys already given to other new questions of the same batch.
    """
    from django.utils.text import slugify

    base = slugify(str(raw.get("prompt", "")))[:40].strip("-") or str(raw.get("type", "q"))
    if not ID_RE.match(base):
        base = "q"
    if existing is None:
        taken = {q.key: q for q in qset.questions.filter(key__startswith=base).prefetch_related("tags")}
    else:
        taken = {key: q for key, q in existing.items() if key.startswith(base)}
    for n in range(1, len(taken) + len(exclude) + 2):
        key = base if n == 1 else f"{base}-{n}"
        if key in exclude:
            continue
        question = taken.get(key)
        if question is None:
            return key
        try:
            stored, wanted = stored_question(question), canonical_question({**raw, "id": key})
            same = {**stored, "tags": sorted(stored["tags"])} == {**wanted, "tags": sorted(wanted["tags"])}
        except (AttributeError, KeyError, TypeError, ValueError):
            same = False
        if same:
            return key
    raise AssertionError("unreachable: one of the keys tried is free")


def graded_content_changed(question, raw) -> bool:
    """Whether saving `raw` (valid) changes how the question is graded: its type or type data, not
    only its wording around them (prompt, explanation, sources, tags)."""
    data = canonical_question(raw)
    return data["type"] != question.type or own_data(type_data(data)) != own_data(question.data)


def studied_by(question) -> int:
    """How many students have a card for the question."""
    return CardState.objects.filter(question=question).count()


@transaction.atomic
def save_edit(qset, raw, *, author, position=None):
    """Saves a question from the editor through the one write path (resetting the students'
    progress is study's write, study/recording.py's `reset_progress`)."""
    return writing.save_question(qset, raw, author=author, position=position)


_TAG_SPLIT = re.compile(r"[,،]")


def question_from_editor(form, *, type_name, key):
    """A question mapping, keyed as in the YAML, from the editor's form (name to list of strings):
    the shared fields here, the type's own from its module. Not validated."""
    raw = {"id": key, "type": type_name, "prompt": first_value(form, "prompt").strip()}
    if image := first_value(form, "image").strip():
        raw["image"] = image
    raw.update(TYPES[type_name].data_from_editor(form))
    raw["explanation"] = first_value(form, "explanation").strip()
    raw["tags"] = [tag.strip() for tag in _TAG_SPLIT.split(first_value(form, "tags")) if tag.strip()]
    raw["sources"] = [
        {"doc": row["doc"], "quote": row["quote"]}
        for row in editor_rows(form, "source", ("doc", "quote"))
        if row["doc"] or row["quote"]
    ]
    return raw


def editor_fields(raw, *, add=""):
    """What the editor form shows for a question mapping: the shared fields and the type's own,
    with one blank row more in the list named `add` (as the author's "add" button asks)."""
    qtype = TYPES[raw["type"]]
    fields = qtype.editor_fields(own_data(type_data(raw)))
    fields["prompt"] = raw.get("prompt", "")
    fields["image"] = raw.get("image", "")
    fields["explanation"] = raw.get("explanation", "")
    fields["tags"] = "، ".join(raw.get("tags", []))
    fields["sources"] = [dict(s) for s in raw.get("sources", []) if isinstance(s, dict)] or [{"doc": "", "quote": ""}]
    if add == "sources":
        fields["sources"].append({"doc": "", "quote": ""})
    elif add in qtype.editor_lists and len(fields.get(add, [])) < MAX_EDITOR_ROWS:
        fields[add] = [*fields.get(add, []), dict(qtype.editor_lists[add])]
    return fields


def blank_question(type_name):
    return {"id": "", "type": type_name, "prompt": "", "explanation": "", "tags": [], "sources": []}


@dataclass(frozen=True)
class FieldProblem:
    """A problem as the editor shows it: by the label of its field on the form, in the author's
    language («Source 2 — Quote»), never by its YAML path; `path` places it beside its field."""

    path: tuple
    message: str
    label: str


def field_problems(problems, type_name) -> list[FieldProblem]:
    """The problems of a question for its editor form: each YAML name a message quotes (“quote”)
    is replaced by the label of its field."""
    qtype = TYPES.get(type_name)
    shown = []
    for problem in problems:
        path = tuple(problem.path)
        label = qtype.field_label(path) if qtype else ""
        message = problem.message
        for name in {part for part in path if isinstance(part, str)}:
            field = qtype.field_label((name,)) if qtype else name
            for opening, closing in (("“", "”"), ("«", "»")):
                message = message.replace(f"{opening}{name}{closing}", f"{opening}{field}{closing}")
        shown.append(FieldProblem(path, message, label))
    return shown


def preview_problems(raw) -> list:
    """What keeps a question from being shown: its prompt and its type's own checks (sources and
    quotes matter when it is saved, not to see it)."""
    problems = Problems(writing.storable_problems(raw))
    if problems:
        return problems
    check_text(raw, "prompt", problems)
    if raw.get("image"):
        check_image(raw, problems)
    TYPES[raw["type"]].validate(own_data(type_data(raw)), problems)
    return problems


def preview_data(raw) -> dict:
    """The type data a student's card would show and grade if `raw` (without preview problems) were
    saved: its canonical form, as writing stores it, through the same JSON the database keeps."""
    data = type_data(canonical_question({**raw, "id": "preview", "sources": []}))
    return json.loads(json.dumps(data))


def preview_digest(data, seed) -> str:
    """A short mark of the type data a preview was drawn from with `seed`: a try on a question
    changed since its preview (a row added or removed renames the others' keys) is not graded."""
    text = json.dumps([data, seed], sort_keys=True, ensure_ascii=False)
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()[:16]
