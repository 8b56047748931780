"""How a test fills in each question type, in one place: the editor's form for a question, the form a
student's page posts for an answer, and answering a shown card in a browser. One class per type,
registered by name; `tests/test_question_forms.py` checks every type of the registry has one."""

from quizzes.bank.editing import editor_fields


class _Forms:
    name = ""

    def editor(self, f) -> dict:
        """The type's own fields of the editor's form, from `editor_fields`' rows `f`."""
        raise NotImplementedError

    def answer(self, data, shown, response) -> dict:
        """The form a browser posts to give `response` (in author keys) on a card showing `shown`:
        names and values read from what the page shows, by text, as a student's browser would."""
        raise NotImplementedError

    def answer_in_page(self, card, data, response):
        """Gives `response` on the card (a Playwright locator) by the texts it shows."""
        raise NotImplementedError

    def wrong(self, data):
        """A response (in author keys) that is not fully right."""
        raise NotImplementedError

    def fill_editor(self, page):
        """Fills the type's own fields of a new question's editor page with a valid question."""
        raise NotImplementedError

    def by_keyboard(self, page, card, data, response):
        """Gives `response` on a study card, with the keys a student uses where there are some, and
        checks it."""
        self.answer_in_page(card, data, response)
        card.locator("[data-key=check]").focus()
        page.keyboard.press("Enter")


def _option_rows(f, *, single):
    form = {}
    for i, o in enumerate(f["options"]):
        form[f"option-{i}-key"], form[f"option-{i}-text"] = o["key"], o["text"]
        if o.get("feedback"):
            form[f"option-{i}-feedback"] = o["feedback"]
        if o["right"]:
            form.update({"answer": str(i)} if single else {f"option-{i}-right": "1"})
    return form


def answer_rows(prefix, rows):
    """The accepted-answer rows of an editor form, every field (a short answer's, a typed gap's)."""
    form = {}
    for i, a in enumerate(rows):
        for name in ("text", "variants", "name", "heads", "tolerance"):
            form[f"{prefix}-{i}-{name}"] = a[name]
        if a["strict"]:
            form[f"{prefix}-{i}-strict"] = "1"
    return form


def _text_of(options, key):
    return next((o["text"] for o in options if o["key"] == key), None)


class Single(_Forms):
    name = "single"

    def fill_editor(self, page):
        for i, text in enumerate(["موسكو", "طشقند", "مينسك"]):
            page.fill(f"#option-{i}-text", text)
        page.check("input[name=answer][value='0']")

    def by_keyboard(self, page, card, data, response):
        # Options are shuffled: find the right one's position, then press its digit.
        labels = card.locator(".option span").all_inner_texts()
        page.keyboard.press(f"Digit{labels.index(_text_of(data['options'], response)) + 1}")
        page.keyboard.press("Enter")

    def wrong(self, data):
        return next(o["key"] for o in data["options"] if o["key"] != data["answer"])

    def editor(self, f):
        return _option_rows(f, single=True)

    def answer(self, data, shown, response):
        text = _text_of(data["options"], response)
        return {"response": [o["value"] for o in shown["options"] if o["text"] == text]}

    def answer_in_page(self, card, data, response):
        card.locator("label.option", has_text=_text_of(data["options"], response)).locator("input").check()


class Multiple(_Forms):
    name = "multiple"

    def fill_editor(self, page):
        for i, text in enumerate(["روسيا", "أرمينيا", "جورجيا"]):
            page.fill(f"#option-{i}-text", text)
        page.check("input[name='option-0-right']")
        page.check("input[name='option-1-right']")

    def by_keyboard(self, page, card, data, response):
        labels = card.locator(".option span").all_inner_texts()
        for key in response:
            page.keyboard.press(f"Digit{labels.index(_text_of(data['options'], key)) + 1}")
        page.keyboard.press("Enter")

    def wrong(self, data):
        return [o["key"] for o in data["options"] if o["key"] not in data["answer"]]

    def editor(self, f):
        return _option_rows(f, single=False)

    def answer(self, data, shown, response):
        texts = {o["text"] for o in data["options"] if o["key"] in response}
        return {"response": [o["value"] for o in shown["options"] if o["text"] in texts]}

    def answer_in_page(self, card, data, response):
        for key in response:
            card.locator("label.option", has_text=_text_of(data["options"], key)).locator("input").check()


