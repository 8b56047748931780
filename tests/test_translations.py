"""The Arabic catalogue is complete, not fuzzy, and compiled: every string shows in Arabic."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "quizzes" / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def entries():
    """(flags, {field: text}) for every entry of the catalogue but the header."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        flags, fields, current = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?|msgctxt) (".*")$', line):
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            yield flags, fields


CATALOGUE = list(entries())


def test_the_catalogue_has_entries():
    assert len(CATALOGUE) > 150


@pytest.mark.parametrize(("flags", "fields"), CATALOGUE, ids=[f["msgid"][:40] for _, f in CATALOGUE])
def test_every_string_is_translated_and_compiled(flags, fields):
    assert "fuzzy" not in flags
    if "msgid_plural" in fields:
        forms = [fields.get(f"msgstr[{i}]", "") for i in range(6)]
        assert all(forms), fields["msgid"]
        return
    assert fields.get("msgstr"), fields["msgid"]
    if "msgctxt" in fields:
        return
    with translation.override("ar"):
        # The compiled catalogue says the same as the source one.
        assert translation.gettext(fields["msgid"]) == fields["msgstr"]
