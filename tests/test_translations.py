"""The Arabic catalogue is complete, not fuzzy, and compiled: every string shows in Arabic."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "quizzes" / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def entries(text=None):
    """(flags, {field: text}) for every entry of the catalogue (or of `text`) but the header."""
    for block in (PO.read_text(encoding="utf-8") if text is None else text).split("\n\n"):
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


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over a copy of the app finds no string the catalogue lacks an Arabic for."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None and not os.environ.get("CI"):
        pytest.skip("gettext's xgettext is not installed")
    app = Path(__file__).resolve().parent.parent / "quizzes"
    copy = tmp_path / "quizzes"
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    manage = app.parent / "manage.py"
    subprocess.run([sys.executable, str(manage), "makemessages", "-l", "ar", "--no-obsolete"], cwd=copy, check=True)
    extracted = (copy / "locale" / "ar" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    untranslated = [
        fields["msgid"]
        for flags, fields in entries(extracted)
        # A new string that looks like a translated one comes out fuzzy, with the other's Arabic.
        if "fuzzy" in flags or not all(text for name, text in fields.items() if name.startswith("msgstr"))
    ]
    assert untranslated == []
