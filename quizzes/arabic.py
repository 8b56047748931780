"""Arabic text normalisation for matching typed answers the way a teacher would.

A teacher accepts an answer whatever its diacritics, tatweel, alef and hamza forms, final ى/ي or
ة/ه, a leading definite article, the digit script (٢٠٢٢, ۲۰۲۲, 2022), Persian letter forms or
invisible direction marks; and refuses a different word. `strict=True` is for questions where
spelling is the point: hamza, alef forms, ى and ة then count (diacritics still do not).

Proper names (`matches_name`), for answers their author marks as names, never guessed: Arabic
writes a foreign name several ways, so two spellings are one name when their skeletons agree
(`name_skeleton`: long vowels ا و ي after the first letter left out, «نزارباييف» = «نزاربايف»,
«بيشكيك» = «بشكيك»; the pairs ت/ط, س/ص, ك/ق, ج/غ folded; doubled letters single; a space added or
dropped), or differ by the typos the skeleton's length allows (none up to 4 letters, one up to 8,
two beyond). Head words the answer lists («جمهورية», «حلف») may be added or dropped at its start;
a person's given names may be dropped from an accepted spelling, never added or changed.

Numbers (`read_number`, `parse_number`, `grade_number`) in digits of any script, or in words:
compounds in Arabic's order («أربعة آلاف وثلاثمئة» = 4300, «ثلاثة وعشرون» = 23, with or
without a space after و), hundreds as one word or two in either spelling («تسعمئة», «تسعمائة»,
«ثلاث مئة»), duals («مئتان», «ألفين»), and ordinals where the key is a position («الثالثة»,
«الحادي عشر»). A compound is read whole or not at all, never as its first part.

Separators between digits, the decision table (G = read as thousands groups, D = as decimals):

    written                  read alone   graded against key K
    1500, ١٥٠٠               1500         1500
    1,500  1،500             1500 (G)     G; if only D = K (K = 1.5): asked which, not graded
    ١٫٥٠٠  (٫ then 3 digits) 1.5 (D)      D; if only G = K (K = 1500): asked which, not graded
    3,9  3٫9  1,50  1,5000   3.9 (D)      D (a comma or ٫ before not exactly three digits)
    1.5  1.50  1.500         1.5 (D)      D; or G where K is 1000 or more (1.500 for K = 1500)
    1.500.000  1.500,5       none         G where K is 1000 or more, else unreadable
    1,500,000  1,500.5       G            G (several groups leave one reading)
    1٬500  1 500  1'500      1500 (G)     G (٬ and spaces only group thousands)

Pure functions on strings; nothing here knows about Django.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "normalize",
    "matches",
    "matches_any",
    "matches_name",
    "name_skeleton",
    "to_ascii_digits",
    "read_number",
    "parse_number",
    "grade_number",
]

# Arabic-Indic (U+0660..) and Extended Arabic-Indic / Persian (U+06F0..) digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Harakat, shadda, sukun, superscript alef, Quranic annotation marks, and tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")

# Direction and joining controls that copy-paste brings along and no eye can see.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")

# Persian and Urdu letter forms a student's keyboard may produce for the Arabic letters.
_LETTER_FORMS = str.maketrans({"ی": "ي", "ې": "ي", "ک": "ك", "ە": "ه", "ھ": "ه", "ۀ": "ه"})

# Lenient only: the spellings a teacher does not mark wrong.
_LENIENT = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ء", "ئ": "ء"})

# Anything that is neither a letter nor a digit separates words (punctuation, ، ؛ ؟, quotes).
_SEPARATORS = re.compile(r"[\W_]+")

_ARTICLE = "ال"


def to_ascii_digits(text: str) -> str:
    """Turns Arabic-Indic and Persian digits into ASCII ones, leaving everything else."""
    return text.translate(_DIGITS)


def normalize(text: str, *, strict: bool = False) -> str:
    """The form two answers are compared in; equal forms mean the same answer."""
    return " ".join(_drop_article(word) for word in _words(text, strict=strict))


def _words(text, *, strict=False):
    # The words of `normalize`, before their article is dropped.
    text = unicodedata.normalize("NFKC", text or "")
    text = _INVISIBLE.sub("", text)
    text = _MARKS.sub("", text)
    text = to_ascii_digits(text).translate(_LETTER_FORMS).casefold()
    if not strict:
        text = text.translate(_LENIENT)
    return _SEPARATORS.sub(" ", text).split()


def _drop_article(word: str) -> str:
    # "الكرملين" and "كرملين" are one answer; a two-letter remainder ("الى") is kept whole.
    while word.startswith(_ARTICLE) and len(word) - len(_ARTICLE) >= 3:
        word = word[len(_ARTICLE) :]
    return word


def matches(response: str, accepted: str, *, strict: bool = False) -> bool:
    """True when a typed response is the accepted answer, as a teacher would read it."""
    given = normalize(response, strict=strict)
    return bool(given) and given == normalize(accepted, strict=strict)


def matches_any(response: str, accepted, *, strict: bool = False) -> bool:
    given = normalize(response, strict=strict)
    return bool(given) and any(given == normalize(a, strict=strict) for a in accepted)


# Proper names: how Arabic writes a foreign name varies where a teacher does not mind.

# The letter pairs transliteration wavers between (ط/ت, ص/س, ق/ك, غ/ج for a "g"), with the
# Persian letters for "v" and "g"; hamza on its own is a vowel sign in a transliterated name.
_NAME_PAIRS = str.maketrans({"ط": "ت", "ص": "س", "ق": "ك", "غ": "ج", "ڤ": "ف", "گ": "ج", "ء": ""})
# Long vowels: written or left out inside a transliterated name («نزارباييف», «نزاربايف»).
_LONG_VOWELS = re.compile("(?<!^)[اوي]")
_DOUBLED = re.compile(r"(.)\1+")


def _folded(text):
    # The lenient form run together (an article that is one kept), pairs folded, doubles single.
    return _DOUBLED.sub(r"\1", "".join(_words(text)).translate(_NAME_PAIRS))


def name_skeleton(text: str) -> str:
    """The letters a name keeps however it is transliterated: the lenient form, words run together,
    the letter pairs folded, long vowels after the first letter dropped, doubled letters single."""
    return _DOUBLED.sub(r"\1", _LONG_VOWELS.sub("", _folded(text)))


# A skeleton this short says too little («ماتي» and «مايوت» are both م-ت, «بوتين» and «بوتان»
# ب-ت): there one long vowel may be written or left out, no more, and none changed.
_SHORT_SKELETON = 3


def _same_skeleton(given, accepted):
    skeleton = name_skeleton(accepted)
    if name_skeleton(given) != skeleton:
        return False
    if len(skeleton) > _SHORT_SKELETON:
        return True
    shorter, longer = sorted((_folded(given), _folded(accepted)), key=len)
    if shorter == longer:
        return True
    return len(longer) == len(shorter) + 1 and any(
        longer[i] in "اوي" and longer[:i] + longer[i + 1 :] == shorter for i in range(1, len(longer))
    )


def name_typos(skeleton: str) -> int:
    """How many letters of a name's skeleton may differ: none up to 4, one up to 8, then two."""
    return 0 if len(skeleton) <= 4 else 1 if len(skeleton) <= 8 else 2


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swapped neighbours counted once (optimal string alignment); anything
    above `limit` is reported as limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous, current = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
    return min(current[-1], limit + 1)


