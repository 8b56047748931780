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


_NUMBER = re.compile(r"[-+−]?\d+(?:[,،٬'\s]\d{3})*(?:[.٫]\d+)?")


def parse_number(text: str):
    """Reads one number from a response, in any digit script; None if there is not exactly one.

    Accepts grouping (1,500 / ١٬٥٠٠), the Arabic decimal separator (٣٫٥), a minus sign, a
    percent sign and words around the number ("عام ٢٠٠٢", "6500 قتيل"), but refuses two
    numbers ("2002-2003") or none.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = to_ascii_digits(_INVISIBLE.sub("", text)).strip()
    found = _NUMBER.findall(text)
    if len(found) != 1:
        return None
    rest = _NUMBER.sub(" ", text, count=1)
    if any(ch.isdigit() for ch in rest):
        return None
    number = re.sub(r"[,،٬'\s]", "", found[0]).replace("٫", ".").replace("−", "-")
    try:
        return Decimal(number)
    except InvalidOperation:
        return None
