"""A source's stored article text: attaching it, checking a quote against it, and finding the quote.

A quote matches its article verbatim, except that any run of whitespace counts as one space and
Arabic presentation forms (ﻻ, ﺍ…) count as the letters they show, since copying from a PDF or a
web page changes both. When a quote is not there, the closest passage (compared in the lenient
form of `arabic.normalize`) is offered so the author can fix it.
"""

import heapq
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from django.db import transaction
from django.utils.translation import gettext as _

from ..arabic import normalize
from ..models import QuestionSet, Source
from ..questions import Problem
from .articles import ArticleNotFound, read_article
from .sets import renew_content

__all__ = [
    "MAX_TEXT_BYTES",
    "SourceTextError",
    "attach_seed_articles",
    "attach_text",
    "clean_text",
    "find_source",
    "locate_quote",
    "passages",
    "quote_problem",
    "verify_quote",
]

MAX_TEXT_BYTES = 1_000_000

# Direction marks and zero-width characters that copying brings along and no eye can see.
_INVISIBLE = frozenset("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class SourceTextError(ValueError):
    """An article's text that cannot be stored; the message is for the person who sent it."""


def clean_text(text) -> str:
    """The article's text as stored: UTF-8, at most 1 MB, no NUL byte, newlines as "\\n"."""
    if isinstance(text, bytes):
        if len(text) > MAX_TEXT_BYTES:
            raise SourceTextError(_("The article is larger than 1 MB."))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise SourceTextError(_("The article is not UTF-8 text: save it as UTF-8 and try again.")) from None
    if not isinstance(text, str):
        raise SourceTextError(_("The article must be text."))
    if len(text) > MAX_TEXT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise SourceTextError(_("The article is larger than 1 MB."))
    if "\x00" in text:
        raise SourceTextError(_("The article contains a NUL byte: attach plain text."))
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def attach_text(source, text):
    """Stores `text` (str or UTF-8 bytes) as the article of `source`; SourceTextError if it cannot."""
    source.text = clean_text(text)
    with transaction.atomic():
        source.save(update_fields=["text"])
        _renew_sets({source.question_set_id})
    return source


def attach_seed_articles(seeds_dir=None):
    """Stores, for every source with a file, its article's slice of that file in SEEDS_DIR.

    A missing or unreadable file is skipped: the source simply offers no "read in context".
    Returns the counts {"attached", "unchanged", "skipped"}.
    """
    counts = {"attached": 0, "unchanged": 0, "skipped": 0}
    changed_sets = set()
    for source in Source.objects.exclude(file="").order_by("pk").iterator():
        try:
            text = clean_text(read_article(source.file, source.begins, source.ends, seeds_dir=seeds_dir))
        except (ArticleNotFound, OSError, UnicodeDecodeError, SourceTextError):
            counts["skipped"] += 1
            continue
        if text == source.text:
            counts["unchanged"] += 1
            continue
        Source.objects.filter(pk=source.pk).update(text=text)
        changed_sets.add(source.question_set_id)
        counts["attached"] += 1
    _renew_sets(changed_sets)
    return counts


def _renew_sets(set_ids):
    # The answer side's cache (which sources have text) is keyed by the set's content revision.
    for qset in QuestionSet.objects.filter(pk__in=set_ids):
        renew_content(qset)


def find_source(qset, key):
    """The set's source with this key, or None; a key no source could have never reaches a query."""
    if not isinstance(key, str) or not key or len(key) > Source._meta.get_field("key").max_length or "\x00" in key:
        return None
    return qset.sources.filter(key=key).first()


@lru_cache(maxsize=32)
def _comparable(text):
    """`text` with whitespace runs as one space, presentation forms as letters and invisible marks
    dropped, and for each of its characters the index of the character of `text` it came from."""
    chars, origins = [], []
    in_space = False
    for i, char in enumerate(text):
        if char.isspace():
            if not in_space:
                chars.append(" ")
                origins.append(i)
            in_space = True
            continue
        in_space = False
        if char in _INVISIBLE:
            continue
        if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefc":
            for letter in unicodedata.normalize("NFKC", char):
                chars.append(letter)
                origins.append(i)
        else:
            chars.append(char)
            origins.append(i)
    return "".join(chars), tuple(origins)


def locate_quote(text, quote):
    """Where `quote` is in `text`, as (start, end) indexes of `text`, or None if it is not there."""
    if not text or not quote:
        return None
    needle = _comparable(quote)[0].strip()
    if not needle:
        return None
    haystack, origins = _comparable(text)
    found = haystack.find(needle)
    if found < 0:
        return None
    return origins[found], origins[found + len(needle) - 1] + 1


def verify_quote(text, quote):
    """(True, the passage as the article writes it) when `quote` is in `text`, else (False, the
    closest passage of as many words, "" when there is nothing to compare)."""
    span = locate_quote(text, quote)
    if span is not None:
        return True, text[span[0] : span[1]]
    return False, closest_passage(text or "", quote or "")


def quote_problem(text, quote):
    """None when `quote` is in `text`, else what to tell its author, with the closest passage."""
    ok, passage = verify_quote(text, quote)
    if ok:
        return None
    if not passage:
        return _("The quote is not in its article.")
    return _("The quote is not in its article. The closest passage is: “%(passage)s”") % {"passage": passage}


def quote_problems(question, texts):
    """The problems of a question's quotes against the attached texts of its sources ({key: text}),
    each located at ("sources", index, "quote"); sources without text are not checked."""
    problems = []
    for i, source in enumerate(question.get("sources") or []):
        if not isinstance(source, dict):
            continue
        text, quote = texts.get(source.get("doc")), source.get("quote")
        if text and isinstance(quote, str) and (message := quote_problem(text, quote)):
            problems.append(Problem(("sources", i, "quote"), message))
    return problems


def closest_passage(text, quote):
    """The run of words of `text`, as long as `quote`, that reads most like it."""
    spans, forms = _words(text)
    size = len(quote.split())
    if not spans or not size:
        return ""
    if len(spans) <= size:
        return text.strip()
    wanted = [_word_form(word) for word in quote.split()]
    exact, stems = set(wanted), {form[:3] for form in wanted if form}
    # Comparing every window letter by letter takes seconds on a long article: only the windows
    # sharing the most words (or word beginnings) with the quote are compared.
    shared = [0]
    for form in forms:
        shared.append(shared[-1] + (2 if form in exact else 1 if form and form[:3] in stems else 0))
    starts = range(len(spans) - size + 1)
    candidates = heapq.nlargest(_CANDIDATES, starts, key=lambda i: shared[i + size] - shared[i])
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(" ".join(form for form in wanted if form))

    def score(first):
        matcher.set_seq1(" ".join(form for form in forms[first : first + size] if form))
        return matcher.ratio()

    best = max(sorted(candidates), key=score)
    return text[spans[best][0] : spans[best + size - 1][1]]


_CANDIDATES = 40


@lru_cache(maxsize=8)
def _words(text):
    """The (start, end) of each word of `text`, and each word in the form `normalize` gives it."""
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    return spans, [_word_form(text[start:end]) for start, end in spans]


@lru_cache(maxsize=65536)
def _word_form(word):
    return normalize(word)


def passages(text, span=None):
    """The article as paragraphs (its non-empty lines), each a list of pieces
    {"text", "marked", "first"}: the part inside `span` is marked, and the first marked piece
    says so, for the page to put its anchor there."""
    paragraphs = []
    first = True
    for line in re.finditer(r"[^\n]+", text or ""):
        if not line.group().strip():
            continue
        start, end = line.span()
        cuts = sorted({start, end, *(min(max(i, start), end) for i in (span or ()))})
        pieces = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            marked = span is not None and span[0] <= a and b <= span[1]
            pieces.append({"text": text[a:b], "marked": marked, "first": marked and first})
            first = first and not marked
        paragraphs.append(pieces)
    return paragraphs


def quotes_missing_from(source):
    """The set's quotes that cite `source` and are not in its attached text: [(question key, message)]."""
    if not source.text:
        return []
    missing = []
    for key, sources in source.question_set.questions.filter(retired_at__isnull=True).values_list("key", "sources"):
        for cited in sources:
            if cited.get("doc") == source.key and (message := quote_problem(source.text, cited.get("quote", ""))):
                missing.append((key, message))
    return missing
