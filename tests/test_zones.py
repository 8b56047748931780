"""The time-zone list: canonical IANA names only, grouped by region, named in the person's language."""

import zoneinfo

import pytest
from django.utils import translation

from quizzes import zones
from quizzes.forms import SettingsForm


def names(language):
    return [zone for region in zones.regions(language) for zone, _label in region.zones]


def test_the_list_has_no_alias_and_no_legacy_name():
    listed = names("en")
    for alias in ("Asia/Calcutta", "Europe/Kiev", "US/Eastern", "W-SU", "Zulu", "localtime", "Etc/GMT+5", "GMT"):
        assert alias not in listed
    assert "Asia/Kolkata" in listed and "Europe/Kyiv" in listed and "UTC" in listed
    assert len(listed) == len(set(listed)) < 450


def test_every_listed_zone_is_one_python_knows():
    for zone in names("ar"):
        zoneinfo.ZoneInfo(zone)


def test_zones_are_grouped_by_their_region():
    for region in zones.regions("en")[1:]:
        areas = {zone.split("/", 1)[0] for zone, _label in region.zones}
        assert len(areas) == 1
    labels = [region.label for region in zones.regions("en")]
    assert labels[:3] == ["Universal", "Africa", "Americas"] and "Europe" in labels


def test_names_are_in_arabic_for_an_arabic_page():
    with translation.override("ar"):
        regions = zones.regions("ar")
    by_zone = {zone: label for region in regions for zone, label in region.zones}
    assert by_zone["Asia/Riyadh"] == "الرياض — المملكة العربية السعودية"
    assert by_zone["Africa/Cairo"] == "القاهرة — مصر"
    assert "آسيا" in [region.label for region in regions]
    assert dict(zone for region in zones.regions("en") for zone in region.zones)["Africa/Cairo"] == "Cairo — Egypt"


@pytest.mark.parametrize(
    ("sent", "zone"),
    [
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("Etc/UTC", "UTC"),
        ("Asia/Riyadh", "Asia/Riyadh"),
    ],
)
def test_an_alias_reads_as_its_canonical_zone(sent, zone):
    assert zones.canonical(sent) == zone


@pytest.mark.parametrize("sent", ["Mars/Olympus", "", "localtime", "../../etc/passwd", "Asia/" + "x" * 100, None])
def test_a_name_outside_the_list_is_refused(sent):
    assert zones.canonical(sent) is None


@pytest.mark.django_db
def test_the_settings_form_refuses_a_zone_outside_the_list(student):
    data = {"language": "", "time_zone": "Mars/Olympus", "desired_retention": 0.9, "new_per_day": 20}
    form = SettingsForm({**data, "max_reviews_per_day": 200}, instance=student)
    assert not form.is_valid() and "time_zone" in form.errors


@pytest.mark.django_db
def test_the_settings_form_saves_an_alias_as_its_canonical_zone(student):
    data = {"language": "", "time_zone": "Asia/Calcutta", "desired_retention": 0.9, "new_per_day": 20}
    form = SettingsForm({**data, "max_reviews_per_day": 200}, instance=student)
    assert form.is_valid(), form.errors
    assert form.save().time_zone == "Asia/Kolkata"
