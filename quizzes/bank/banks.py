"""Banks in and out in any format: the set a file from another tool goes into, and the file a set
becomes; the formats themselves live in formats/."""

import uuid
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext as _

from .. import richtext
from ..models import SLUG_RE
from . import bundles, images
from .formats import Foreign, Skipped, Written
from .formats.registry import FORMATS, read_bank
from .importing import (
    EXPORT_WIDTH,
    ImportFailed,
    ImportProblem,
    ParsedSet,
    _stored_source,
    check_images,
    export_document,
    import_set,
    parse_bytes,
)
from .sets import set_named


@dataclass
class Upload:
    """A file read for import: the set it makes, what was left out of it, and the set it goes into
    (None: a new one)."""

    parsed: ParsedSet
    qset: object = None
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    foreign: bool = False
    # A zip downloaded from a set: its articles' texts and pictures, written with the questions.
    bundle: object = None


def _existing_fields(qset):
    """What a file from another tool keeps of the set it goes into: everything but its questions."""
    fields = {
        "slug": qset.slug,
        "title": qset.title,
        "description": qset.description,
        "language": qset.language,
        "public": qset.is_public,
        "sources": [_stored_source(s) for s in qset.sources.all()],
    }
    if qset.requires_sources:
        fields["cite"] = True
    return fields


def free_slug(base):
    """`base`, or `base-2`, `base-3`... : the first slug no set has or had."""
    slug, n = base, 2
    while set_named(slug) is not None:
        slug, n = f"{base[:90]}-{n}", n + 1
    return slug


def read_upload(data: bytes, name: str, *, slug: str = "", title: str = "") -> Upload:
    """A file of any format read for import into the set `slug` (an existing one, or a new one of
    that slug), or, without a slug, into the set a YAML file or a set's zip names, or a new set for
    any other file. Every picture a question names must be the set's or come in the zip."""
    slug = _asked_slug(slug, name)
    if bundles.is_bundle(data):
        bundle = bundles.read_bundle(data, name)
        if slug:
            bundle.parsed.slug = slug
        upload = Upload(bundle.parsed, set_named(bundle.parsed.slug), bundle=bundle)
        bundles.prepare(bundle, upload.qset)
    else:
        upload = _read_file(data, name, slug, title)
    known = {str(u) for u in upload.qset.images.values_list("uuid", flat=True)} if upload.qset is not None else set()
    if upload.bundle is not None:
        known |= set(upload.bundle.images)
    check_images(upload.parsed, known)
    return upload


def read_preview(data: bytes, name: str, *, slug: str = "") -> Upload:
    """The YAML a preview posts back (a file of ours, or the set another tool's file was read as),
    under the slug the form asks for; its pictures must already be the set's."""
    parsed = parse_bytes(data, name=name)
    slug = _asked_slug(slug, name)
    if slug:
        parsed.slug = slug
    upload = Upload(parsed, set_named(parsed.slug))
    check_images(parsed, {str(u) for u in upload.qset.images.values_list("uuid", flat=True)} if upload.qset else set())
    return upload


def _asked_slug(slug, name):
    """The slug an upload form asks for, stripped; ImportFailed if it is not a slug."""
    slug = slug.strip()
    if slug and not SLUG_RE.match(slug):
        raise ImportFailed(
            [ImportProblem(name, 1, 1, "", _("The new slug may hold only lowercase letters, digits and hyphens."))]
        )
    return slug


def _read_file(data, name, slug, title):
    target = set_named(slug) if slug else None
    into = _existing_fields(target) if target is not None else ({"slug": slug} if slug else {})
    if title.strip():
        into["title"] = title.strip()[:200]
    parsed, foreign = read_bank(data, name, into=into)
    if foreign is None:
        return Upload(parsed, set_named(parsed.slug))
    if not slug:
        # A file from another tool names no set: it makes a new one, never replaces one by chance.
        parsed.slug = free_slug(parsed.slug)
    upload = Upload(parsed, target, foreign.skipped, foreign.notes, foreign=True)
    _show_pictures(upload, foreign, name)
    return upload


