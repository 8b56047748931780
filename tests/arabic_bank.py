"""The bank's typed answers, the names no typed answer may accept, and spellings a teacher marks
right, shared by tests/test_arabic_names.py and tests/fair_answers_report.py."""

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import babel
import yaml

from quizzes import arabic
from quizzes.questions.textual import canonical_answers

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Names that look alike and must stay apart.
STANS = ["كازاخستان", "قيرغيزستان", "طاجيكستان", "أوزبكستان", "تركمانستان", "أفغانستان", "باكستان"]


@dataclass
class TypedField:
    """One typed answer of the bank: a short question's answers or a typed cloze gap's."""

    set_name: str
    question: str
    gap: str
    answers: list
    distractors: list = field(default_factory=list)

    @property
    def where(self):
        return f"{self.set_name}: {self.question}" + (f" [{self.gap}]" if self.gap else "")

    @property
    def spellings(self):
        return [s for a in canonical_answers(self.answers) for s in (a["text"], *a.get("variants", []))]

    @property
    def name_spellings(self):
        """The spellings of a name answer without the head words it lists (those are Arabic words,
        matched as written, never respelt)."""
        result = []
        for a in canonical_answers(self.answers):
            heads = {arabic.normalize(h) for h in a.get("heads", [])}
            for spelling in (a["text"], *a.get("variants", [])):
                words = arabic.normalize(spelling).split()
                while len(words) > 1 and words[0] in heads:
                    words = words[1:]
                result.append(" ".join(words))
        return result

    def is_own(self, name):
        """True for a name that is one of the answer's listed spellings (the plain matcher's view)."""
        return arabic.matches_any(name, self.spellings)


def typed_fields():
    fields = []
    for path in sorted((ROOT / "fixtures").glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            if question["type"] == "short":
                fields.append(TypedField(path.stem, question["id"], "", question["answers"]))
            if question["type"] != "cloze":
                continue
            for gap in question["gaps"]:
                # A gap's distractors: every other gap's answers and options in the same question.
                others = []
                for other in question["gaps"]:
                    if other is gap:
                        others += [o["text"] for o in gap.get("options", [])]
                        continue
                    others += [o["text"] for o in other.get("options", [])]
                    others += [
                        s
                        for a in canonical_answers(other.get("answers", []))
                        for s in (a["text"], *a.get("variants", []))
                    ]
                if "answers" in gap:
                    fields.append(TypedField(path.stem, question["id"], gap["key"], gap["answers"], others))
    return fields


def bank_names():
    """(kind/thing, spelling) for every name in tests/data/names.yaml."""
    names = yaml.safe_load((DATA / "names.yaml").read_text(encoding="utf-8"))
    return [
        (f"{kind}/{thing}", s)
        for kind, things in names.items()
        for thing, spellings in things.items()
        for s in spellings
    ]


def country_names():
    """CLDR's Arabic name of every territory (countries and regions), through Babel."""
    return [(f"cldr/{code}", name) for code, name in babel.Locale("ar").territories.items()]


def capital_names():
    lines = (DATA / "capitals_ar.tsv").read_text(encoding="utf-8").splitlines()
    return [
        (f"capital/{code}", name)
        for code, name in (line.split("\t") for line in lines if line and not line.startswith("#"))
    ]


def guard_names():
    return bank_names() + country_names() + capital_names()


def wrong_names(typed, guard):
    """The guard's names that are not this answer's own: one of the thing's spellings listed means
    the thing is the answer (the capital «طشقند» for a key «طشقند»)."""
    own = {thing for thing, name in guard if typed.is_own(name)}
    return [(thing, name) for thing, name in guard if thing not in own]


# Spellings a teacher marks right for a transliterated name.
_PAIRS = {"ت": "ط", "ط": "ت", "س": "ص", "ص": "س", "ك": "ق", "ق": "ك", "ج": "غ", "غ": "ج"}
_VOWELS = "اوي"
OPERATIONS = ("drop a long vowel", "add a long vowel", "swap a letter pair", "double a letter")


def respell(text, rng, steps=2):
    """`text` respelt as Arabic writes foreign names: `steps` random operations on its lenient
    form (never its first letter), at most one of them on a vowel when the name is short."""
    words = [re.sub(r"(.)\1+", r"\1", word) for word in arabic.normalize(text).split()]
    short = len(arabic.name_skeleton(text)) <= 3
    operations = [rng.choice(OPERATIONS) for _ in range(steps)]
    if short:
        # One vowel at most, and a doubled letter stays next to its twin.
        vowels = [op for op in operations if "vowel" in op][:1]
        operations = vowels + sorted(op for op in operations if "vowel" not in op)[::-1]
    for operation in operations:
        i = rng.randrange(len(words))
        word = words[i]
        if operation == "drop a long vowel":
            places = [j for j in range(1, len(word)) if word[j] in _VOWELS]
            if places and len(word) > 2:
                j = rng.choice(places)
                word = word[:j] + word[j + 1 :]
        elif operation == "add a long vowel":
            j = rng.randrange(1, len(word) + 1)
            word = word[:j] + rng.choice(_VOWELS) + word[j:]
        elif operation == "swap a letter pair":
            places = [j for j, letter in enumerate(word) if letter in _PAIRS]
            if places:
                j = rng.choice(places)
                word = word[:j] + _PAIRS[word[j]] + word[j + 1 :]
        else:
            j = rng.randrange(len(word))
            word = word[: j + 1] + word[j] + word[j + 1 :]
        words[i] = word
    return " ".join(words)


def respellings(text, count=30, seed=0):
    rng = random.Random(f"{seed}:{text}")
    return sorted({respell(text, rng, rng.randint(1, 3)) for _ in range(count)} - {arabic.normalize(text)})
