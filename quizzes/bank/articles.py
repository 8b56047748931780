"""Where each article lies inside its source file: one file may hold several articles.

An article starts at the first occurrence of its `begins` text (the file's start when empty) and
stops just before the first occurrence of its `ends` text after that (the file's end when empty).
Pure functions on strings and paths; nothing here touches the database.
"""

from pathlib import Path

from django.conf import settings

__all__ = ["ArticleNotFound", "article_text", "read_article"]


class ArticleNotFound(ValueError):
    """The text that bounds an article is not where the source entry says it is."""


def article_text(file_text: str, begins: str = "", ends: str = "") -> str:
    """The slice of `file_text` that is the article bounded by `begins` (kept) and `ends` (left out)."""
    start = 0
    if begins:
        start = file_text.find(begins)
        if start < 0:
            raise ArticleNotFound(f"The article's “begins” text is not in the file: {begins!r}")
    stop = len(file_text)
    if ends:
        stop = file_text.find(ends, start + len(begins))
        if stop < 0:
            raise ArticleNotFound(f"The article's “ends” text is not in the file after its “begins”: {ends!r}")
    return file_text[start:stop]


def read_article(file: str, begins: str = "", ends: str = "", seeds_dir=None) -> str:
    """The text of one article, read from `file` in SEEDS_DIR (or `seeds_dir`)."""
    if not file or Path(file).name != file or file in (".", ".."):
        # A source names a file of the documents folder, never a path that leaves it.
        raise ArticleNotFound(f"A source file must be a plain file name: {file!r}")
    path = Path(seeds_dir or settings.SEEDS_DIR) / file
    try:
        return article_text(path.read_text(encoding="utf-8"), begins, ends)
    except ArticleNotFound as exc:
        raise ArticleNotFound(f"{path}: {exc}") from None