def _show_pictures(upload, foreign, name):
    """The picture each prompt showed in the other tool, re-encoded as ours and named by the
    question: the upload then goes in as a set's zip does, pictures and all. A picture that is not
    one (or too large) is named in the notes, and the question goes in without it."""
    bundle = bundles.Bundle(upload.parsed)
    for index, media_name in sorted(foreign.pictures.items()):
        content = foreign.media.get(media_name)
        question = upload.parsed.questions[index]
        if not content:
            continue
        try:
            encoded = images.encode(content)
        except images.ImageRefused as exc:
            upload.notes.append(f"{media_name}: {exc}")
            continue
        ref = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{name}:{media_name}"))
        # Its alt text is the question's words until the author writes a better one in the editor.
        alt = images.clean_alt(richtext.summary(question["prompt"], 200) or media_name)
        bundle.images.setdefault(ref, bundles.BundleImage(encoded, alt))
        upload.parsed.questions[index] = _with_image(question, ref)
    if bundle.images:
        upload.notes.append(
            _(
                "%(n)d pictures are shown with their questions; each one's alt text is its question's "
                "words until you write a better one."
            )
            % {"n": len(bundle.images)}
        )
        upload.bundle = bundles.prepare(bundle, upload.qset)


def _with_image(question, ref):
    """The question with its prompt's picture, placed after the prompt as the YAML has it."""
    out = {}
    for key, value in question.items():
        if key != "image":
            out[key] = value
        if key == "prompt":
            out["image"] = ref
    return out


def apply_upload(upload: Upload, *, owner=None, editor=None):
    """Writes a read upload, all or nothing: a set's zip with its articles and pictures."""
    if upload.bundle is not None:
        return bundles.import_bundle(upload.bundle, owner=owner, editor=editor)
    return import_set(upload.parsed, owner=owner, editor=editor)


def document_of(parsed: ParsedSet) -> dict:
    """A parsed set as the plain values its YAML holds."""
    document = {"slug": parsed.slug, "title": parsed.title}
    if parsed.description:
        document["description"] = parsed.description
    document.update(language=parsed.language, public=parsed.public)
    if parsed.cite:
        document["cite"] = True
    document.update(sources=parsed.sources, questions=parsed.questions)
    return document


def yaml_of(parsed: ParsedSet) -> str:
    """The YAML a previewed file from another tool is applied as."""
    return yaml.safe_dump(document_of(parsed), allow_unicode=True, sort_keys=False, width=EXPORT_WIDTH)


@dataclass
class Download:
    filename: str
    media_type: str
    written: Written


def write_set(qset, format_name: str) -> Download:
    """The set written in a format of the registry (KeyError for a name it lacks or cannot write)."""
    fmt = FORMATS[format_name]
    if not fmt.writes:
        raise KeyError(format_name)
    if format_name == "yaml" and bundles.carries_files(qset):
        # A YAML file naming articles and pictures it lacks would lose them elsewhere: the zip holds all.
        return Download(f"{qset.slug}.zip", "application/zip", Written(bundles.write_bundle(qset)))
    document = export_document(qset)
    if format_name == "apkg":
        written = fmt.module.write(document, set_id=str(qset.uuid), media=_pictures_of(qset, document))
    else:
        written = fmt.module.write(document, set_id=str(qset.uuid))
    return Download(f"{qset.slug}{fmt.extension}", fmt.media_type, written)


def _pictures_of(qset, document) -> dict:
    """{uuid: (file name, bytes, alt)} of the pictures the set's live prompts show."""
    shown = {q["image"] for q in document["questions"] if q.get("image")}
    return {
        str(image.uuid): (f"{image.uuid}.{images.extension_of(image)}", images.read(image), image.alt_text)
        for image in qset.images.filter(uuid__in=shown)
    }


__all__ = [
    "Foreign",
    "Upload",
    "apply_upload",
    "document_of",
    "free_slug",
    "read_preview",
    "read_upload",
    "write_set",
    "yaml_of",
]
