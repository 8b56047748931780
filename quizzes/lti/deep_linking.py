"""Deep Linking: the teacher picks a quiz, or a set to study, and places it in the LMS course. Each
choice is a signed response ready to post back to the platform, so the picker needs no session."""

from dataclasses import dataclass

from django.core import signing
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from ..attempts import quizzes as quiz_rules
from ..bank import sets
from . import config, grades


@dataclass
class Choice:
    kind: str  # "quiz", "set" or "graded-set"
    title: str
    jwt: str


PLACEMENT_SALT = "quizzes.lti.placement"


def placement(kind, value):
    """The link's custom parameter, signed: a teacher who edits it by hand in the LMS cannot point it
    at a quiz or set they were never offered."""
    return signing.dumps([kind, value], salt=PLACEMENT_SALT)


def placed(text):
    """(kind, value) of a signed placement, or None."""
    try:
        kind, value = signing.loads(str(text or ""), salt=PLACEMENT_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (kind, value) if kind in ("quiz", "set") else None


def _resource(kind, obj, launch_url):
    resource = DeepLinkResource().set_url(launch_url).set_title(obj.title)
    if kind == "quiz":
        resource.set_custom_params({"placed": placement("quiz", obj.pk)})
        maximum = grades.score_maximum(("quiz", obj.pk))
        resource.set_lineitem(
            LineItem().set_label(obj.title).set_score_maximum(maximum).set_resource_id(f"quiz-{obj.pk}").set_tag("quiz")
        )
    else:
        resource.set_custom_params({"placed": placement("set", str(obj.uuid))})
        if kind == "graded-set":
            resource.set_lineitem(
                LineItem()
                .set_label(obj.title)
                .set_score_maximum(grades.PROGRESS_MAXIMUM)
                .set_resource_id(f"set-{obj.uuid}")
                .set_tag("study-progress")
            )
    return resource


def choices(user, platform, deployment_id, dl_settings, launch_url, now):
    """What the teacher may place: the quizzes they manage, the sets they edit (to study, or to
    study with progress sent to the gradebook), each with its signed response."""
    link = DeepLink(config.registration(platform, now), deployment_id, dl_settings)
    found = []
    for quiz in quiz_rules.managed_by(user).order_by("title")[:100]:
        found.append(Choice("quiz", quiz.title, link.get_response_jwt([_resource("quiz", quiz, launch_url)])))
    for qset in sets.editable_by(user).order_by("title")[:100]:
        for kind in ("set", "graded-set"):
            found.append(Choice(kind, qset.title, link.get_response_jwt([_resource(kind, qset, launch_url)])))
    return found
