"""No card of a shipped set gives away another card's answer in anything a student reads before answering."""

import re
from pathlib import Path

from django.conf import settings

from quizzes.arabic import normalize
from quizzes.bank.importing import ParsedSet, parse_file

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.yaml"))
PARSED = {path.name: parse_file(path) for path in FIXTURES}

# How the documents and prompts write small numbers in words: cardinals (masculine and feminine, both
# cases) and ordinals, each also with the article, since «الست» keeps its «ال» when normalised.
NUMBER_WORDS = {
    1: ["واحد", "واحدة", "أول", "أولى"],
    2: ["اثنان", "اثنين", "اثنتان", "اثنتين", "ثاني", "ثانية"],
    3: ["ثلاث", "ثلاثة", "ثالث", "ثالثة"],
    4: ["أربع", "أربعة", "رابع", "رابعة"],
    5: ["خمس", "خمسة", "خامس", "خامسة"],
    6: ["ست", "ستة", "سادس", "سادسة"],
    7: ["سبع", "سبعة", "سابع", "سابعة"],
    8: ["ثمان", "ثماني", "ثمانية", "ثامن", "ثامنة"],
    9: ["تسع", "تسعة", "تاسع", "تاسعة"],
    10: ["عشر", "عشرة", "عاشر", "عاشرة"],
    15: ["خمس عشرة", "خمسة عشر"],
    20: ["عشرون", "عشرين"],
    30: ["ثلاثون", "ثلاثين"],
    70: ["سبعون", "سبعين"],
}


def number_forms(number):
    forms = [str(number)]
    if isinstance(number, int):
        words = NUMBER_WORDS.get(number, [])
        forms += words + ["ال" + w for w in words if " " not in w]
        if number >= 1000 and number % 1000 == 0:
            forms.append(f"{number // 1000} ألف")
    return forms


# Answers a card states in other words than its own options: what another card must not print either.
# A true/false card's answer is the claim it tests; a choice whose right option paraphrases the documents
# is given away by the documents' own wording too.
CLAIMS = {
    ("csto.yaml", "d1-first-joint-deployment"): ["أول عملية", "أول نشر"],
    ("csto.yaml", "d3-kyrgyz-tajik-border"): ["توجيه المناشدات"],
    ("csto.yaml", "d4-armenia-asked"): ["دون جدوى"],
    ("csto.yaml", "d0-armenia-did-not-ask"): ["لمحت", "لمّحت"],
    ("kazakhstan-2022.yaml", "d0-terrorist-gangs"): ["في الخارج", "تدربت في الخارج", "للخارج"],
    ("kazakhstan-2022.yaml", "d4-terrorist-groups"): ["عصابات إرهابية", "إرهابية"],
    ("kazakhstan-2022.yaml", "d0-haste-unexplained"): ["لم توضح"],
    ("kazakhstan-2022.yaml", "d3-temporary-presence"): ["مؤقت", "مؤقتًا", "لمدة محدودة"],
    ("kazakhstan-2022.yaml", "d3-protester-deaths-undisclosed"): ["لم يكشف", "لم يُكشف"],
    ("russia-context.yaml", "d0-september-update"): ["دولة غير نووية"],
    ("russia-context.yaml", "d0-fayet-reading"): ["توسيع"],
    ("russia-context.yaml", "d0-doctrine-not-revolutionary"): ["ليست ثورية"],
    ("russia-context.yaml", "d2-nato-pretext"): ["جلبت الحلف"],
}


def typed(answers):
    return [t for a in answers for t in (a["text"], *a.get("variants", []))]


def answer_texts(name, question):
    """What answers `question` rightly, in every form another card might print it."""
    kind = question["type"]
    texts = list(CLAIMS.get((name, question["id"]), []))
    if kind == "single":
        texts += [o["text"] for o in question["options"] if o["key"] == question["answer"]]
    elif kind == "multiple":
        texts += [o["text"] for o in question["options"] if o["key"] in question["answer"]]
    elif kind == "short":
        texts += typed(question["answers"])
    elif kind == "number":
        texts += number_forms(question["answer"])
    elif kind == "cloze":
        for gap in question["gaps"]:
            if "answers" in gap:
                texts += typed(gap["answers"])
                texts += [f for t in typed(gap["answers"]) if t.isdigit() for f in number_forms(int(t))]
            else:
                texts += [o["text"] for o in gap["options"] if o["key"] == gap["answer"]]
    return texts