def _without_heads(words, heads):
    """The words after any leading head words («جمهورية», «حلف», «مدينة») the answer lists."""
    words = list(words)
    dropped = True
    while dropped and words:
        dropped = False
        for head in heads:
            if head and words[: len(head)] == head and len(words) > len(head):
                words, dropped = words[len(head) :], True
    return words


def _same_name(given, accepted, *, person):
    """True when two word lists are one name: the same skeleton when run together (a space added
    or dropped), or word for word with the typos the name's length allows; a person's given names
    are never left to a typo, only their last name is."""
    if _same_skeleton(" ".join(given), " ".join(accepted)):
        return True
    if len(given) != len(accepted):
        return False
    pairs = [(name_skeleton(g), name_skeleton(a)) for g, a in zip(given, accepted, strict=True)]
    if person:
        last_given, last_accepted = pairs[-1]
        allowed = name_typos(last_accepted)
        if not all(_same_skeleton(g, a) for g, a in zip(given, accepted[:-1], strict=False)):
            return False
        return _distance(last_given, last_accepted, allowed) <= allowed and allowed > 0
    allowed = name_typos("".join(a for _, a in pairs))
    return allowed > 0 and sum(_distance(g, a, allowed) for g, a in pairs) <= allowed


def matches_name(response: str, accepted, *, heads=(), person: bool = False) -> bool:
    """True when a typed response is one of the `accepted` spellings of a proper name, written as
    Arabic writes foreign names (see the module's docstring): long vowels and doubled letters
    either way, the letter pairs transliteration wavers between, a typo scaled to the name's
    length, and the `heads` listed with the answer added or dropped at its start. For a person,
    the leading (given) names of an accepted spelling may be dropped, never replaced or added.
    """
    # Both with and without a leading «ال» read as the article: «ألماتي» begins with one that is not.
    for words_of in (lambda text: normalize(text).split(), _words):
        heads_words = [words_of(h) for h in heads]
        given = _without_heads(words_of(response), heads_words)
        if not given:
            continue
        for spelling in accepted:
            words = _without_heads(words_of(spelling), heads_words)
            # A person is also named by the last words of an accepted spelling: «نيكول باشينيان» → «باشينيان».
            for start in range(len(words) if person else 1):
                if words[start:] and _same_name(given, words[start:], person=person):
                    return True
    return False


