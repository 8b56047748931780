"""A set in one download that carries everything: a zip of its YAML (`set.yaml`), the texts of
the articles its sources cite (`articles/<file>`), its pictures (`images/<uuid>.<ext>`) and their
alt texts (`images.yaml`). Reading one back trusts nothing in it: sizes, counts, compression and
paths are limited before anything is read, and every picture is re-encoded as an upload is."""

import hashlib
import io
import re
import stat
import uuid as uuid_module
import zipfile
from dataclasses import dataclass, field

import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Image
from ..questions import image_refs
from . import images
from .articles import ArticleNotFound, article_text
from .importing import (
    EXPORT_WIDTH,
    ImportFailed,
    ImportProblem,
    ParsedSet,
    export_document,
    import_set,
    parse_bytes,
)
from .sources import SourceTextError, clean_text

SET_FILE = "set.yaml"
IMAGES_FILE = "images.yaml"
# Limits of an uploaded zip: what it weighs, what it unpacks to, how many entries, how compressed.
MAX_ZIP_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILES = 2000
MAX_RATIO = 100
# A small entry may be compressed a lot (a text of repeated lines) without being a bomb.
RATIO_FLOOR = 1024 * 1024
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_IMAGE_ENTRY = re.compile(r"^images/([0-9a-f-]{36})\.(png|jpg)$")


@dataclass
class BundleImage:
    encoded: images.Encoded
    alt: str


@dataclass
class Bundle:
    """A zip's content as plain values: the set, its article files {file: text}, and its
    pictures {uuid text: BundleImage}, each re-encoded."""

    parsed: ParsedSet
    articles: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)


# Writing ----------------------------------------------------------------------------------------


def carries_files(qset) -> bool:
    """Whether the set has article texts or pictures that its YAML alone would leave behind."""
    return qset.sources.exclude(text="").exists() or qset.images.exists()


def write_bundle(qset) -> bytes:
    """The zip of a set: its YAML with each attached article as a file of its own, and every
    picture its live questions show."""
    document = export_document(qset)
    texts = {source.key: source.text for source in qset.sources.all() if source.text}
    used_files = [s["file"] for s in document["sources"]]
    articles = {}
    for i, source in enumerate(document["sources"]):
        text = texts.get(source["id"])
        if not text:
            continue
        file = source["file"]
        whole = not source.get("begins") and not source.get("ends")
        if not (_SAFE_NAME.match(file) and whole and used_files.count(file) == 1 and file not in articles):
            # The stored text is the article alone: it becomes a file of its own, bounds and all.
            file = f"{source['id']}.txt" if _SAFE_NAME.match(f"{source['id']}.txt") else f"article-{i + 1}.txt"
            source.pop("begins", None)
            source.pop("ends", None)
            source["file"] = file
        articles[file] = text
    shown = {ref for question in document["questions"] for _path, ref in image_refs(question)}
    pictures = Image.objects.filter(question_set=qset, uuid__in=shown).order_by("created_at", "id")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SET_FILE, _yaml(document))
        for file, text in articles.items():
            archive.writestr(f"articles/{file}", text.encode("utf-8"))
        manifest = []
        for picture in pictures:
            entry = f"images/{picture.uuid}.{images.extension_of(picture)}"
            # Pictures are compressed already.
            archive.writestr(entry, images.read(picture), compress_type=zipfile.ZIP_STORED)
            manifest.append({"id": str(picture.uuid), "file": entry, "alt": picture.alt_text})
        archive.writestr(IMAGES_FILE, _yaml(manifest))
    return out.getvalue()


def _yaml(value):
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=EXPORT_WIDTH).encode("utf-8")


# Reading ----------------------------------------------------------------------------------------


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def is_bundle(data: bytes) -> bool:
    """A zip downloaded from a set (it holds set.yaml), not another tool's zip such as an Anki
    package; a broken zip is left to the reader that refuses it by name."""
    if not is_zip(data):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "set.yaml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return True


def _refuse(name, entry, message):
    where = f"{name} › {entry}" if entry else name
    raise ImportFailed([ImportProblem(where, 1, 1, "", message)])


