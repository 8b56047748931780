"""Another tool's HTML (an Anki field, a spreadsheet cell pasted from a page) made safe with nh3 and
turned into the Markdown subset our prompts are written in, with the images and sounds it named."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

# What survives sanitising: what the Markdown subset can say, and images to name what is left out.
_KEPT_TAGS = {"b", "strong", "i", "em", "u", "br", "div", "p", "li", "ul", "ol", "a", "img", "span", "sub", "sup"}
_BLOCKS = {"div", "p", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
_SOUND = re.compile(r"\[sound:([^\]]{1,200})\]")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class Converted:
    text: str
    images: list[str] = field(default_factory=list)
    sounds: list[str] = field(default_factory=list)


class _Markdown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.images = []
        self.link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in _BLOCKS:
            self.out.append("\n")
        elif tag == "a" and attrs.get("href"):
            self.link = attrs["href"]
            self.out.append("[")
        elif tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag in _BLOCKS - {"li"}:
            self.out.append("\n")
        elif tag == "a" and self.link:
            self.out.append(f"]({self.link})")
            self.link = None

    def handle_data(self, data):
        self.out.append(data)


def to_text(markup: str) -> Converted:
    """The text of `markup` with bold, italics, line breaks, lists and links kept as Markdown;
    scripts, styles and every other tag dropped by nh3 first. Sounds ([sound:x.mp3]) are named."""
    sounds = _SOUND.findall(markup)
    markup = _SOUND.sub("", markup)
    clean = nh3.clean(
        markup,
        tags=_KEPT_TAGS,
        attributes={"a": {"href"}, "img": {"src"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    parser = _Markdown()
    parser.feed(clean)
    parser.close()
    text = "".join(parser.out).replace("\xa0", " ")
    # Bold or italics around nothing (an empty <b></b>) would read as stray asterisks.
    text = text.replace("****", "").replace("**\n**", "\n")
    lines = [line.strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return Converted(text, parser.images, sounds)
