"""Images of questions: an upload accepted within limits, turned upright and re-encoded so nothing
but its pixels survives (no EXIF, no GPS, no comments, no second frame), stored through the
"images" storage, and read back for the view that checks who may see its set."""

import hashlib
import io
import uuid as uuid_module
import warnings
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image as PILImage
from PIL import ImageOps

from ..models import Image
from ..questions import is_image_ref
from ..refusals import Refused

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Uploads a person may make in a day, whatever the set: enough for a bank's worth of pictures, not
# for filling the disk. A student's own sets need fewer.
DAILY_UPLOADS = 300
DAILY_UPLOADS_STUDENT = 50
# The folder of the images storage that holds zips between their preview and "Apply" (bundles.py).
PENDING_FOLDER = "pending"
MAX_ALT = Image._meta.get_field("alt_text").max_length
# What Pillow may read an upload as; anything else (SVG, TIFF, BMP, PSD…) is refused.
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# A picture of this many colours or fewer (a diagram, a chart, a map) stays sharp as PNG.
FEW_COLOURS = 256
JPEG_QUALITY = 85
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


class ImageRefused(Refused, ValueError):
    """The upload is not accepted; `message` says why, in the person's language."""


@dataclass(frozen=True)
class Encoded:
    """An accepted picture, re-encoded: the bytes to store and what the page needs to show it."""

    data: bytes
    width: int
    height: int
    content_type: str
    extension: str
    sha256: str


def storage():
    return storages["images"]


def clean_alt(alt) -> str:
    """The alt text as stored; ImageRefused when there is none, or too much."""
    alt = " ".join(alt.split()) if isinstance(alt, str) else ""
    if "\x00" in alt:
        raise ImageRefused(_("The alt text contains a NUL character."))
    if not alt:
        raise ImageRefused(_("Describe the image in its alt text: students who cannot see it read that instead."))
    if len(alt) > MAX_ALT:
        raise ImageRefused(
            _("The alt text is %(length)d characters long; at most %(max)d are accepted.")
            % {"length": len(alt), "max": MAX_ALT}
        )
    return alt


def _looks_like_svg(data):
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<", b"\xef\xbb\xbf<")) or b"<svg" in head


