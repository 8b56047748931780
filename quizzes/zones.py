"""The time zones a person chooses from: canonical IANA names (no aliases such as `Zulu`, `W-SU` or
`Asia/Calcutta`), grouped by region and named in the person's language with CLDR's names (babel)."""

import functools
import zoneinfo
from dataclasses import dataclass

from babel.core import Locale, get_global
from babel.dates import get_timezone_location
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, to_locale

UTC = "UTC"

# IANA's areas, in the order the list shows them; other names (`Etc/GMT+5`, `US/Eastern`,
# `localtime`) are aliases or offsets nobody lives by.
REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}

# CLDR maps every alias it knows to the canonical IANA name (Asia/Calcutta -> Asia/Kolkata).
_ALIASES = get_global("zone_aliases")
_TERRITORIES = get_global("zone_territories")


def _canonical_zones():
    found = set()
    for name in zoneinfo.available_timezones():
        area = name.split("/", 1)[0]
        if area in REGIONS and "/" in name and name not in _ALIASES:
            found.add(name)
    return frozenset(found)


ZONES = _canonical_zones() | {UTC}


def canonical(name):
    """The canonical zone for a name a browser or an older form sent (an alias maps to its zone),
    or None when it names no zone of the list."""
    if not isinstance(name, str) or len(name) > 64:
        return None
    name = _ALIASES.get(name, name)
    if name == "Etc/UTC":
        return UTC
    return name if name in ZONES else None


@dataclass(frozen=True)
class Region:
    label: str
    zones: tuple  # (zone name, label) pairs, sorted by label


def _label(zone, locale):
    city = get_timezone_location(zone, locale=locale, return_city=True)
    territory = locale.territories.get(_TERRITORIES.get(zone, ""), "")
    if not territory or territory == city or _TERRITORIES.get(zone) == "001":
        return city
    return f"{city} — {territory}"


@functools.lru_cache(maxsize=8)
def regions(language):
    """The list for one interface language: UTC first, then each region with its zones' CLDR
    names; computed once per language and process (CLDR's names do not change while it runs)."""
    locale = Locale.parse(to_locale(language))
    by_area = {area: [] for area in REGIONS}
    for zone in ZONES - {UTC}:
        by_area[zone.split("/", 1)[0]].append((zone, _label(zone, locale)))
    with override(language):
        found = [Region(str(_("Universal")), ((UTC, str(_("Coordinated Universal Time (UTC)"))),))]
        for area, label in REGIONS.items():
            zones = tuple(sorted(by_area[area], key=lambda pair: (pair[1], pair[0])))
            if zones:
                found.append(Region(str(label), zones))
    return tuple(found)
