"""What the fairer matcher changes for the bank's typed answers: for each one, the spellings it now
accepts that it refused before (a teacher's spellings generated from its key: names respelt as
Arabic writes them, head words added, given names dropped; numbers in words, digits of any script
and with a unit word after), and how many wrong names the refusal guard checks.

    DJANGO_SETTINGS_MODULE=quizsite.settings .venv/bin/python -m tests.fair_answers_report [BASE_COMMIT]

The old matcher is quizzes/arabic.py as it was at BASE_COMMIT (default: the commit before names).
"""

import importlib.util
import os
import subprocess
import sys
import tempfile

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
django.setup()

from quizzes import arabic  # noqa: E402
from quizzes.questions.textual import answer_matches, canonical_answers, number_key  # noqa: E402

from .arabic_bank import ROOT, guard_names, respellings, typed_fields, wrong_names  # noqa: E402

BASE = sys.argv[1] if len(sys.argv) > 1 else "c69841e"


def old_arabic(commit):
    source = subprocess.run(
        ["git", "show", f"{commit}:quizzes/arabic.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("old_arabic", f.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OLD = old_arabic(BASE)


def old_matches(response, answers):
    """How the bank's typed answers were matched before: listed spellings only."""
    return any(
        OLD.matches_any(response, [a["text"], *a.get("variants", [])], strict=a.get("strict", False))
        for a in canonical_answers(answers)
    )


UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
UNITS_F = ["", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع"]
TENS = ["", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
TENS_ACC = ["", "عشر", "عشرين", "ثلاثين", "أربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين"]
HUNDREDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]


def below_thousand(n, units, tens, hundred_spelling="مئة", spaced=False):
    parts = []
    if n >= 100:
        word = HUNDREDS[n // 100].replace("مئة", hundred_spelling)
        if spaced and n // 100 >= 3:
            word = word.replace(hundred_spelling, " " + hundred_spelling)
        parts.append(word)
    rest = n % 100
    if 10 < rest < 20:
        parts.append({11: "أحد عشر", 12: "اثنا عشر"}.get(rest, f"{units[rest - 10]} عشر"))
    else:
        if rest % 10:
            parts.append(units[rest % 10])
        if rest >= 10:
            parts.append(tens[rest // 10])
    return parts


def number_words(n):
    """Several ways of writing n in words (0 < n < 1,000,000)."""
    forms = set()
    for units, tens in ((UNITS, TENS), (UNITS_F, TENS_ACC)):
        for spelling in ("مئة", "مائة"):
            for spaced in (False, True):
                for conjunction in (" و", " و "):
                    thousands, rest = divmod(n, 1000)
                    parts = []
                    if thousands == 1:
                        parts.append("ألف")
                    elif thousands == 2:
                        parts.append("ألفان")
                    elif thousands:
                        word = "آلاف" if thousands <= 10 else "ألف"
                        parts.append(
                            conjunction.join(below_thousand(thousands, units, tens, spelling, spaced)) + " " + word
                        )
                    parts += below_thousand(rest, units, tens, spelling, spaced)
                    forms.add(conjunction.join(parts))
    return sorted(forms)


def number_spellings(value):
    n = int(value)
    digits = str(n)
    forms = [
        digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        f"{digits} شخصًا",
        f"{digits} عامًا",
        f"عام {digits}",
    ]
    if n >= 1000:
        forms += [f"{n:,}", f"{n:,}".replace(",", "٬"), f"{n:,}".replace(",", ".")]
    return forms + number_words(n)


def name_candidates(typed):
    out = set()
    for a in canonical_answers(typed.answers):
        if not a.get("name"):
            continue
        for core in typed.name_spellings:
            out.update(respellings(core, count=60))
            out.update(f"{head} {core}" for head in a.get("heads", []))
            if a["name"] == "person":
                out.add(core.split()[-1])
    return sorted(out)


def main():
    guard = guard_names()
    rows, checks = [], 0
    for typed in typed_fields():
        key = next((number_key(a) for a in canonical_answers(typed.answers) if number_key(a) is not None), None)
        candidates = number_spellings(key) if key is not None else name_candidates(typed)
        gained = [c for c in candidates if answer_matches(c, typed.answers) and not old_matches(c, typed.answers)]
        lost = [c for c in candidates if old_matches(c, typed.answers) and not answer_matches(c, typed.answers)]
        wrong = wrong_names(typed, guard)
        checks += len(wrong) + len(typed.distractors)
        kind = (
            "number"
            if key is not None
            else "name"
            if any(a.get("name") for a in canonical_answers(typed.answers))
            else "text"
        )
        rows.append(
            (typed.where, canonical_answers(typed.answers)[0]["text"], kind, len(candidates), gained, lost, len(wrong))
        )
    print("| answer | key | rule | generated | newly accepted | lost | closest newly accepted | names refused |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for where, key, kind, generated, gained, lost, wrong in rows:
        closest = sorted(gained, key=lambda g: (arabic._distance(g, arabic.normalize(key), 20), g))
        examples = "، ".join(f"«{g}»" for g in closest[:4])
        print(f"| {where} | {key} | {kind} | {generated} | {len(gained)} | {len(lost)} | {examples} | {wrong} |")
    print(
        f"\nGuard: {len(guard)} names ({len([g for g in guard if g[0].startswith('cldr/')])} CLDR territories, "
        f"{len([g for g in guard if g[0].startswith('capital/')])} capitals, "
        f"{len([g for g in guard if not g[0].startswith(('cldr/', 'capital/'))])} bank and document names); "
        f"{checks} (answer, wrong name or distractor) checks, all refused: "
        f"{all(not answer_matches(n, t.answers) for t in typed_fields() for _, n in wrong_names(t, guard))}"
    )
    compound = [("أربعة آلاف وثلاثمئة", 4000), ("ثلاثة وعشرون", 3), ("ستة آلاف وخمسمية", 6000), ("3,900", 3.9)]
    for text, key in compound:
        old = OLD.parse_number(text)
        before = "right" if old == key else "not right"
        print(f"«{text}» for a key of {key}: before {old} ({before}), now {arabic.grade_number(text, key)}")


if __name__ == "__main__":
    main()