def encode(data: bytes) -> Encoded:
    """Reads an upload and re-encodes it; ImageRefused when it is too large (in bytes or pixels),
    not a PNG, JPEG, GIF or WebP picture, or a decompression bomb.

    PNG keeps a picture with transparency or few colours sharp and small; a photograph becomes a
    JPEG, which every browser and every flashcard program reads, at a fraction of a PNG's size.
    """
    if not isinstance(data, bytes | bytearray) or not data:
        raise ImageRefused(_("The image file is empty."))
    if len(data) > MAX_BYTES:
        raise ImageRefused(
            _("The image is %(size)s MB; at most %(max)d MB is accepted.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}", "max": MAX_BYTES // 1024 // 1024}
        )
    if _looks_like_svg(data):
        raise ImageRefused(_("SVG images are not accepted: upload a PNG, JPEG, GIF or WebP picture."))
    try:
        with warnings.catch_warnings():
            # Pillow warns of a decompression bomb before it refuses one: either is a refusal here.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            picture = PILImage.open(io.BytesIO(data), formats=FORMATS)
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise ImageRefused(_too_many_pixels(width, height))
            picture.seek(0)
            picture.load()
            picture = ImageOps.exif_transpose(picture)
    except ImageRefused:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageRefused(_("The image declares more pixels than it could hold: it is refused.")) from None
    except Exception:  # Pillow's decoders raise many kinds of error for a damaged or foreign file.
        raise ImageRefused(
            _("This file is not a picture the app reads: upload a PNG, JPEG, GIF or WebP image.")
        ) from None
    return _reencoded(picture)


def _too_many_pixels(width, height):
    return _("The image is %(width)d × %(height)d pixels; at most %(max)d million pixels are accepted.") % {
        "width": width,
        "height": height,
        "max": MAX_PIXELS // 1_000_000,
    }


def _reencoded(picture) -> Encoded:
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    mode = "RGBA" if has_alpha else "RGB"
    converted = picture.convert(mode)
    if has_alpha and converted.getchannel("A").getextrema() == (255, 255):
        converted, has_alpha, mode = converted.convert("RGB"), False, "RGB"
    # A new image from the bare pixels: no metadata of the upload can ride along.
    clean = PILImage.frombytes(mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if has_alpha or clean.getcolors(FEW_COLOURS) is not None:
        clean.save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    data = out.getvalue()
    return Encoded(
        data=data,
        width=clean.width,
        height=clean.height,
        content_type=CONTENT_TYPES[extension],
        extension=extension,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def store(qset, encoded: Encoded, alt, *, uploaded_by=None, image_uuid=None) -> Image:
    """Writes an accepted picture to the images storage and records it as the set's."""
    alt = clean_alt(alt)
    image_uuid = image_uuid or uuid_module.uuid4()
    name = storage().save(f"{qset.uuid}/{image_uuid}.{encoded.extension}", ContentFile(encoded.data))
    return Image.objects.create(
        uuid=image_uuid,
        question_set=qset,
        name=name,
        alt_text=alt,
        width=encoded.width,
        height=encoded.height,
        content_type=encoded.content_type,
        sha256=encoded.sha256,
        uploaded_by=uploaded_by,
    )


def accept(qset, data: bytes, alt, *, uploaded_by=None) -> Image:
    """An upload for the set: alt text checked first, then the picture read and re-encoded, then
    stored; ImageRefused (nothing written) otherwise."""
    alt = clean_alt(alt)
    encoded = encode(data)
    # The same picture with the same words, sent twice (a double click, a form posted again), is one image.
    same = Image.objects.filter(question_set=qset, sha256=encoded.sha256, alt_text=alt).first()
    if same is not None:
        return same
    if uploaded_by is not None:
        _check_daily_uploads(uploaded_by)
    return store(qset, encoded, alt, uploaded_by=uploaded_by)


def _check_daily_uploads(person):
    limit = DAILY_UPLOADS if person.is_instructor or person.is_staff else DAILY_UPLOADS_STUDENT
    since = timezone.now() - timedelta(days=1)
    if Image.objects.filter(uploaded_by=person, created_at__gte=since).count() >= limit:
        message = ngettext(
            "You have uploaded %(n)d image in the last 24 hours, the most a day allows: try again tomorrow.",
            "You have uploaded %(n)d images in the last 24 hours, the most a day allows: try again tomorrow.",
            limit,
        )
        raise ImageRefused(message % {"n": limit})


def listdir(store, path):
    """(folders, files) of a folder of the storage; none for a folder never made (files on disk)."""
    try:
        return store.listdir(path)
    except FileNotFoundError:
        return [], []


def prune_orphans(before) -> int:
    """Deletes the picture files no image names, written before `before`: what an upload or import
    rolled back left behind (a file is written before its row, and a rollback keeps the file).
    Returns how many. Recent files are spared: their transaction may still be under way."""
    store = storage()
    known = set(Image.objects.values_list("name", flat=True))
    removed = 0
    for folder in listdir(store, "")[0]:
        if folder == PENDING_FOLDER:
            continue
        for file in listdir(store, folder)[1]:
            name = f"{folder}/{file}"
            if name not in known and store.get_modified_time(name) < before:
                store.delete(name)
                removed += 1
    return removed


def read(image: Image) -> bytes:
    """The stored bytes of an image."""
    with storage().open(image.name, "rb") as f:
        return f.read()


def extension_of(image: Image) -> str:
    return "png" if image.content_type == "image/png" else "jpg"


def images_of(qset):
    """The set's images, newest first, for the editor to choose from."""
    return list(Image.objects.filter(question_set=qset).order_by("-created_at", "-id"))


def shown_images(uuids) -> dict:
    """{uuid: {alt, width, height}} of the pictures a page shows, from the cache (an image
    never changes once stored), else in one query."""
    # A form sent back may name anything: only well-formed ids reach the database.
    wanted = {str(u) for u in uuids if u and is_image_ref(str(u))}
    if not wanted:
        return {}
    keys = {f"image:{u}": u for u in wanted}
    found = {keys[k]: v for k, v in cache.get_many(list(keys)).items()}
    missing = wanted - set(found)
    if missing:
        rows = Image.objects.filter(uuid__in=missing).values_list("uuid", "alt_text", "width", "height")
        fresh = {str(u): {"alt": alt, "width": w, "height": h} for u, alt, w, h in rows}
        cache.set_many({f"image:{u}": v for u, v in fresh.items()}, timeout=None)
        found.update(fresh)
    return found
