"""Prompts and explanations: the Markdown subset renders, and nothing unsafe reaches a page."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from quizzes.richtext import render, render_inline

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<b>unclosed <i>tags <div",
    "</p></li></ul><script>",
    '<p style="color:red">styled</p>',
    "<iframe src=https://evil.example></iframe>",
    "<!-- comment --><style>body{}</style>",
    '**bold [link](https://ok.example "t" onmouseover=alert(1))**',
    '<https://ok.example/"onmouseover="alert(1)>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


class Markup(HTMLParser):
    """Every tag and attribute a browser would build from the HTML (text is not markup)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.found.append(("!--", {}))


def unsafe(html):
    """The tags, attributes and link addresses that the allow-list does not permit."""
    bad = []
    for tag, attrs in Markup(html).found:
        if tag not in {"p", "strong", "em", "ul", "ol", "li", "a"}:
            bad.append(tag)
        for name, value in attrs.items():
            if (tag, name) not in {("a", "href"), ("a", "rel")}:
                bad.append(f"{tag}[{name}]")
            elif value not in ("noopener nofollow",) and urlsplit(value).scheme not in {"http", "https", "mailto"}:
                bad.append(value)
    return bad


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_reaches_the_page_as_markup(text):
    assert unsafe(render(text)) == []
    assert unsafe(render_inline(text)) == []


def test_bold_italics_lists_and_links_render():
    html = render("**مهم** و*مائل*\n\n- أولاً\n- ثانياً\n\n1. one\n2. two\n\n[المصدر](https://example.org/a)")
    assert "<strong>مهم</strong>" in html and "<em>مائل</em>" in html
    assert "<ul>\n<li>أولاً</li>" in html and "<ol>" in html
    assert '<a href="https://example.org/a" rel="noopener nofollow">المصدر</a>' in html


def test_mailto_links_are_kept():
    assert 'href="mailto:teacher@example.org"' in render("[write](mailto:teacher@example.org)")


def test_a_relative_link_loses_its_address():
    html = render("[here](/admin/)")
    assert "href" not in html and "here" in html


def test_raw_html_is_shown_as_text():
    assert render("<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


def test_other_markdown_stays_plain_text():
    html = render("# heading\n\n> quote\n\n`code`\n\n| a | b |")
    assert "<h1" not in html and "<blockquote" not in html and "<code" not in html and "<table" not in html
    assert "# heading" in html and "`code`" in html


def test_inline_rendering_has_no_blocks():
    html = render_inline("**في أي عام** أنشئت؟\n\n- not a list")
    assert html.startswith("<strong>في أي عام</strong>")
    assert "<p>" not in html and "<li>" not in html and "<ul>" not in html


def test_plain_arabic_text_is_only_wrapped():
    assert render("أنشئت عام 2002.") == "<p>أنشئت عام 2002.</p>"
    assert render_inline("في أي عام أنشئت المنظمة؟") == "في أي عام أنشئت المنظمة؟"


def test_empty_text_renders_nothing():
    assert render("") == "" and render(None) == "" and render_inline(None) == ""


def test_the_result_is_marked_safe_for_templates():
    assert isinstance(render("*x*"), SafeString) and isinstance(render_inline("*x*"), SafeString)


def test_the_template_filters_render_and_sanitise():
    template = Template("{% load quiz_tags %}<h1>{{ p|richtext_inline }}</h1>{{ e|richtext }}")
    html = template.render(Context({"p": "**b** <script>x</script>", "e": "[x](javascript:alert(1))"}))
    assert html.startswith("<h1><strong>b</strong> &lt;script&gt;")
    assert "javascript:alert(1)" not in html.replace("[x](javascript:alert(1))", "")
    assert "<a" not in html


HOSTILE_SET = """\
slug: hostile
title: مجموعة
language: ar
public: true
sources:
  - id: d
    title: وثيقة
    file: none.txt
questions:
  - id: q
    type: true_false
    prompt: '**مهم** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <b>broken'
    answer: true
    explanation: '*شرح* [مصدر](https://example.org) [y](data:text/html,hi) <svg onload=alert(1)> </p><div'
    sources:
      - doc: d
        quote: نص
"""


@pytest.fixture
def hostile_set(instructor):
    from quizzes.bank.importing import import_set, parse_bytes

    import_set(parse_bytes(HOSTILE_SET.encode(), "hostile.yaml"), owner=instructor)


def body_markup(html):
    """The tags and event-handler attributes the page's body builds from its HTML."""
    found = Markup(html[html.index("<body") :]).found
    return (
        {tag for tag, _ in found}
        | {name for _, attrs in found for name in attrs if name.startswith("on")}
        | {urlsplit(attrs["href"]).scheme for _, attrs in found if attrs.get("href")} - {"", "http", "https"}
    )


@pytest.mark.django_db
def test_the_study_page_renders_the_prompt_and_explanation_safely(client, student, hostile_set):
    from django.urls import reverse

    from quizzes.models import PendingAnswer

    client.force_login(student)
    html = client.get(reverse("study", args=["hostile"])).content.decode()
    assert '<h1 class="prompt" dir="auto"><strong>مهم</strong> &lt;script&gt;' in html
    token = PendingAnswer.objects.get().token
    client.post(reverse("study_check", args=["hostile"]), {"token": token, "response": "true"})
    html = client.get(reverse("study", args=["hostile"]) + f"?result={token}").content.decode()
    assert '<div class="explanation" dir="auto"><p><em>شرح</em> <a href="https://example.org"' in html
    assert "<script>alert" not in html and "<img" not in html and "<svg" not in html
    assert not {"script", "img", "svg", "onerror", "onload", "javascript", "data"} & body_markup(html)


@pytest.mark.django_db
def test_the_problems_page_renders_the_prompt_safely(client, student, instructor, hostile_set):
    from django.urls import reverse

    from quizzes.bank import problems
    from quizzes.models import Question

    problems.report_problem(student, Question.objects.get(key="q").pk, "unclear", "<script>x</script>")
    client.force_login(instructor)
    html = client.get(reverse("set_problems", args=["hostile"])).content.decode()
    assert '<p class="question-prompt" dir="auto"><strong>مهم</strong> &lt;script&gt;' in html
    assert "<script>alert" not in html and "<script>x" not in html
    assert not {"script", "img", "onerror"} & body_markup(html)