# Numbers. A number in digits is a run of digits and the separators between them; how the
# separators read is decided in `_read_digits` (the decision table is in the module's docstring).
_DIGIT_RUN = re.compile(r"[-+−]?\d+(?:[.,،٬٫'\u00a0\u202f ]\d+)*")
_TOKEN = re.compile(rf"(?P<number>{_DIGIT_RUN.pattern})|(?P<word>[^\W\d_]+)")
_COMMAS = ",،٫"
_SPACES = "'\u00a0\u202f "


@dataclass(frozen=True)
class NumberReading:
    """What a typed number says: `value` as read alone (None when it needs the key to be read),
    and `other`, the second reading of three digits after a single separator, with `rule` saying
    what grading makes of it: "ask" (a comma: the student is asked which they meant) or "large"
    (a dot: the thousands reading counts where the key is that large)."""

    value: Decimal | None
    other: Decimal | None = None
    rule: str = ""

    def scaled(self, factor):
        return NumberReading(
            None if self.value is None else self.value * factor,
            None if self.other is None else self.other * factor,
            self.rule,
        )


def _read_digits(text):
    """Reads one run of digits and separators (see the decision table); None if malformed."""
    sign = -1 if text[0] in "-−" else 1
    text = text.lstrip("+-−")
    runs = re.split(r"[^\d]", text)
    marks = re.findall(r"[^\d]", text)
    if not marks:
        return NumberReading(sign * Decimal(text))

    def grouped(n):  # the first n runs as thousands groups: 1-3 digits, then exactly three each
        head, tail = runs[0], runs[1:n]
        if not 1 <= len(head) <= 3 or any(len(r) != 3 for r in tail):
            return None
        return Decimal("".join(runs[:n]))

    if len(marks) == 1:
        mark, (whole, fraction) = marks[0], runs
        as_decimal = sign * Decimal(f"{whole}.{fraction}")
        as_thousands = sign * Decimal(whole + fraction) if len(whole) <= 3 and len(fraction) == 3 else None
        if as_thousands is None:
            return NumberReading(as_decimal) if mark in _COMMAS or mark == "." else None
        if mark in ",،":
            return NumberReading(as_thousands, as_decimal, "ask")
        if mark == "٫":
            return NumberReading(as_decimal, as_thousands, "ask")
        if mark == ".":
            return NumberReading(as_decimal, as_thousands, "large")
        return NumberReading(as_thousands)  # ٬ and spaces only ever group thousands
    # Several separators: all but the last group thousands; the last one may be the decimal mark.
    group_mark, last = marks[0], marks[-1]
    if any(m != group_mark for m in marks[:-1]):
        return None
    if last == group_mark:
        whole = grouped(len(runs))
        if whole is None:
            return None
        return NumberReading(None, sign * whole, "large") if group_mark == "." else NumberReading(sign * whole)
    if last in _SPACES or last == "٬" or (last in _COMMAS and group_mark in _COMMAS):
        return None
    whole = grouped(len(runs) - 1)
    if whole is None:
        return None
    value = sign * (whole + Decimal(f"0.{runs[-1]}"))
    return NumberReading(None, value, "large") if group_mark == "." else NumberReading(value)