class TrueFalse(_Forms):
    name = "true_false"

    def fill_editor(self, page):
        page.check("input[name=answer][value='true']")

    def by_keyboard(self, page, card, data, response):
        page.keyboard.press("Digit1" if response else "Digit2")
        page.keyboard.press("Enter")

    def wrong(self, data):
        return not data["answer"]

    def editor(self, f):
        form = {"answer": "true" if f["answer"] else "false"}
        return form | {name: f[name] for name in ("feedback_true", "feedback_false") if f.get(name)}

    def answer(self, data, shown, response):
        return {"response": ["true" if response else "false"]}

    def answer_in_page(self, card, data, response):
        card.locator(f"input[name=response][value={'true' if response else 'false'}]").check()


class _Typed(_Forms):
    def by_keyboard(self, page, card, data, response):
        page.keyboard.type(str(response))
        page.keyboard.press("Enter")

    def answer(self, data, shown, response):
        return {"response": [str(response)]}

    def answer_in_page(self, card, data, response):
        card.locator("input[name=response]").fill(str(response))


class Short(_Typed):
    name = "short"

    def fill_editor(self, page):
        page.fill("#answer-0-text", "موسكو")
        page.fill("#answer-0-variants", "موسكوفا")

    def wrong(self, data):
        return "جواب خاطئ"

    def editor(self, f):
        return answer_rows("answer", f["answers"])


class Number(_Typed):
    name = "number"

    def fill_editor(self, page):
        page.fill("#q-answer", "٢٠٠٢")
        page.fill("#q-tolerance", "1")

    def wrong(self, data):
        return str(data["answer"] + data.get("tolerance", 0) + 1000)

    def editor(self, f):
        return {"answer": f["answer"], "tolerance": f["tolerance"]}


class Order(_Forms):
    name = "order"

    def fill_editor(self, page):
        for i, text in enumerate(["المعاهدة", "المنظمة", "التدخل"]):
            page.fill(f"#item-{i}-text", text)

    def wrong(self, data):
        return [item["key"] for item in reversed(data["items"])]

    def editor(self, f):
        form = {}
        for i, item in enumerate(f["items"]):
            form[f"item-{i}-key"], form[f"item-{i}-text"] = item["key"], item["text"]
        return form

    def answer(self, data, shown, response):
        texts = {item["key"]: item["text"] for item in data["items"]}
        places = {texts[key]: place for place, key in enumerate(response, start=1)}
        return {item["name"]: [str(places[item["text"]])] for item in shown["items"]}

    def answer_in_page(self, card, data, response):
        texts = {item["key"]: item["text"] for item in data["items"]}
        places = {texts[key]: str(place) for place, key in enumerate(response, start=1)}
        for row in card.locator(".order-item").all():
            row.locator("select").select_option(places[row.locator("label").inner_text().strip()])


class Match(_Forms):
    name = "match"

    def fill_editor(self, page):
        for i, (left, right) in enumerate([("بوتين", "روسيا"), ("باشينيان", "أرمينيا")]):
            page.fill(f"#pair-{i}-left", left)
            page.fill(f"#pair-{i}-right", right)

    def wrong(self, data):
        keys = [p["key"] for p in data["pairs"]]
        return dict(zip(keys, keys[1:] + keys[:1], strict=True))

    def editor(self, f):
        form = {}
        for i, p in enumerate(f["pairs"]):
            form[f"pair-{i}-key"], form[f"pair-{i}-left"], form[f"pair-{i}-right"] = p["key"], p["left"], p["right"]
        return form

    def answer(self, data, shown, response):
        rights = {p["key"]: p["right"] for p in data["pairs"]}
        form = {}
        for row, pair in zip(shown["rows"], data["pairs"], strict=True):
            picked = rights.get(response.get(pair["key"]))
            form[row["name"]] = [r["value"] for r in shown["rights"] if r["text"] == picked] or [""]
        return form

    def answer_in_page(self, card, data, response):
        lefts = {p["left"]: p["key"] for p in data["pairs"]}
        rights = {p["key"]: p["right"] for p in data["pairs"]}
        for row in card.locator("table.match tr").all():
            picked = rights.get(response.get(lefts[row.locator("th").inner_text().strip()]))
            if picked is not None:
                row.locator("select").select_option(label=picked)


