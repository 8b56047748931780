"""The article page: a student who checked an answer reads its quote in context, highlighted."""

import re
import uuid
from html import unescape

import pytest
from django.urls import reverse

from quizzes.bank.sources import attach_text
from quizzes.models import PendingAnswer

pytestmark = pytest.mark.django_db

ARTICLE = (
    "أثار وصول مظليين روس إلى كازاخستان مخاوف غربية.\n"
    "وتعد هذه أول عملية عسكرية للقوات الجماعية.\n"
    "تم إنشاء المنظمة في عام 2002 على أساس اتفاقية قديمة.\n"
)
URL = reverse("source", args=["sample", "doc0"])


@pytest.fixture
def article(sample_set):
    return attach_text(sample_set.sources.get(key="doc0"), ARTICLE)


@pytest.fixture
def studying(client, student, sample_set):
    client.force_login(student)
    return client


def shown_card(client):
    """The student's first card (the question "founded", whose quote is in doc0)."""
    client.get(reverse("study", args=["sample"]))
    shown = PendingAnswer.objects.get(rated_at__isnull=True)
    assert shown.question.key == "founded"
    return shown


def checked_card(client):
    shown = shown_card(client)
    response = client.post(
        reverse("study_check", args=["sample"]),
        {"token": shown.token, "response": "2002"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    return shown, response.content.decode()


def test_it_requires_login(client, article):
    assert client.get(URL).status_code == 302


def test_it_is_not_found_for_a_set_the_student_cannot_see(studying, article, sample_set):
    sample_set.is_public = False
    sample_set.save()
    assert studying.get(URL).status_code == 404


def test_it_is_not_found_for_an_unknown_source(studying, article):
    assert studying.get(reverse("source", args=["sample", "doc9"])).status_code == 404
    assert studying.get(reverse("source", args=["sample", "x" * 200])).status_code == 404


def test_it_is_not_found_for_a_source_without_text(studying, sample_set):
    assert studying.get(URL).status_code == 404


def test_it_shows_the_article_with_its_paragraphs_and_no_highlight(studying, article):
    html = studying.get(URL).content.decode()
    assert '<h1 dir="auto">وثيقة تجريبية</h1>' in html
    assert '<p dir="auto">وتعد هذه أول عملية عسكرية للقوات الجماعية.</p>' in html
    assert "<mark" not in html


def test_it_highlights_the_quote_of_a_checked_card(studying, article):
    shown, _ = checked_card(studying)
    html = studying.get(URL, {"quote": "0", "token": str(shown.token)}).content.decode()
    assert '<mark id="quote">تم إنشاء المنظمة في عام 2002</mark>' in html
    assert html.count("<mark") == 1
    assert 'href="#quote"' in html


def test_the_answer_side_links_to_the_article_at_the_quote(studying, article):
    shown, html = checked_card(studying)
    link = re.search(r'<a class="in-context" href="([^"]+)"', html)
    assert link and "اقرأ في السياق" in html
    url = unescape(link.group(1))
    # It carries the way back to this card (its source's anchor on the study page).
    assert url == f"{URL}?quote=0&token={shown.token}&next=/sets/sample/study/%23source-1#quote"
    page = studying.get(url.split("#")[0]).content.decode()
    assert '<mark id="quote">تم إنشاء المنظمة في عام 2002</mark>' in page


def test_the_answer_side_offers_no_link_without_the_article(studying, sample_set):
    _, html = checked_card(studying)
    assert "تم إنشاء المنظمة في عام 2002" in html
    assert "in-context" not in html


def test_the_question_side_offers_no_link(studying, article):
    studying.get(reverse("study", args=["sample"]))
    html = studying.get(reverse("study", args=["sample"])).content.decode()
    assert "in-context" not in html


def test_an_unchecked_card_reveals_no_quote(studying, article):
    shown = shown_card(studying)
    html = studying.get(URL, {"quote": "0", "token": str(shown.token)}).content.decode()
    assert "<mark" not in html


def test_another_students_card_is_not_found(client, make_user, studying, article):
    shown, _ = checked_card(studying)
    client.force_login(make_user("other"))
    assert client.get(URL, {"quote": "0", "token": str(shown.token)}).status_code == 404


def test_a_closed_card_shows_the_article_without_highlight(studying, article):
    response = studying.get(URL, {"quote": "0", "token": str(uuid.uuid4())})
    assert response.status_code == 200 and "<mark" not in response.content.decode()


@pytest.mark.parametrize("index", ["1", "99", "9999"])
def test_a_quote_index_out_of_range_shows_no_highlight(studying, article, index):
    shown, _ = checked_card(studying)
    response = studying.get(URL, {"quote": index, "token": str(shown.token)})
    assert response.status_code == 200 and "<mark" not in response.content.decode()


@pytest.mark.parametrize("index", ["", "x", "-1", "1.5", "٠", "99999", "0\x00"])
def test_a_malformed_quote_index_is_refused(studying, article, index):
    shown, _ = checked_card(studying)
    assert studying.get(URL, {"quote": index, "token": str(shown.token)}).status_code == 400


@pytest.mark.parametrize("token", ["", "not-a-uuid", "\x00"])
def test_a_malformed_token_is_refused(studying, article, token):
    assert studying.get(URL, {"quote": "0", "token": token}).status_code == 400


def test_a_quote_of_another_source_is_not_highlighted_here(studying, sample_set, article):
    sample_set.sources.create(key="doc1", title="وثيقة أخرى", file="", text=ARTICLE, position=1)
    shown, _ = checked_card(studying)
    html = studying.get(reverse("source", args=["sample", "doc1"]), {"quote": "0", "token": str(shown.token)})
    assert "<mark" not in html.content.decode()


def test_a_quote_no_longer_in_the_article_says_so(studying, article):
    shown, _ = checked_card(studying)
    attach_text(article, "نص آخر لا يحوي الاقتباس.")
    html = studying.get(URL, {"quote": "0", "token": str(shown.token)}).content.decode()
    assert "<mark" not in html and "تعذّر العثور على المقطع المقتبس" in html


def test_the_article_text_is_escaped(studying, article):
    attach_text(article, "<script>alert(1)</script>\n<b>bold</b>")
    html = studying.get(URL).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def back_link(response):
    return unescape(re.search(r'<a class="button primary" href="([^"]*)"', response.content.decode()).group(1))


def test_back_to_studying_returns_to_the_card_named_by_next(studying, article):
    response = studying.get(URL, {"next": "/sets/sample/study/#source-1"})
    assert back_link(response) == "/sets/sample/study/#source-1"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/sets/", "javascript:alert(1)", "http:///evil.example"]
)
def test_back_to_studying_refuses_a_next_outside_the_site(studying, article, unsafe):
    response = studying.get(URL, {"next": unsafe})
    assert back_link(response) == reverse("study", args=["sample"])


def test_back_to_studying_without_next_leads_to_the_study_page(studying, article):
    assert back_link(studying.get(URL)) == reverse("study", args=["sample"])


def test_the_checked_card_has_the_anchor_its_way_back_names(studying, article):
    _, html = checked_card(studying)
    assert '<figure class="source" id="source-1">' in html