def _lexicon(entries):
    """Word forms in the form `normalize` gives them, so any spelling a teacher accepts is found."""
    return {normalize(word): value for words, value in entries for word in words.split()}


# Units, with "عشرة" (10) among them for its place in a compound; the duals of "time", "year",
# "day" and "month" carry their number ("مرتين" = 2).
_UNITS = _lexicon(
    [
        ("صفر", 0),
        ("واحد واحدة", 1),
        ("اثنان اثنين اثنتان اثنتين إثنان إثنين مرتان مرتين عامان عامين سنتان سنتين يومان يومين شهران شهرين", 2),
        ("ثلاث ثلاثة", 3),
        ("أربع أربعة", 4),
        ("خمس خمسة", 5),
        ("ست ستة", 6),
        ("سبع سبعة", 7),
        ("ثمان ثماني ثمانية", 8),
        ("تسع تسعة", 9),
    ]
)
_TEN = _lexicon([("عشر عشرة", 10)])
# Units that take "عشر"/"عشرة" after them to make 11 to 19 ("أحد عشر", "اثنتا عشرة").
_TEEN_ONLY = _lexicon([("أحد إحدى", 1), ("اثنا اثني اثنتا اثنتي", 2)])
_TENS = _lexicon(
    [
        ("عشرون عشرين", 20),
        ("ثلاثون ثلاثين", 30),
        ("أربعون أربعين", 40),
        ("خمسون خمسين", 50),
        ("ستون ستين", 60),
        ("سبعون سبعين", 70),
        ("ثمانون ثمانين", 80),
        ("تسعون تسعين", 90),
    ]
)
_HUNDRED_WORDS = ("مئة", "مائة")
# Hundreds as one word or two, with either spelling: «تسعمئة», «تسعمائة», «ثلاث مئة»; duals.
_HUNDREDS = _lexicon(
    [
        ("مئة مائة", 100),
        ("مئتان مئتين مئتا مئتي مائتان مائتين مائتا مائتي", 200),
        *(
            (" ".join(stem + word for word in _HUNDRED_WORDS), value)
            for stems, value in [
                ("ثلاث", 300),
                ("أربع", 400),
                ("خمس", 500),
                ("ست", 600),
                ("سبع", 700),
                ("ثمان ثماني", 800),
                ("تسع", 900),
            ]
            for stem in stems.split()
        ),
    ]
)
# Words that multiply the count before them ("ثلاثة آلاف", "100 ألف", "عشرون ألفًا"); the singular
# stands alone ("ألف" = 1000), the dual is its own number ("ألفان" = 2000).
_MULTIPLIERS = _lexicon([("ألفا آلاف", 1000), ("مليونا ملايين", 10**6), ("مليارا مليارات", 10**9)])
_SINGULARS = _lexicon([("ألف", 1000), ("مليون", 10**6), ("مليار", 10**9)])
_DUALS = _lexicon([("ألفان ألفين", 1000), ("مليونان مليونين", 10**6), ("ملياران مليارين", 10**9)])
# Ordinals, read only where the key is a position: «الثالث», «الثالثة», «الحادي عشر».
_ORDINALS = _lexicon(
    [
        ("أول أولى", 1),
        ("ثاني ثانية", 2),
        ("ثالث ثالثة", 3),
        ("رابع رابعة", 4),
        ("خامس خامسة", 5),
        ("سادس سادسة", 6),
        ("سابع سابعة", 7),
        ("ثامن ثامنة", 8),
        ("تاسع تاسعة", 9),
        ("عاشر عاشرة", 10),
    ]
)
_ORDINAL_TEEN = _lexicon([("حادي حادية", 1)])

# Fractions and vague amounts change a number in ways this reader does not follow: it refuses
# them rather than misread "مليون ونصف" or "عشرات الآلاف".
_UNREADABLE = set(_lexicon([("نصف ونصف ربع وربع ثلث وثلث عشرات مئات", None)]))
_AND = "و"