class Cloze(_Forms):
    name = "cloze"

    def fill_editor(self, page):
        page.fill("#q-text", "تأسست المنظمة عام [[1]] في [[2]].")
        page.fill("#gap-0-answer-0-text", "2002")
        # A second gap, added in place.
        page.get_by_role("button", name="أضف فراغًا").click()
        page.locator("#gap-1-key").wait_for()
        page.fill("#gap-1-key", "2")
        page.fill("#gap-1-answer-0-text", "موسكو")
        page.fill("#gap-1-options", "موسكو\nطشقند")

    def wrong(self, data):
        return {
            g["key"]: next(o["key"] for o in g["options"] if o["key"] != g["answer"]) if "options" in g else "خطأ"
            for g in data["gaps"]
        }

    def editor(self, f):
        form = {"text": f["text"]}
        for i, g in enumerate(f["gaps"]):
            for name in ("key", "options", "option_keys", "option_feedback"):
                form[f"gap-{i}-{name}"] = g.get(name, "")
            form.update(answer_rows(f"gap-{i}-answer", g["answers"]))
        return form

    def answer(self, data, shown, response):
        gaps = {g["key"]: g for g in data["gaps"]}
        form = {}
        for piece in shown["pieces"]:
            if "gap" not in piece:
                continue
            gap, given = piece["gap"], response.get(piece["gap"]["key"], "")
            if "options" in gap:
                text = _text_of(gaps[gap["key"]]["options"], given)
                form[gap["name"]] = [o["value"] for o in gap["options"] if o["text"] == text] or [""]
            else:
                form[gap["name"]] = [given]
        return form

    def answer_in_page(self, card, data, response):
        # The gaps in reading order, as the page lists its fields.
        fields = card.locator(".cloze select, .cloze input[type=text]").all()
        gaps = {g["key"]: g for g in data["gaps"]}
        keys = [key for key in _gap_order(data["text"]) if key in gaps]
        for field, key in zip(fields, keys, strict=True):
            gap, given = gaps[key], response.get(key, "")
            if "options" in gap:
                field.select_option(label=_text_of(gap["options"], given))
            else:
                field.fill(given)


def _gap_order(text):
    from quizzes.questions.cloze import GAP_RE

    return GAP_RE.findall(text)


class Flashcard(_Forms):
    name = "flashcard"

    def fill_editor(self, page):
        page.fill("#q-back", "عام 2002")

    def by_keyboard(self, page, card, data, response):
        page.keyboard.press("Space")

    def wrong(self, data):
        return 1

    def editor(self, f):
        return {"back": f["back"]}

    def answer(self, data, shown, response):
        return {"rating": [str(response)]}

    def answer_in_page(self, card, data, response):
        pass  # nothing to fill: the student shows the back, then rates


class Essay(_Forms):
    name = "essay"

    def fill_editor(self, page):
        page.fill("#q-word_limit", "50")
        page.fill("#q-guidance", "يذكر سنة التأسيس والدول الأعضاء.")

    def wrong(self, data):
        return ""

    def editor(self, f):
        return {"word_limit": f["word_limit"], "guidance": f["guidance"]}

    def answer(self, data, shown, response):
        return {"response": [response]}

    def answer_in_page(self, card, data, response):
        card.locator("textarea[name=response]").fill(response)


FORMS = {
    forms.name: forms
    for forms in (Single(), Multiple(), TrueFalse(), Short(), Number(), Order(), Match(), Cloze(), Flashcard(), Essay())
}


def editor_form(question_data, **extra):
    """The form the editor page posts for a question mapping, as its fields name things."""
    f = editor_fields(question_data)
    form = {"type": question_data["type"], "prompt": f["prompt"], "explanation": f["explanation"], "tags": f["tags"]}
    for i, s in enumerate(f["sources"]):
        form[f"source-{i}-doc"], form[f"source-{i}-quote"] = s["doc"], s["quote"]
    form.update(FORMS[question_data["type"]].editor(f))
    form.update(extra)
    return form


def answer_form(type_name, data, seed, response):
    """The form a browser posts to give `response` (in author keys) on the card shown with `seed`."""
    from quizzes.questions import get_type

    return FORMS[type_name].answer(data, get_type(type_name).display(data, seed), response)
