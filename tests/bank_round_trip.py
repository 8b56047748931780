"""A set of every type Moodle's formats hold, and the comparison a round trip is judged by."""

from quizzes.questions import canonical_question


def every_type_set():
    return {
        "slug": "csto-round-trip",
        "title": "منظمة معاهدة الأمن الجماعي",
        "language": "ar",
        "public": False,
        "sources": [],
        "questions": [
            {
                "id": "treaty-year",
                "type": "single",
                "prompt": "في أي عام وُقّعت **معاهدة الأمن الجماعي**؟",
                "options": [
                    {"key": "a", "text": "1992"},
                    {"key": "b", "text": "2002", "feedback": "عام 2002 صارت *منظمة*."},
                ],
                "answer": "a",
                "explanation": "وُقّعت في طشقند.\n\nثم صارت منظمة عام 2002.",
                "tags": ["التأسيس", "كازاخستان 2022"],
            },
            {
                "id": "members",
                "type": "multiple",
                "prompt": "أيّ هذه الدول أعضاء في المنظمة؟",
                "options": [
                    {"key": "a", "text": "روسيا"},
                    {"key": "b", "text": "كازاخستان"},
                    {"key": "c", "text": "أرمينيا"},
                    {"key": "d", "text": "جورجيا", "feedback": "انسحبت عام 1999."},
                ],
                "answer": ["a", "b", "c"],
            },
            {
                "id": "tokayev-asked",
                "type": "true_false",
                "prompt": "طلب توكايف المساعدة من المنظمة: 2 * 3 = 6 {نعم} # ~",
                "answer": True,
                "feedback_true": "نعم، في 5 يناير.",
                "feedback_false": "بل طلبها.",
            },
            {
                "id": "capital",
                "type": "short",
                "prompt": "ما عاصمة كازاخستان عام 2022؟",
                "answers": [{"text": "نور سلطان", "strict": True}, {"text": "Nur-Sultan", "strict": True}],
            },
            {
                "id": "troops",
                "type": "number",
                "prompt": "كم جنديًا أرسلت المنظمة تقريبًا؟",
                "answer": 2500,
                "tolerance": 500,
                "explanation": "نحو [2500 جندي](https://example.org/csto).",
            },
            {
                "id": "leaders",
                "type": "match",
                "prompt": "صِل كل رئيس ببلده.",
                "pairs": [
                    {"key": "p1", "left": "توكايف", "right": "كازاخستان"},
                    {"key": "p2", "left": "باشينيان", "right": "أرمينيا"},
                ],
            },
            {
                "id": "events",
                "type": "order",
                "prompt": "رتّب الأحداث.",
                "items": [
                    {"key": "a", "text": "ارتفاع أسعار الوقود"},
                    {"key": "b", "text": "طلب توكايف المساعدة"},
                    {"key": "c", "text": "وصول القوات"},
                ],
            },
            {
                "id": "signing",
                "type": "cloze",
                "prompt": "أكمل النص.",
                "text": "وُقّعت المعاهدة في [[g1]] عام [[g2]] بين [[g3]] دول.",
                "gaps": [
                    {"key": "g1", "answers": ["طشقند"]},
                    {"key": "g2", "answers": [{"text": "1992", "tolerance": 1}]},
                    {
                        "key": "g3",
                        "options": [{"key": "a", "text": "ست", "feedback": "صحيح"}, {"key": "b", "text": "تسع"}],
                        "answer": "a",
                    },
                ],
            },
            {"id": "card", "type": "flashcard", "prompt": "CSTO", "back": "منظمة معاهدة الأمن الجماعي"},
        ],
    }


def _texts(entries, field="text"):
    return [e[field] for e in entries]


def comparable(question):
    """A question as a round trip must keep it: option keys (which Moodle does not store) are
    replaced by the options' texts."""
    q = canonical_question({**question, "sources": []})
    q.pop("id")
    if q["type"] in ("single", "multiple"):
        texts = {o["key"]: o["text"] for o in q["options"]}
        answer = q["answer"]
        q["answer"] = texts[answer] if isinstance(answer, str) else sorted(texts[k] for k in answer)
        q["options"] = [{k: v for k, v in o.items() if k != "key"} for o in q["options"]]
    if q["type"] in ("match", "order"):
        field = "pairs" if q["type"] == "match" else "items"
        q[field] = [{k: v for k, v in e.items() if k != "key"} for e in q[field]]
    if q["type"] == "cloze":
        for gap in q["gaps"]:
            if "options" in gap:
                texts = {o["key"]: o["text"] for o in gap["options"]}
                gap["answer"] = texts[gap["answer"]]
                gap["options"] = [{k: v for k, v in o.items() if k != "key"} for o in gap["options"]]
    return q
