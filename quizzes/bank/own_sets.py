"""A student's own sets: made within limits, shared by links that a classmate opens to get a copy
of their own, revoked by the owner, and deleted.

Sharing copies rather than subscribes: the classmate's copy is theirs to study, edit and keep,
whatever the owner later changes, deletes or revokes, and the owner's set stays seen by its owner
alone (bank/sets.py). The copy is made as a set's zip is imported, through the one write path,
pictures and article texts included."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import QuestionSet, SetLink, User
from ..refusals import RefusedFor
from . import bundles, images
from .banks import free_slug
from .editing import SetRefused, create_set, slug_for_title
from .importing import ImportFailed
from .sets import MAX_OWN_QUESTIONS, MAX_OWN_SETS

# Links a set may have open at once: enough for a few classmates' groups, never a flood.
MAX_OPEN_LINKS = 10
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


class LinkRefused(RefusedFor):
    """Why a link gives no copy: malformed, unknown, revoked, own (the opener's own set),
    not_student (an instructor or staff), full (the opener has their most sets)."""


@dataclass(frozen=True)
class LinkRow:
    id: int
    created_at: datetime
    revoked_at: datetime | None
    uses: int


def may_own_sets(user) -> bool:
    """Whether the person makes sets of their own: students, not instructors or staff (whose sets
    are instructors' sets)."""
    return user.is_authenticated and not (user.is_instructor or user.is_staff)


def own_set_count(user) -> int:
    return QuestionSet.objects.filter(personal=True, owner=user).count()


def full_message():
    return _("You have %(max)d sets of your own, the most a student may have: delete one first.") % {
        "max": MAX_OWN_SETS
    }


def _lock_owner(user):
    # Serialises one student's creations, so two at once never both take the last place.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()


def _refuse_when_full(user):
    _lock_owner(user)
    if own_set_count(user) >= MAX_OWN_SETS:
        raise SetRefused(full_message())


def create_own_set(student, *, title, description="", language="ar"):
    """A new, empty set of the student's own, its slug made from its title; SetRefused when they
    have their most sets already."""
    with transaction.atomic():
        _refuse_when_full(student)
        qset = create_set(student, title=title, description=description, language=language)
        QuestionSet.objects.filter(pk=qset.pk).update(personal=True)
        qset.personal = True
    return qset


def update_own_settings(qset, *, title, description, language):
    """A student's own set keeps its address and stays private and free of citing rules."""
    qset.title, qset.description, qset.language = title, description, language
    qset.save(update_fields=["title", "description", "language", "updated_at"])


@transaction.atomic
def delete_own_set(qset):
    """Deletes a student's own set with its questions, their progress in it and its links; its
    pictures' files go once the deletion is committed. Copies made from it stay their owners'."""
    names = list(qset.images.values_list("name", flat=True))
    qset.delete()
    storage = images.storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


# Links ------------------------------------------------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(qset, now) -> str:
    """A new link to the set and its token, shown once (only its hash is kept); SetRefused when the
    set has its most open links."""
    with transaction.atomic():
        QuestionSet.objects.select_for_update(no_key=True).filter(pk=qset.pk).values_list("pk", flat=True).get()
        if qset.links.filter(revoked_at__isnull=True).count() >= MAX_OPEN_LINKS:
            raise SetRefused(
                _("A set has at most %(max)d open links: revoke one you no longer need.") % {"max": MAX_OPEN_LINKS}
            )
        token = secrets.token_urlsafe(32)
        SetLink.objects.create(question_set=qset, token_hash=_hash(token), created_at=now)
    return token


def links_of(qset) -> list[LinkRow]:
    return [LinkRow(link.pk, link.created_at, link.revoked_at, link.uses) for link in qset.links.all()]


def revoke_link(qset, link_id, now) -> bool:
    """Revokes one of the set's open links; False when it was revoked already or is not the set's."""
    return bool(SetLink.objects.filter(pk=link_id, question_set=qset, revoked_at__isnull=True).update(revoked_at=now))


def find(token) -> SetLink:
    """The open link of this token, with its set; LinkRefused otherwise, before any write."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        raise LinkRefused("malformed")
    link = SetLink.objects.select_related("question_set", "question_set__owner").filter(token_hash=_hash(token)).first()
    if link is None or not link.question_set.personal:
        raise LinkRefused("unknown")
    if link.revoked_at is not None:
        raise LinkRefused("revoked")
    return link


def copy_of(user, qset):
    """The copy the person already made of the set, else None."""
    return QuestionSet.objects.filter(owner=user, copied_from=qset, personal=True).first()


def check_may_copy(user, link):
    """LinkRefused when the person may not copy the link's set: their own, or not a student."""
    if link.question_set.owner_id == user.pk:
        raise LinkRefused("own")
    if not may_own_sets(user):
        raise LinkRefused("not_student")


def accept(token, user):
    """The student's own copy of the link's set: made now (counting a use of the link), or the one
    they made before (a second visit or a double click copies nothing). LinkRefused says why not."""
    link = find(token)
    check_may_copy(user, link)
    original = link.question_set
    made = copy_of(user, original)
    if made is not None:
        return made, False
    bundle = bundles.read_bundle(bundles.write_bundle(original), name=original.slug)
    bundle.parsed.slug = free_slug(slug_for_title(original.title))
    bundle.parsed.public = False
    bundle.parsed.cite = False
    bundles.prepare(bundle, None)
    try:
        with transaction.atomic():
            try:
                _refuse_when_full(user)
            except SetRefused:
                raise LinkRefused("full") from None
            if not SetLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(uses=F("uses") + 1):
                raise LinkRefused("revoked")
            result = bundles.import_bundle(bundle, owner=user, editor=user)
            QuestionSet.objects.filter(slug=result.slug).update(personal=True, copied_from=original)
    except IntegrityError:
        # The same student's other request copied it first.
        made = copy_of(user, original)
        if made is None:
            raise
        return made, False
    except ImportFailed:
        # Another set took the free slug a moment ago: a rare race, said as a retry.
        raise LinkRefused("busy") from None
    return QuestionSet.objects.get(slug=result.slug), True


def limits():
    return {"sets": MAX_OWN_SETS, "questions": MAX_OWN_QUESTIONS, "links": MAX_OPEN_LINKS}