def shown_fields(question):
    """Everything a student reads before answering, field by field: (where, text, whether it is a choice)."""
    yield "prompt", question["prompt"], False
    for option in question.get("options", []):
        yield f"option {option['key']}", option["text"], True
    for item in question.get("items", []):
        yield f"item {item['key']}", item["text"], False
    for pair in question.get("pairs", []):
        yield f"pair {pair['key']} left", pair["left"], False
        yield f"pair {pair['key']} right", pair["right"], False
    if question["type"] == "cloze":
        yield "text", question["text"], False
        for gap in question["gaps"]:
            for option in gap.get("options", []):
                yield f"gap {gap['key']} option {option['key']}", option["text"], True


def prints(shown, choice, text):
    """Whether a field prints `text`. A choice that is nothing but the text offers it, it does not assert it:
    «جورجيا» among the options of a members question says nothing about when Georgia left."""
    if choice and normalize(shown) == normalize(text):
        return False
    return contains(shown, text)


# A prompt names an article by its headline in «…» (or by the headline's start and «…»): the words of a
# headline cite the article, they assert nothing a card asks.
CITATION = re.compile(r"«([^«»]*)»")


def without_citations(text, titles):
    def cited(match):
        inner = match.group(1).rstrip("…").strip()
        return " " if inner and any(title.startswith(inner) for title in titles) else match.group(0)

    return CITATION.sub(cited, text)


# Arabic writes «و» (and), «ف», «ب» and «ل» joined to the next word: «وأول عملية» prints «أول عملية».
PROCLITICS = ("", "و", "ف", "ب", "ل")


def contains(text, phrase):
    phrase = normalize(phrase)
    text = f" {normalize(text)} "
    return bool(phrase) and any(f" {p}{phrase} " in text for p in PROCLITICS)


def printed_answers(name, parsed):
    """{(question, answer text): ["other question: field", ...]} for one set."""
    titles = [source["title"] for source in parsed.sources]
    found = {}
    for question in parsed.questions:
        for text in dict.fromkeys(answer_texts(name, question)):
            for other in parsed.questions:
                if other is question:
                    continue
                for where, shown, choice in shown_fields(other):
                    if prints(without_citations(shown, titles), choice, text):
                        found.setdefault((question["id"], text), []).append(f"{other['id']}: {where}")
    return found


def cards(places):
    return {place.split(":")[0] for place in places}