def _number_word(word, ordinal):
    """(kind, value) of one number word in the form `normalize` gives it, or None."""
    if ordinal and word in _ORDINALS:
        return ("unit", _ORDINALS[word]) if _ORDINALS[word] < 10 else ("ten-alone", 10)
    if ordinal and word in _ORDINAL_TEEN:
        return ("unit", 1)  # «الحادي عشر», «الحادي والعشرون»
    for kind, table in (
        ("unit", _UNITS),
        ("ten-alone", _TEN),
        ("teen-unit", _TEEN_ONLY),
        ("tens", _TENS),
        ("hundreds", _HUNDREDS),
        ("multiplier", _MULTIPLIERS),
        ("singular", _SINGULARS),
        ("dual", _DUALS),
    ):
        if word in table:
            return kind, table[word]
    return None


def _tokens(text, ordinal):
    """The response's words and numbers as (kind, value): "digits" (a NumberReading), number
    words, "and" (a و before a number word), "and-other" (a word that starts with و and is no
    number), "ordinal", "other"; None if something makes it unreadable."""
    tokens = []
    matches = list(_TOKEN.finditer(text))
    for i, match in enumerate(matches):
        if match.group("number"):
            reading = _read_digits(match.group("number"))
            if reading is None:
                return None
            tokens.append(("digits", reading))
            continue
        word = normalize(match.group("word"))
        if word in _UNREADABLE:
            return None
        following = normalize(matches[i + 1].group(0)) if i + 1 < len(matches) else ""
        # «وأحد عشر» is «و» and «أحد عشر», not «واحد» ("one") followed by «عشر».
        found = None if following in _TEN and word.startswith(_AND) else _number_word(word, ordinal)
        if found is None and word.startswith(_AND) and len(word) > 2:
            # «وعشرون», «والعشرون»: the conjunction written onto the number.
            rest = _number_word(normalize(word[1:]), ordinal)
            if rest is not None:
                tokens.append(("and", None))
                found = rest
            else:
                found = ("and-other", None)
        if found is None and word == _AND:
            found = ("and", None)
        if found is None and (word in _ORDINALS or word in _ORDINAL_TEEN):
            found = ("ordinal", None)  # where the key is no position, an ordinal is no number
        tokens.append(found or ("other", None))
    # «الحادي عشر» or «الثالث والعشرون» read without ordinals would be misread as 10 or 20.
    for (kind, _), (after, _) in zip(tokens, tokens[1:], strict=False):
        if kind == "ordinal" and after in ("ten-alone", "and"):
            return None
    return tokens


def _runs(tokens):
    """The stretches of number tokens; an "and" belongs to a run only between two number words.
    None when a run ends on a «و» that joins it to something unread («ستة آلاف وخمسمية»): the
    compound is never read as its first part."""
    runs, run = [], []
    for kind, value in tokens + [("other", None)]:
        if kind in ("other", "ordinal", "and-other"):
            if run and (run[-1][0] == "and" or kind == "and-other"):
                return None
            if run:
                runs.append(run)
            run = []
        elif kind != "and" or run:
            run.append((kind, value))
    return runs


# Inside a group below a thousand, parts come in Arabic's order: hundreds, units, tens
# («مئة وخمسة وعشرون»); a teen (11..19, and 10) takes the place of both units and tens.
_RANK = {"hundreds": 0, "unit": 1, "teen": 2, "tens": 2}


