"""Placeholder Arabic normalisation (replaced by the full module)."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def to_ascii_digits(text):
    return text.translate(DIGITS)


def normalize(text, *, strict=False):
    text = DIACRITICS.sub("", unicodedata.normalize("NFKC", text or ""))
    text = to_ascii_digits(text).casefold()
    text = re.sub(r"[\W_]+", " ", text).strip()
    if not strict:
        text = re.sub("[أإآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه")
        text = re.sub("[ؤئ]", "ء", text)
        if text.startswith("ال") and len(text) > 4:
            text = text[2:]
    return text


def matches(response, accepted, *, strict=False):
    given = normalize(response, strict=strict)
    return bool(given) and given == normalize(accepted, strict=strict)


def matches_any(response, accepted, *, strict=False):
    return any(matches(response, a, strict=strict) for a in accepted)


def parse_number(text):
    text = to_ascii_digits((text or "").strip()).replace("٫", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