# (set, question, answer text): the cards allowed to print it, and why that gives nothing away. Each entry
# names its cards, so the same text printed by a new card fails again until someone reads it.
NOT_A_GIVEAWAY = {
    ("csto.yaml", "d0-founded-in-moscow", "موسكو"): (
        {"d3-azerbaijan-outside", "d4-lack-of-resources"},
        "Moscow as Russia's government («علاقة جيدة نسبيًا مع موسكو», «قلة موارد موسكو»), not where the"
        " organisation was founded.",
    ),
    ("csto.yaml", "d0-withdrew-1999", "جورجيا"): (
        {"d1-unique-umbrella", "d3-six-of-fifteen", "d4-after-afghanistan"},
        "Russia's operations and war in Georgia, and Georgia hostile to Russia today; none says when it left.",
    ),
    ("csto.yaml", "d3-signed-next-year", "جورجيا"): (
        {"d1-unique-umbrella", "d3-six-of-fifteen", "d4-after-afghanistan"},
        "Russia's operations and war in Georgia, and Georgia hostile to Russia today; none says when it signed.",
    ),
    ("csto.yaml", "d0-withdrew-1999", "أذربيجان"): (
        {
            "d0-armenia-did-not-ask",
            "d0-timeline",
            "d3-karabakh-war-dates",
            "d3-why-refused-karabakh",
            "d3-azerbaijan-outside",
            "d4-members-concerns",
            "d4-armenia-asked",
            "d4-karabakh-cloze",
        },
        "Azerbaijan as Armenia's enemy in the war; «لم تنضم إلى المنظمة» says nothing of the treaty in 1999.",
    ),
    ("csto.yaml", "d3-signed-next-year", "أذربيجان"): (
        {
            "d0-armenia-did-not-ask",
            "d0-timeline",
            "d3-karabakh-war-dates",
            "d3-why-refused-karabakh",
            "d3-azerbaijan-outside",
            "d4-members-concerns",
            "d4-armenia-asked",
            "d4-karabakh-cloze",
        },
        "Azerbaijan as Armenia's enemy in the war; none says when it signed the treaty.",
    ),
    ("csto.yaml", "d3-six-of-fifteen", "أوكرانيا"): (
        {"d1-unique-umbrella"},
        "Russia's earlier operations in Ukraine; the card does not say Ukraine refused to join or turned hostile.",
    ),
    ("csto.yaml", "d0-three-requests", "ثلاثة"): (
        {"d3-karabakh-war-dates"},
        "«ثلاثة مقالات»: it counts articles, not requests for help.",
    ),
    ("csto.yaml", "d0-three-requests", "الثلاثة"): (
        {"d3-karabakh-war-dates"},
        "«الثلاثة 2020»: the three articles again.",
    ),
    ("csto.yaml", "d1-members", "أرمينيا"): (
        {
            "d0-armenia-did-not-ask",
            "d0-kremlin-on-karabakh",
            "d0-timeline",
            "d3-karabakh-war-dates",
            "d3-why-refused-karabakh",
            "d4-members-concerns",
            "d4-armenia-asked",
            "d4-karabakh-cloze",
        },
        "Armenia's war with Azerbaijan and its hints and requests: a state outside the organisation could ask"
        " too, and no card calls Armenia a member (d4-members-concerns pairs «دولة أو منطقة» with worries).",
    ),
    ("csto.yaml", "d1-members", "بيلاروس"): (
        {"d4-members-concerns"},
        "Belarus's borders with NATO states, in a card that pairs «دولة أو منطقة» with worries, not members.",
    ),
    ("csto.yaml", "d1-members", "قيرغيزستان"): (
        {"d0-requests-outcomes", "d0-kyrgyz-regions-cloze", "d0-timeline"},
        "Kyrgyzstan's revolution and requests in 2010; none says it is a member.",
    ),
    ("kazakhstan-2022.yaml", "d2-bargaining-files", "العقوبات"): (
        {"d1-cost-of-failure"},
        "«عقوبات غربية جديدة», a wrong option about a failed intervention, not Putin's Ukraine bargain.",
    ),
    ("kazakhstan-2022.yaml", "d3-contingent-countries", "بيلاروسيا"): (
        {"d2-three-fronts"},
        "«حماية شريكه في بيلاروسيا»: Belarus as Putin's partner, not a state that sent units to Kazakhstan.",
    ),
}


def found_in_bank():
    return {
        (name, *key): where for name, parsed in PARSED.items() for key, where in printed_answers(name, parsed).items()
    }


def test_no_card_prints_the_answer_of_another_card_of_its_set():
    found = found_in_bank()
    unexplained = [f"{k}: printed in {v}" for k, v in found.items() if cards(v) - NOT_A_GIVEAWAY.get(k, (set(), ""))[0]]
    assert not unexplained, "\n".join(unexplained)


def test_every_allowed_overlap_still_occurs():
    found = found_in_bank()
    stale = [f"{k}: {allowed - cards(found.get(k, []))}" for k, (allowed, _) in NOT_A_GIVEAWAY.items()]
    stale = [s for s in stale if not s.endswith("set()")]
    assert not stale, "allowed but no longer printed:\n" + "\n".join(stale)


def a_set(*questions):
    return ParsedSet(
        slug="s", title="s", description="", language="ar", public=True, sources=[], questions=list(questions)
    )


