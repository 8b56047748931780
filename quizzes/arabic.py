"""Arabic text normalisation for matching typed answers the way a teacher would.

A teacher accepts an answer whatever its diacritics, tatweel, alef and hamza forms, final ى/ي or
ة/ه, a leading definite article, the digit script (٢٠٢٢, ۲۰۲۲, 2022), Persian letter forms or
invisible direction marks; and refuses a different word. `strict=True` is for questions where
spelling is the point: hamza, alef forms, ى and ة then count (diacritics still do not).

Pure functions on strings; nothing here knows about Django.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

__all__ = ["normalize", "matches", "matches_any", "to_ascii_digits", "parse_number"]

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
    text = unicodedata.normalize("NFKC", text or "")
    text = _INVISIBLE.sub("", text)
    text = _MARKS.sub("", text)
    text = to_ascii_digits(text).translate(_LETTER_FORMS).casefold()
    if not strict:
        text = text.translate(_LENIENT)
    words = _SEPARATORS.sub(" ", text).split()
    return " ".join(_drop_article(word) for word in words)


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


# A number in digits: grouped in thousands (1,500 / ١٬٥٠٠ / 20 000) or not, with an optional decimal part.
_NUMBER = r"[-+−]?(?:\d{1,3}(?:[,،٬'\u00a0\u202f ]\d{3})+(?!\d)|\d+)(?:[.٫]\d+)?"
_TOKEN = re.compile(rf"(?P<number>{_NUMBER})|(?P<word>[^\W\d_]+)")


def _lexicon(entries):
    """Word forms in the form `normalize` gives them, so any spelling a teacher accepts is found."""
    return {normalize(word): value for words, value in entries for word in words.split()}


# Whole numbers a student writes as a word, masculine and feminine, with or without the
# article; the duals of "time", "year", "day" and "month" carry their number ("مرتين" = 2).
_WORDS = _lexicon(
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
        ("عشر عشرة", 10),
        ("عشرون عشرين", 20),
        ("ثلاثون ثلاثين", 30),
        ("أربعون أربعين", 40),
        ("خمسون خمسين", 50),
        ("ستون ستين", 60),
        ("سبعون سبعين", 70),
        ("ثمانون ثمانين", 80),
        ("تسعون تسعين", 90),
        ("مئة مائة", 100),
        ("مئتان مئتين مائتان مائتين", 200),
        ("ألفان ألفين", 2000),
        ("مليونان مليونين", 2_000_000),
        ("ملياران مليارين", 2_000_000_000),
    ]
)

# Units that take "عشر"/"عشرة" after them to make 11 to 19 ("أحد عشر", "اثنتا عشرة", "ثلاث عشرة").
_TEEN_UNITS = _lexicon(
    [
        ("أحد إحدى", 1),
        ("اثنا اثني اثنتا اثنتي", 2),
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

# Words that multiply the number before them ("100 ألف", "1.5 مليون", "ثلاثة آلاف"); the
# singular ones also stand alone ("ألف" = 1000).
_MULTIPLIERS = _lexicon([("ألف ألفا آلاف", 1000), ("مليون مليونا ملايين", 10**6), ("مليار مليارا مليارات", 10**9)])
_ALONE = _lexicon([("ألف", 1000), ("مليون", 10**6), ("مليار", 10**9)])

# Fractions and vague amounts change a number in ways this reader does not follow: it refuses
# them rather than misread "مليون ونصف" or "عشرات الآلاف".
_UNREADABLE = set(_lexicon([("نصف ونصف ربع وربع ثلث وثلث عشرات مئات", None)]))


def _joined_number(word):
    """True for a number word behind "و" ("وعشرون"): a compound this reader does not add up."""
    rest = word[1:] if word.startswith("و") else ""
    return len(rest) >= 2 and (rest in _WORDS or rest in _TEEN_UNITS or rest in _MULTIPLIERS)


def _tokens(text):
    """The numbers, multipliers and other words of a response, in order, as (kind, value, teen)
    where `teen` is the unit a following "عشر"/"عشرة" turns into 11..19. None if unreadable."""
    tokens = []
    for match in _TOKEN.finditer(text):
        if match.group("number"):
            number = re.sub(r"[,،٬'\s]", "", match.group("number")).replace("٫", ".").replace("−", "-")
            try:
                tokens.append(("number", Decimal(number), None))
            except InvalidOperation:
                return None
            continue
        word = normalize(match.group("word"))
        teen = _TEEN_UNITS.get(word)
        if word in _UNREADABLE:
            return None
        if word in _TEN and tokens and tokens[-1][2] is not None:
            tokens[-1] = ("number", Decimal(10 + tokens[-1][2]), None)
        elif word in _MULTIPLIERS:
            tokens.append(("multiplier", word, None))
        elif word in _WORDS:
            tokens.append(("number", Decimal(_WORDS[word]), teen))
        elif _joined_number(word):
            return None
        else:
            # "أحد" and "اثنا" are numbers only before "عشر" ("أحد" alone is "someone").
            tokens.append(("other", None, teen))
    return tokens


def parse_number(text: str):
    """Reads one number from a response, as students and documents write it; None if there is
    not exactly one.

    Accepts any digit script, grouping (1,500 / ١٬٥٠٠), the Arabic decimal separator (٣٫٥), a
    minus or percent sign and words around the number ("عام ٢٠٠٢", "6500 قتيل"); a multiplier
    word right after it ("100 ألف", "1.5 مليون", "٢٠ ألفًا", "ثلاثة آلاف"); and a whole number
    written as a word ("ثلاث مرات", "مرتين", "أحد عشر", "عشرون", "ألف"). Refuses two numbers
    ("2002-2003", "ثلاثة وعشرون", which it does not add up) or none.
    """
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text)
    tokens = _tokens(to_ascii_digits(_MARKS.sub("", _INVISIBLE.sub("", text))))
    if tokens is None:
        return None
    found = [(i, kind, value) for i, (kind, value, _teen) in enumerate(tokens) if kind != "other"]
    match found:
        case [(_, "number", value)]:
            return value
        case [(i, "number", value), (j, "multiplier", word)] if j == i + 1:
            return value * _MULTIPLIERS[word]
        case [(_, "multiplier", word)] if word in _ALONE:
            return Decimal(_ALONE[word])
    return None


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