def _check_entry_name(name, entry):
    parts = entry.split("/")
    if (
        entry.startswith("/")
        or "\\" in entry
        or "\x00" in entry
        or re.match(r"^[A-Za-z]:", entry)
        or any(part in ("", ".", "..") for part in parts[:-1])
        or parts[-1] in (".", "..")
    ):
        _refuse(name, entry, _("A path that could leave the archive's folder is refused."))
    if entry.endswith("/"):
        if entry not in ("articles/", "images/"):
            _refuse(name, entry, _("Only the folders “articles” and “images” may be in the archive."))
        return
    if entry in (SET_FILE, IMAGES_FILE):
        return
    if len(parts) == 2 and parts[0] == "articles" and _SAFE_NAME.match(parts[1]):
        return
    if _IMAGE_ENTRY.match(entry):
        return
    _refuse(
        name,
        entry,
        _("Unexpected entry: the archive holds set.yaml, images.yaml, articles/<file> and images/<id>.png or .jpg."),
    )


def _entries(archive, name):
    """The archive's files {entry: bytes}, within every limit, or ImportFailed naming the entry."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        _refuse(
            name,
            "",
            _("The archive holds %(n)d entries; at most %(max)d are accepted.") % {"n": len(infos), "max": MAX_FILES},
        )
    total = 0
    seen = set()
    for info in infos:
        entry = info.filename
        _check_entry_name(name, entry)
        if entry in seen:
            _refuse(name, entry, _("The entry is in the archive twice."))
        seen.add(entry)
        if stat.S_ISLNK(info.external_attr >> 16):
            _refuse(name, entry, _("Links are not accepted in the archive."))
        if info.flag_bits & 0x1:
            _refuse(name, entry, _("Encrypted entries are not accepted."))
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            _refuse(
                name,
                entry,
                _("The archive unpacks to more than %(max)d MB.") % {"max": MAX_TOTAL_BYTES // 1024 // 1024},
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            _refuse(name, entry, _("The entry is compressed beyond any real file (a zip bomb): refused."))
    files = {}
    read = 0
    for info in infos:
        if info.is_dir():
            continue
        try:
            with archive.open(info) as f:
                # Never more than the entry declares, whatever its header says.
                data = f.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError):
            _refuse(name, info.filename, _("The entry cannot be read: the archive is damaged."))
        if len(data) > info.file_size:
            _refuse(name, info.filename, _("The entry is larger than the archive says."))
        read += len(data)
        if read > MAX_TOTAL_BYTES:
            _refuse(name, info.filename, _("The archive unpacks to more than %(max)d MB.") % {"max": 50})
        files[info.filename] = data
    return files


def read_bundle(data: bytes, name="<upload>") -> Bundle:
    """A zip's set, articles and pictures, validated as an upload is; ImportFailed naming the file
    and entry of each refusal (nothing is written)."""
    if len(data) > MAX_ZIP_BYTES:
        _refuse(name, "", _("The archive is larger than %(max)d MB.") % {"max": MAX_ZIP_BYTES // 1024 // 1024})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        _refuse(name, "", _("The file is not a zip archive that can be read."))
    with archive:
        files = _entries(archive, name)
    if SET_FILE not in files:
        _refuse(name, SET_FILE, _("The archive has no set.yaml: it is not a question set."))
    parsed = parse_bytes(files[SET_FILE], f"{name} › {SET_FILE}")
    articles = {}
    for entry, content in files.items():
        if entry.startswith("articles/"):
            try:
                articles[entry.removeprefix("articles/")] = clean_text(content)
            except SourceTextError as exc:
                _refuse(name, entry, str(exc))
    bundle = Bundle(parsed=parsed, articles=articles)
    bundle.images = _pictures(name, files)
    return bundle


def _pictures(name, files):
    alts = {}
    if IMAGES_FILE in files:
        try:
            manifest = yaml.safe_load(files[IMAGES_FILE].decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            _refuse(name, IMAGES_FILE, _("images.yaml cannot be read as YAML."))
        if manifest is None:
            manifest = []
        if not isinstance(manifest, list):
            _refuse(name, IMAGES_FILE, _("images.yaml must be a list of {id, file, alt}."))
        for row in manifest:
            if not isinstance(row, dict) or not isinstance(row.get("file"), str):
                _refuse(name, IMAGES_FILE, _("images.yaml must be a list of {id, file, alt}."))
            alts[row["file"]] = row.get("alt")
    found = {}
    for entry, content in files.items():
        match = _IMAGE_ENTRY.match(entry)
        if not match:
            continue
        try:
            ref = str(uuid_module.UUID(match.group(1)))
            alt = images.clean_alt(alts.get(entry))
            found[ref] = BundleImage(images.encode(content), alt)
        except ValueError as exc:
            _refuse(name, entry, getattr(exc, "message", _("The image's name is not an image id.")))
    return found


# Importing --------------------------------------------------------------------------------------


def _rename_refs(questions, renamed):
    for question in questions:
        if question.get("image") in renamed:
            question["image"] = renamed[question["image"]]
        for option in question.get("options") or []:
            if isinstance(option, dict) and option.get("image") in renamed:
                option["image"] = renamed[option["image"]]


def prepare(bundle: Bundle, qset=None):
    """Gives each picture of the zip that is not already the target set's a fresh id (the set it
    came from may live in this very database), in the questions as well; run before the preview
    and before applying, so both show the same."""
    own = set()
    if qset is not None:
        own = {str(u) for u in Image.objects.filter(question_set=qset).values_list("uuid", flat=True)}
    renamed = {}
    for ref in list(bundle.images):
        if ref in own:
            continue
        # The same id for the same picture into the same set, so the preview and "Apply" agree and
        # a zip imported twice adds its pictures once.
        new = str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, f"{ref}:{qset.uuid if qset else bundle.parsed.slug}"))
        if new not in own and Image.objects.filter(uuid=new).exists():
            new = str(uuid_module.uuid4())
        renamed[ref] = new
    bundle.images = {renamed.get(ref, ref): picture for ref, picture in bundle.images.items()}
    _rename_refs(bundle.parsed.questions, renamed)
    return bundle


def import_bundle(bundle: Bundle, owner=None, *, editor=None):
    """Imports a zip all or nothing: the set through `import_set`, each source's article text
    from its file, and each picture (already re-encoded) as an image of the set."""
    parsed = bundle.parsed

    def attach(qset):
        for source in parsed.sources:
            content = bundle.articles.get(source["file"])
            if content is None:
                continue
            try:
                text = clean_text(article_text(content, source.get("begins", ""), source.get("ends", "")))
            except (ArticleNotFound, SourceTextError) as exc:
                _refuse(parsed.name, f"articles/{source['file']}", str(exc))
            qset.sources.filter(key=source["id"]).update(text=text)
        own = {str(u) for u in Image.objects.filter(question_set=qset).values_list("uuid", flat=True)}
        for ref, picture in bundle.images.items():
            if ref not in own:
                images.store(qset, picture.encoded, picture.alt, uploaded_by=editor or owner, image_uuid=ref)

    with transaction.atomic():
        return import_set(parsed, owner, editor=editor, attach=attach)


# A zip between its preview and "Apply" ------------------------------------------------------------

_TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _pending_name(user_id, token):
    return f"{images.PENDING_FOLDER}/{int(user_id)}/{token}.zip"


def keep_pending(user_id, data: bytes) -> str:
    """Keeps an uploaded zip for its uploader until they apply it (too large for a hidden field);
    returns the token the preview's form sends back."""
    token = hashlib.sha256(data).hexdigest()
    name = _pending_name(user_id, token)
    store = images.storage()
    if not store.exists(name):
        store.save(name, ContentFile(data))
    return token


def pending(user_id, token) -> bytes | None:
    """The zip this person previewed under `token`, or None (another person's, or none)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    try:
        with images.storage().open(_pending_name(user_id, token), "rb") as f:
            return f.read(MAX_ZIP_BYTES + 1)
    except OSError:
        return None


def prune_pending(before) -> int:
    """Deletes the zips previewed before `before` and never applied; returns how many."""
    store, removed = images.storage(), 0
    for person in images.listdir(store, images.PENDING_FOLDER)[0]:
        folder = f"{images.PENDING_FOLDER}/{person}"
        for file in images.listdir(store, folder)[1]:
            if store.get_modified_time(f"{folder}/{file}") < before:
                store.delete(f"{folder}/{file}")
                removed += 1
    return removed


def drop_pending(user_id, token):
    if isinstance(token, str) and _TOKEN.match(token):
        images.storage().delete(_pending_name(user_id, token))
