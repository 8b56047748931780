"""What Moodle's two formats (Moodle XML and GIFT) share: their limits, question ids made from
Moodle's question names, categories read as tags, and Moodle's HTML read into the Markdown subset
our prompts and explanations are written in (quizzes/richtext.py)."""

import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3
from django.utils.translation import gettext as _

from ... import arabic, richtext
from ..importing import ImportFailed, ImportProblem

# A bank a teacher exports from a Moodle course is far smaller than this; a file beyond it is refused.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_QUESTIONS = 5000
# Longest id we derive from a question's name; ids allow 100 characters, 40 stays readable.
MAX_ID_LENGTH = 40
MAX_TAG_LENGTH = 64
# Placeholders for Moodle's escaped characters and gap markers, from Unicode's private use area.
PRIVATE = re.compile("[\ue000-\uf8ff]")

_ARABIC = re.compile("[\u0600-\u06ff]")
# Tags nh3 keeps for the converter to read; every other tag goes, its text stays (script and style
# go with their text).
_READ_TAGS = {
    "p", "div", "br", "strong", "b", "em", "i", "u", "a", "img", "ul", "ol", "li", "span", "sub", "sup",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "table", "tr", "td", "th", "tbody",
    "thead", "hr", "font", "center", "small", "big",
}  # fmt: skip
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "hr", "center"}
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*"}

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def option_key(index):
    """The key of an imported option: a, b, c... as Moodle letters them, then k26, k27..."""
    return LETTERS[index] if index < len(LETTERS) else f"k{index}"


def refuse(name, line, message, question=""):
    return ImportFailed([ImportProblem(name, line or 1, 1, question, message)])


def check_size(data, name):
    if len(data) > MAX_FILE_BYTES:
        raise refuse(
            name,
            1,
            _("The file is %(size)d bytes; at most %(max)d MB is accepted.")
            % {"size": len(data), "max": MAX_FILE_BYTES // (1024 * 1024)},
        )


def check_count(count, name, line):
    if count > MAX_QUESTIONS:
        raise refuse(name, line, _("The file has more than %(max)d questions.") % {"max": MAX_QUESTIONS})


class QuestionIds:
    """Our ids from Moodle's question names: a Latin name as its slug, any other (an Arabic name)
    as a short id stable for the same name, each made unique within the file."""

    def __init__(self):
        self.used = set()

    def make(self, name, prompt):
        name = (name or "").strip()
        slug = arabic.latin_slug(name, MAX_ID_LENGTH) if name and not _ARABIC.search(name) else ""
        if not slug:
            slug = "q-" + hashlib.sha256((name or prompt or "").encode()).hexdigest()[:8]
        unique, n = slug, 1
        while unique in self.used:
            n += 1
            unique = f"{slug}-{n}"
        self.used.add(unique)
        return unique


def category_tag(path):
    """The tag a Moodle category path stands for: its deepest name (`$course$/top/CSTO` gives
    «CSTO»); "" for the top category or a context alone."""
    parts = [p.strip() for p in re.split(r"(?<!/)/(?!/)", path or "") if p.strip()]
    parts = [p.replace("//", "/") for p in parts if not (p.startswith("$") and p.endswith("$")) and p != "top"]
    return parts[-1][:MAX_TAG_LENGTH].strip() if parts else ""


def language_of(texts):
    return "ar" if any(_ARABIC.search(t or "") for t in texts) else "en"


def set_slug(name):
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    return arabic.latin_slug(stem, 50) or "moodle-bank"


def set_title(name):
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    return stem.strip()[:200] or "Moodle"


class _Converter(HTMLParser):
    """Moodle's HTML (already cleaned by nh3) as Markdown (`markdown`) or as plain text."""

    def __init__(self, markdown):
        super().__init__(convert_charrefs=True)
        self.markdown = markdown
        self.stack = [[]]  # buffers: one per open emphasis or link
        self.links = []
        self.lists = []  # "ul" or ["ol", number] for each open list
        self.images = []

    def out(self, text):
        self.stack[-1].append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _BLOCKS:
            self.out("\n\n")
        elif tag == "br":
            self.out("\n")
        elif tag in ("ul", "ol"):
            self.out("\n\n")
            self.lists.append("ul" if tag == "ul" else ["ol", 0])
        elif tag == "li":
            indent = "   " * (len(self.lists) - 1)
            kind = self.lists[-1] if self.lists else "ul"
            if kind == "ul":
                marker = "- "
            else:
                kind[1] += 1
                marker = f"{kind[1]}. "
            self.out("\n" + indent + marker)
        elif tag in ("td", "th"):
            self.out(" ")
        elif tag in _MARKS or tag == "a":
            self.stack.append([])
            if tag == "a":
                self.links.append(attrs.get("href") or "")
        elif tag == "img":
            src = attrs.get("src") or ""
            if src:
                self.images.append(unquote(src.rsplit("/", 1)[-1].split("?")[0]))
            if attrs.get("alt"):
                self.out(attrs["alt"])

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.out("\n\n")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.out("\n\n")
        elif (tag in _MARKS or tag == "a") and len(self.stack) > 1:
            content = "".join(self.stack.pop())
            href = self.links.pop() if tag == "a" and self.links else ""
            core = content.strip()
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()) :]
            if not core or not self.markdown:
                self.out(content)
            elif tag == "a":
                scheme = urlsplit(href.strip()).scheme.lower() if href else ""
                if scheme in richtext.LINK_SCHEMES:
                    target = href.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                    self.out(f"{lead}[{core}]({target}){trail}")
                else:
                    self.out(content)
            else:
                mark = _MARKS[tag]
                self.out(f"{lead}{mark}{core}{mark}{trail}")

    def handle_data(self, data):
        text = re.sub(r"[ \t\r\f\v\u00a0]*\n\s*", "\n", data)
        text = re.sub(r"[ \t\r\f\v]+", " ", text)
        self.out(_escape(text) if self.markdown else text)

    def result(self):
        while len(self.stack) > 1:
            inner = self.stack.pop()
            self.stack[-1].extend(inner)
        text = "".join(self.stack[0])
        text = re.sub(r"[ \t]*\n[ \t]*", lambda m: "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip()


def _escape(text):
    return re.sub(r"([\\*_\[\]])", r"\\\1", text)


def _clean(html):
    return nh3.clean(html, tags=_READ_TAGS, attributes={"a": {"href"}, "img": {"src", "alt"}}, strip_comments=True)


def html_to_markdown(html):
    """Moodle's HTML as our prompts' Markdown, and the names of the images it showed."""
    converter = _Converter(markdown=True)
    converter.feed(_clean(html))
    converter.close()
    text = converter.result()
    # Marks escaped only where they would change what is shown: «2 * 3» stays as written.
    plain = re.sub(r"\\([\\*_\[\]])", r"\1", text)
    if plain != text and richtext.render(plain) == richtext.render(text):
        text = plain
    return text, converter.images


def html_to_text(html, *, one_line=False):
    """Moodle's HTML as plain text (an option, a matched item, a gap's text), and its images."""
    converter = _Converter(markdown=False)
    converter.feed(_clean(html))
    converter.close()
    text = converter.result()
    if one_line:
        text = " ".join(text.split())
    return text, converter.images


def markdown_to_html(text):
    """Our Markdown as the HTML Moodle shows, sanitised as the app shows it."""
    return str(richtext.render(text)) if text else ""
