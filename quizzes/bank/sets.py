"""Which question sets a person may see or edit, with the counts their pages show.

Staff see and edit every set, as they do in the admin, except a student's own set (`personal`):
that one is seen and edited by its owner only, whoever else asks."""

from django.core.cache import cache
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from ..models import Assignment, Question, QuestionSet, QuestionVersion
from ..questions import study_types

# A student's own sets: the question types they write, and how many sets and questions each may have.
OWN_TYPES = ("flashcard", "short", "single")
MAX_OWN_SETS = 20
MAX_OWN_QUESTIONS = 500


def _own(user):
    """The person's own sets; a student's own set is reached this way only."""
    return Q(personal=True, owner_id=user.pk) if user.is_authenticated else Q(pk__in=[])


def visible_sets(user, *, annotate=True):
    """Public sets, the person's own, and those assigned to their classes.

    Each way in is an EXISTS, not a join: joined, an instructor's class of 1,000 students times
    the set's questions made hundreds of thousands of rows for DISTINCT to fold back.
    """
    as_student = Assignment.objects.filter(
        question_set=OuterRef("pk"), klass__memberships__student=user, klass__memberships__removed_at__isnull=True
    )
    as_instructor = Assignment.objects.filter(question_set=OuterRef("pk"), klass__instructors=user)
    shared = QuestionSet.editors.through.objects.filter(questionset_id=OuterRef("pk"), user_id=user.pk)
    sets = QuestionSet.objects.all()
    if user.is_staff:
        sets = sets.filter(Q(personal=False) | _own(user))
    else:
        sets = sets.filter(
            Q(personal=False)
            & (Q(is_public=True) | Q(owner=user) | Exists(shared) | Exists(as_student) | Exists(as_instructor))
            | _own(user)
        )
    if annotate:
        sets = sets.annotate(question_count=Count("questions", filter=Q(questions__retired_at__isnull=True)))
    return sets.order_by("title")


def visible_set(user, slug, *, annotate=False):
    """The set with this slug if the person may see it, else None. `annotate` adds its live
    question count, as `visible_sets` gives it.

    Same rule as `visible_sets`, checked on one row: the set by its slug, then what its own columns
    decide (a student's own set, a public one, its owner, staff), and only then one plain EXISTS per
    way in through a class or a share, the student's first. Studying asks this on every card, and
    building the single query that folded them all in cost more than running the plain ones.
    """
    found = QuestionSet.objects.all()
    if annotate:
        found = found.annotate(question_count=Count("questions", filter=Q(questions__retired_at__isnull=True)))
    qset = found.filter(slug=slug).first()
    if qset is None:
        return None
    return qset if _may_see(user, qset) else None


def _may_see(user, qset) -> bool:
    if qset.personal:
        return user.is_authenticated and qset.owner_id == user.pk
    if user.is_staff or qset.is_public or (user.is_authenticated and qset.owner_id == user.pk):
        return True
    if not user.is_authenticated:
        return False
    assigned = Assignment.objects.filter(question_set=qset.pk)
    return (
        assigned.filter(klass__memberships__student=user, klass__memberships__removed_at__isnull=True).exists()
        or assigned.filter(klass__instructors=user).exists()
        or QuestionSet.editors.through.objects.filter(questionset_id=qset.pk, user_id=user.pk).exists()
    )


def renamed_set(slug):
    """The set that had `slug` before it was renamed, else None (its old pages redirect)."""
    return QuestionSet.objects.filter(slug_aliases__slug=slug).first()


def set_named(slug, queryset=None):
    """The set with this slug, or the one that had it before a rename, else None."""
    queryset = QuestionSet.objects.all() if queryset is None else queryset
    return queryset.filter(slug=slug).first() or queryset.filter(slug_aliases__slug=slug).first()


def may_edit(user, qset) -> bool:
    """Whether the person may edit the set: its owner, someone it is shared with (`editors`), or
    staff. The person's role does not matter: a student may own or be given a set."""
    if not user.is_authenticated:
        return False
    if qset.personal:
        return qset.owner_id == user.pk
    return user.is_staff or qset.owner_id == user.pk or qset.editors.filter(pk=user.pk).exists()


def may_share(user, qset) -> bool:
    """Whether the person decides who else edits the set: its owner, or staff; nobody for a
    student's own set, which is shared by copying (bank/own_sets.py), never for editing."""
    return user.is_authenticated and not qset.personal and (user.is_staff or qset.owner_id == user.pk)


def editable_by(user):
    """The sets the person may edit (the rule of `may_edit`, as a queryset)."""
    sets = QuestionSet.objects.all()
    if user.is_staff:
        return sets.filter(Q(personal=False) | _own(user))
    return sets.filter(Q(owner=user) | Q(editors=user, personal=False)).distinct()