def test_it_finds_a_number_written_as_a_word_in_an_order_item():
    parsed = a_set(
        {"id": "count", "type": "number", "prompt": "كم دولة وقّعت؟", "answer": 6},
        {
            "id": "steps",
            "type": "order",
            "prompt": "رتّب.",
            "items": [{"key": "a", "text": "توقيع ست دول"}, {"key": "b", "text": "إنشاء المنظمة"}],
        },
    )
    assert printed_answers("x.yaml", parsed) == {("count", "ست"): ["steps: item a"]}


def test_it_finds_a_right_option_printed_in_the_other_side_of_a_match():
    parsed = a_set(
        {
            "id": "city",
            "type": "single",
            "prompt": "أين؟",
            "options": [{"key": "m", "text": "موسكو"}, {"key": "k", "text": "كييف"}],
            "answer": "m",
        },
        {
            "id": "pairs",
            "type": "match",
            "prompt": "صِل.",
            "pairs": [{"key": "a", "left": "إنشاء المنظمة", "right": "في موسكو عام 2002"}],
        },
    )
    assert printed_answers("x.yaml", parsed) == {("city", "موسكو"): ["pairs: pair a right"]}


def test_it_finds_a_gap_answer_stated_in_another_cards_gap_option():
    parsed = a_set(
        {
            "id": "gap",
            "type": "cloze",
            "prompt": "أكمل.",
            "text": "تأسست عام [[year]].",
            "gaps": [{"key": "year", "answers": [{"text": "2002"}]}],
        },
        {
            "id": "other",
            "type": "cloze",
            "prompt": "أكمل.",
            "text": "[[when]]",
            "gaps": [
                {
                    "key": "when",
                    "options": [{"key": "a", "text": "بعد تأسيسها عام 2002"}, {"key": "b", "text": "قبل ذلك"}],
                    "answer": "b",
                }
            ],
        },
    )
    assert printed_answers("x.yaml", parsed) == {("gap", "2002"): ["other: gap when option a"]}


def test_it_finds_an_answer_joined_to_a_conjunction(monkeypatch):
    parsed = a_set(
        {"id": "first", "type": "true_false", "prompt": "كانت أول نشر مشترك.", "answer": True},
        {
            "id": "steps",
            "type": "order",
            "prompt": "رتّب.",
            "items": [{"key": "a", "text": "طلب توكايف المساعدة وأول عملية للمنظمة"}, {"key": "b", "text": "إنشاء"}],
        },
    )
    monkeypatch.setitem(CLAIMS, ("x.yaml", "first"), ["أول عملية"])
    assert printed_answers("x.yaml", parsed) == {("first", "أول عملية"): ["steps: item a"]}


def test_an_option_that_is_only_the_answer_offers_it_without_printing_it():
    members = {
        "id": "members",
        "type": "multiple",
        "prompt": "أي الدول أعضاء؟",
        "options": [{"key": "am", "text": "أرمينيا"}, {"key": "ge", "text": "جورجيا"}],
        "answer": ["am"],
    }
    other = {**members, "id": "left", "prompt": "أي الدول انسحبت؟", "answer": ["ge"]}
    assert printed_answers("x.yaml", a_set(members, other)) == {}


def test_a_headline_cited_in_a_prompt_prints_nothing():
    parsed = a_set(
        {
            "id": "city",
            "type": "single",
            "prompt": "أين أُنشئت؟",
            "options": [{"key": "m", "text": "موسكو"}, {"key": "k", "text": "كييف"}],
            "answer": "m",
        },
        {"id": "why", "type": "true_false", "prompt": "بحسب مقال «لماذا سارعت موسكو…»، تدخلت المنظمة.", "answer": True},
    )
    parsed.sources = [{"id": "doc0", "title": "لماذا سارعت موسكو لإرسال قواتها إلى كازاخستان؟"}]
    assert printed_answers("x.yaml", parsed) == {}
    parsed.sources = []
    assert printed_answers("x.yaml", parsed) == {("city", "موسكو"): ["why: prompt"]}
