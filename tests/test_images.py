"""Accepting an image: limits, refusals, orientation, and nothing but pixels kept."""

import io
from datetime import timedelta

import pytest
from django.utils import translation
from PIL import Image

from quizzes.bank import images, writing
from quizzes.models import Image as ImageRow

from .images import SVG, animated_gif, exif_with, photo, png, png_declaring


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are read in English, whatever catalogue is compiled."""
    with translation.override("en"):
        yield


def opened(encoded):
    return Image.open(io.BytesIO(encoded.data))


def test_a_png_with_an_exif_orientation_comes_out_turned_and_without_exif():
    # Orientation 6: the camera was turned; the picture is shown rotated 90° clockwise.
    encoded = images.encode(png((40, 20), exif=exif_with(orientation=6)))
    assert (encoded.width, encoded.height) == (20, 40)
    picture = opened(encoded)
    assert picture.size == (20, 40)
    assert not picture.getexif()
    assert "exif" not in picture.info


def test_a_jpeg_loses_its_gps_and_camera_exif():
    original = photo(exif=exif_with(gps=True))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    encoded = images.encode(original)
    picture = opened(encoded)
    assert picture.format == "JPEG"
    assert not picture.getexif()
    assert b"CameraMaker" not in encoded.data and b"Exif" not in encoded.data


def test_an_animated_gif_keeps_its_first_frame_only():
    encoded = images.encode(animated_gif(frames=3))
    picture = opened(encoded)
    assert getattr(picture, "n_frames", 1) == 1
    assert picture.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


def test_a_photograph_becomes_a_jpeg_and_a_diagram_a_png():
    assert images.encode(photo()).content_type == "image/jpeg"
    assert images.encode(png()).content_type == "image/png"


def test_transparency_is_kept_as_png():
    encoded = images.encode(png(mode="RGBA", colour=(10, 20, 30, 100)))
    assert encoded.content_type == "image/png"
    assert opened(encoded).mode == "RGBA"


def test_a_decompression_bomb_is_refused():
    with pytest.raises(images.ImageRefused, match="more pixels"):
        images.encode(png_declaring(100_000, 100_000))


def test_a_bomb_below_pillows_limit_but_above_ours_is_refused():
    with pytest.raises(images.ImageRefused, match="million pixels"):
        images.encode(png_declaring(8000, 6000))


def test_pillows_warning_is_a_refusal(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 10**12)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(images.ImageRefused, match="more pixels"):
        images.encode(png((40, 30)))


def test_svg_is_refused():
    with pytest.raises(images.ImageRefused, match="SVG"):
        images.encode(SVG)


@pytest.mark.parametrize(
    "data",
    [b"GIF89a not really", b"%PDF-1.4 a document", b"\x00" * 100, photo(fmt="BMP"), photo(fmt="TIFF")],
    ids=["broken-gif", "pdf", "zeros", "bmp", "tiff"],
)
def test_what_is_not_a_png_jpeg_gif_or_webp_is_refused(data):
    with pytest.raises(images.ImageRefused, match="PNG, JPEG, GIF or WebP"):
        images.encode(data)


def test_an_image_too_large_is_refused_before_it_is_read(monkeypatch):
    with pytest.raises(images.ImageRefused, match="at most 5 MB"):
        images.encode(png() + b"\0" * images.MAX_BYTES)


def test_an_empty_file_is_refused():
    with pytest.raises(images.ImageRefused, match="empty"):
        images.encode(b"")


@pytest.mark.django_db
def test_an_image_without_alt_text_is_refused_and_nothing_is_stored(sample_set):
    for alt in ("", "   ", None):
        with pytest.raises(images.ImageRefused, match="alt text"):
            images.accept(sample_set, png(), alt)
    assert not ImageRow.objects.exists()


@pytest.mark.django_db
def test_an_accepted_image_is_stored_reencoded_with_its_size_and_hash(sample_set, instructor):
    image = images.accept(sample_set, photo(exif=exif_with(gps=True)), "  خريطة   المنطقة ", uploaded_by=instructor)
    image.refresh_from_db()
    data = images.read(image)
    assert image.alt_text == "خريطة المنطقة"
    assert (image.width, image.height, image.content_type) == (64, 48, "image/jpeg")
    assert image.name == f"{sample_set.uuid}/{image.uuid}.jpg"
    import hashlib

    assert image.sha256 == hashlib.sha256(data).hexdigest()
    assert b"Exif" not in data
    assert writing.set_image_ids(sample_set) == {str(image.uuid)}


@pytest.mark.django_db
def test_a_person_may_upload_only_so_many_images_a_day_and_a_double_click_counts_once(
    sample_set, instructor, student, monkeypatch
):
    monkeypatch.setattr(images, "DAILY_UPLOADS", 2)
    monkeypatch.setattr(images, "DAILY_UPLOADS_STUDENT", 1)
    first = images.accept(sample_set, png(colour=(1, 2, 3)), "one", uploaded_by=instructor)
    assert images.accept(sample_set, png(colour=(1, 2, 3)), "one", uploaded_by=instructor) == first
    images.accept(sample_set, png(colour=(4, 5, 6)), "two", uploaded_by=instructor)
    with pytest.raises(images.ImageRefused, match="uploaded 2 images in the last 24 hours"):
        images.accept(sample_set, png(colour=(7, 8, 9)), "three", uploaded_by=instructor)
    assert ImageRow.objects.filter(uploaded_by=instructor).count() == 2
    images.accept(sample_set, png(colour=(7, 8, 9)), "for a student", uploaded_by=student)
    with pytest.raises(images.ImageRefused, match="uploaded 1 image in the last 24 hours"):
        images.accept(sample_set, png(colour=(9, 9, 9)), "another", uploaded_by=student)
    # A day later the count starts again.
    ImageRow.objects.update(created_at=ImageRow.objects.first().created_at - timedelta(days=2))
    images.accept(sample_set, png(colour=(7, 8, 9)), "three", uploaded_by=instructor)


@pytest.mark.django_db
def test_the_daily_prune_deletes_files_no_image_names_and_zips_never_applied_once_a_day_old(sample_set):
    import os

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from quizzes import tasks
    from quizzes.bank import bundles

    kept = images.accept(sample_set, png(), "kept")
    store = images.storage()
    orphan = store.save(f"{sample_set.uuid}/left-by-a-rollback.png", ContentFile(png()))
    recent = store.save(f"{sample_set.uuid}/still-being-written.png", ContentFile(png()))
    old_zip = bundles.keep_pending(7, b"an old preview")
    new_zip = bundles.keep_pending(7, b"a preview of this morning")
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    for name in (kept.name, orphan, f"pending/7/{old_zip}.zip"):
        os.utime(store.path(name), (two_days_ago, two_days_ago))
    tasks.prune.call()
    assert store.exists(kept.name) and store.exists(recent)
    assert not store.exists(orphan)
    assert bundles.pending(7, old_zip) is None and bundles.pending(7, new_zip) == b"a preview of this morning"


@pytest.mark.django_db
def test_pruning_an_empty_storage_deletes_nothing():
    from django.utils import timezone

    from quizzes.bank import bundles

    assert images.prune_orphans(timezone.now()) == 0
    assert bundles.prune_pending(timezone.now()) == 0