def assignable_sets(user):
    """The sets an instructor may assign to a class: public sets and those they own or edit; never a
    student's own set, even once its owner has become an instructor."""
    shared = QuestionSet.editors.through.objects.filter(questionset_id=OuterRef("pk"), user_id=user.pk)
    return QuestionSet.objects.filter(Q(is_public=True) | Q(owner=user) | Exists(shared), personal=False).order_by(
        "title"
    )


def own_sets(user):
    """The student's own sets, by title, with their live question count."""
    return (
        QuestionSet.objects.filter(_own(user))
        .annotate(question_count=Count("questions", filter=Q(questions__retired_at__isnull=True)))
        .order_by("title", "pk")
    )


def tags_of(sets):
    """The tags of the sets' live questions: {tag id: set ids}, in one query."""
    pairs = (
        Question.tags.through.objects.filter(
            question__question_set__in=sets.values("pk"), question__retired_at__isnull=True
        )
        .values_list("tag_id", "question__question_set_id")
        .distinct()
    )
    found = {}
    for tag_id, set_id in pairs:
        found.setdefault(tag_id, set()).add(set_id)
    return found


def _order_key(qset):
    return f"study-order:{qset.pk}:{qset.content_revision}"


def study_order(qset):
    """The set's live questions studied on the schedule (not essays, which only quizzes ask), in
    study order, as {question id: current version id}.

    Cached until the set's content revision moves, which every write of its content does.
    """
    return study_orders([qset])[qset.pk]


def study_orders(sets):
    """`study_order` of several sets: {set id: order}, reading those not cached in one query."""
    keys = {_order_key(qset): qset.pk for qset in sets}
    cached = cache.get_many(list(keys))
    orders = {keys[key]: order for key, order in cached.items()}
    missing = [qset for qset in sets if qset.pk not in orders]
    if missing:
        rows = (
            Question.objects.filter(
                question_set__in=[q.pk for q in missing], retired_at__isnull=True, type__in=study_types()
            )
            .order_by("position", "id")
            .values_list("question_set_id", "id", "current_version_id")
        )
        fresh = {qset.pk: {} for qset in missing}
        for set_id, question_id, version_id in rows:
            fresh[set_id][question_id] = version_id
        cache.set_many({_order_key(qset): fresh[qset.pk] for qset in missing}, 3600)
        orders.update(fresh)
    return orders


def version(version_id):
    """A question version by id: versions never change once written, so they cache forever."""
    key = f"question-version:{version_id}"
    found = cache.get(key)
    if found is None:
        found = QuestionVersion.objects.get(pk=version_id)
        cache.set(key, found, 24 * 3600)
    return found


def version_in_set(qset, version_id):
    """`version`, reading every current version of the set in one query when this one is not
    cached: the next card a student is shown then costs no query after the set's first."""
    found = cache.get(f"question-version:{version_id}")
    if found is None:
        wanted = {version_id, *study_order(qset).values()}
        versions = {v.pk: v for v in QuestionVersion.objects.filter(pk__in=wanted)}
        cache.set_many({f"question-version:{pk}": v for pk, v in versions.items()}, 24 * 3600)
        found = versions[version_id]
    return found


def answer_notes(qset, question_id):
    """What the answer side shows of a question: its explanation, and each source's key, document
    title, quote and whether the article's text is attached (to read the quote in context).
    Cached for the whole set, so that one query serves a class studying it, until the set's
    content revision moves (bank/writing.py renews it on every write, attaching a text too)."""
    key = f"answer-notes:{qset.pk}:{qset.content_revision}"
    notes = cache.get(key)
    if notes is None:
        documents = {
            doc: (title, has_text)
            for doc, title, has_text in qset.sources.annotate(
                has_text=ExpressionWrapper(~Q(text=""), output_field=BooleanField())
            ).values_list("key", "title", "has_text")
        }
        notes = {
            qid: {
                "explanation": explanation,
                "sources": [_source_note(source, documents) for source in sources],
            }
            for qid, explanation, sources in qset.questions.values_list("id", "explanation", "sources")
        }
        cache.set(key, notes, 3600)
    return notes.get(question_id, {"explanation": "", "sources": []})


def _source_note(source, documents):
    # A quote whose document the set lacks shows the document's id as its title and no link.
    title, has_text = documents.get(source["doc"], (source["doc"], False))
    return {"key": source["doc"], "title": title, "quote": source["quote"], "has_text": has_text}


def renew_content(qset):
    """Moves the set to a new content revision, so every cache of its questions and sources is
    read afresh (study order, answer notes, source titles)."""
    QuestionSet.objects.filter(pk=qset.pk).update(content_revision=F("content_revision") + 1, updated_at=timezone.now())
    qset.content_revision = QuestionSet.objects.filter(pk=qset.pk).values_list("content_revision", flat=True).get()
