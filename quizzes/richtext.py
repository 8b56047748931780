"""The small Markdown subset of prompts and explanations (bold, italics, lists, links), made safe.

markdown-it-py reads the text with raw HTML off and only those rules on; nh3 then keeps only an
allow-list of tags, so no script, event handler, style or unsafe link reaches a page whatever the
author (or an imported file) wrote.
"""

import html
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

__all__ = ["render", "render_inline"]

# Block rules for paragraphs and lists, inline rules for emphasis, links and escapes; the rest
# (headings, images, tables, code, quotes, raw HTML) stays plain text.
_BLOCK_RULES = {"paragraph", "list"}
_INLINE_RULES = {"text", "newline", "escape", "entity", "emphasis", "link", "autolink", "balance_pairs"}
_INLINE2_RULES = {"balance_pairs", "emphasis", "fragments_join"}
_CORE_RULES = {"normalize", "block", "inline", "text_join"}

BLOCK_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a"}
INLINE_TAGS = {"strong", "em", "a"}
LINK_SCHEMES = {"http", "https", "mailto"}


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    keep = {"core": _CORE_RULES, "block": _BLOCK_RULES, "inline": _INLINE_RULES, "inline2": _INLINE2_RULES}
    off = [rule for chain, rules in md.get_all_rules().items() for rule in rules if rule not in keep[chain]]
    return md.disable(off)


_MD = _parser()


def _keep_attribute(tag, name, value):
    # nh3's scheme list lets relative links through; a question links out to a full address or not at all.
    if tag == "a" and name == "href":
        try:
            scheme = urlsplit(value.strip()).scheme.lower()
        except ValueError:
            return None
        return value if scheme in LINK_SCHEMES else None
    return value


def _clean(html, tags):
    return nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href"}},
        url_schemes=LINK_SCHEMES,
        link_rel="noopener nofollow",
        attribute_filter=_keep_attribute,
        strip_comments=True,
    ).strip()


@lru_cache(maxsize=4096)
def render(text) -> SafeString:
    """Paragraphs and lists with bold, italics and links, as safe HTML."""
    if not text:
        return mark_safe("")
    return mark_safe(_clean(_MD.render(str(text)), BLOCK_TAGS))  # noqa: S308 (sanitised just above)


def summary(text, length=60) -> str:
    """The beginning of a prompt as plain text (its Markdown read, its marks dropped), cut at
    `length` characters with an ellipsis: how a question is named where a title is needed."""
    plain = " ".join(strip_tags(render_inline(text)).split())
    plain = html.unescape(plain)
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"


@lru_cache(maxsize=4096)
def render_inline(text) -> SafeString:
    """Bold, italics and links only, for a place that holds one line such as a heading."""
    if not text:
        return mark_safe("")
    return mark_safe(_clean(_MD.renderInline(str(text)), INLINE_TAGS))  # noqa: S308 (sanitised just above)