def _words_value(run):
    """The value of a run of number words («أربعة آلاف وثلاثمئة» = 4300); None if it is not one
    number as Arabic writes it (two numbers side by side, parts out of order, a dangling و)."""
    parts = []  # (kind, value) with teens and two-word hundreds joined up
    i = 0
    while i < len(run):
        kind, value = run[i]
        after = run[i + 1] if i + 1 < len(run) else (None, None)
        if kind in ("unit", "teen-unit") and after[0] == "ten-alone" and 1 <= value <= 9:
            parts.append(("teen", 10 + value))
            i += 2
            continue
        if kind == "unit" and after[0] == "hundreds" and after[1] == 100 and 3 <= value <= 9:
            parts.append(("hundreds", value * 100))  # «ثلاث مئة»
            i += 2
            continue
        if kind == "teen-unit":
            return None  # «أحد» alone is "someone"
        parts.append(("teen", 10) if kind == "ten-alone" else (kind, value))
        i += 1
    total, group, rank, last_multiplier, after_part = 0, None, -1, None, False
    for kind, value in parts:
        if kind == "and":
            if not after_part:
                return None
            after_part = False
        elif kind in ("multiplier", "singular"):
            # «ثلاثة آلاف», «عشرون ألفًا»; «ألف» alone is a thousand, «آلاف» alone is no number.
            if group is None and (after_part or kind == "multiplier"):
                return None
            if last_multiplier is not None and value >= last_multiplier:
                return None
            total += (1 if group is None else group) * value
            group, rank, last_multiplier, after_part = None, -1, value, True
        elif after_part:
            return None  # two numbers side by side: «ثلاثة أربعة»
        elif kind == "dual":  # «ألفان»
            if group is not None or (last_multiplier is not None and value >= last_multiplier):
                return None
            total += 2 * value
            last_multiplier, after_part = value, True
        else:
            if _RANK[kind] <= rank:
                return None  # out of Arabic's order: «عشرون وثلاثة»
            group, rank, after_part = (group or 0) + value, _RANK[kind], True
    if not after_part:
        return None  # ends on «و», or nothing
    return total + (group or 0)


def read_number(text: str, *, ordinal: bool = False):
    """Reads one number from a response as a NumberReading; None if there is not exactly one.

    `ordinal` also reads ordinal words («الثالث», «الحادي عشر»), for a key that is a position.
    """
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text)
    tokens = _tokens(to_ascii_digits(_MARKS.sub("", _INVISIBLE.sub("", text))), ordinal)
    if tokens is None:
        return None
    runs = _runs(tokens)
    if runs is None or len(runs) != 1:
        return None
    run = runs[0]
    if run[0][0] == "digits":
        match run:
            case [(_, reading)]:
                return reading
            case [(_, reading), ("multiplier" | "singular", factor)]:
                return reading.scaled(factor)  # «100 ألف», «1.5 مليون»
        return None
    if any(kind == "digits" for kind, _ in run):
        return None
    value = _words_value(run)
    return None if value is None else NumberReading(Decimal(value))


def parse_number(text: str, *, ordinal: bool = False):
    """The number a response says, read without its key; None if there is not exactly one, or if
    it reads only with the key (dots grouping thousands, «1.500.000»)."""
    reading = read_number(text, ordinal=ordinal)
    return None if reading is None else reading.value


def grade_number(response: str, expected, tolerance=0, *, ordinal: bool = False) -> str:
    """How a typed number compares with the key: "right", "wrong", "unreadable" (no number, or two),
    or "ask" (it reads two ways and only one of them is right: the student is asked which)."""
    reading = read_number(response, ordinal=ordinal)
    if reading is None:
        return "unreadable"
    expected, tolerance = Decimal(str(expected)), Decimal(str(tolerance))

    def close(value):
        return value is not None and abs(value - expected) <= tolerance

    if close(reading.value):
        return "right"
    if close(reading.other) and reading.rule == "large" and abs(expected) >= 1000:
        return "right"
    if close(reading.other) and reading.rule == "ask":
        return "ask"
    return "wrong"


# Arabic letters in Latin, as a reader of an address spells them (a simple, lossless-enough table:
# the slug names a set, it is not a scholarly transliteration).
_LATIN = str.maketrans(
    {
        "ا": "a",
        "أ": "a",
        "إ": "i",
        "آ": "a",
        "ٱ": "a",
        "ء": "",
        "ؤ": "u",
        "ئ": "i",
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "ع": "",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "ة": "a",
        "و": "w",
        "ي": "y",
        "ى": "a",
    }
)


def latin_slug(text: str, max_length: int = 50) -> str:
    """A lowercase Latin slug (letters, digits, hyphens) spelling `text` for an address: Arabic
    transliterated letter by letter, Latin accents dropped, anything else a separator; "" when
    nothing usable remains."""
    text = to_ascii_digits(_MARKS.sub("", _INVISIBLE.sub("", text)).translate(_LETTER_FORMS)).translate(_LATIN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:max_length].strip("-")
