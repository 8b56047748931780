"""Anki packages: made by genanki, laid out by hand as Anki writes them (legacy and 2.1.50+),
spoiled in every way a file can be, and our own decks read back into the same questions."""

import io
import json
import sqlite3
import zipfile

import genanki
import pytest
import zstandard
from django.utils import translation

from quizzes.bank import template
from quizzes.bank.formats import anki
from quizzes.bank.formats.registry import read_bank
from quizzes.bank.importing import ImportFailed, parse_bytes

BASIC = genanki.BASIC_MODEL
REVERSED = genanki.BASIC_AND_REVERSED_CARD_MODEL
CLOZE = genanki.CLOZE_MODEL


@pytest.fixture(autouse=True)
def in_english():
    # Refusals are matched by their English words, whatever the catalogue compiled holds.
    with translation.override("en"):
        yield


def genanki_package(*notes, deck_name="Capitals", media=()):
    deck = genanki.Deck(2059400110, deck_name)
    for note in notes:
        deck.add_note(note)
    out = io.BytesIO()
    genanki.Package(deck, media_files=list(media)).write_to_file(out)
    return out.getvalue()


def zipped(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def legacy_collection(models, notes, cards=(), decks=None):
    """A collection as Anki 2.1 (schema 11) lays it out: col with models and decks as JSON."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE col (id integer primary key, crt integer, mod integer, scm integer, ver integer,
          dty integer, usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
        CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer,
          tags text, flds text, sfld integer, csum integer, flags integer, data text);
        CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer,
          usn integer, type integer, queue integer, due integer, ivl integer, factor integer, reps integer,
          lapses integer, left integer, odue integer, odid integer, flags integer, data text);
        """
    )
    decks = decks or {"1": {"id": 1, "name": "Default"}, "1700": {"id": 1700, "name": "جغرافيا::عواصم"}}
    connection.execute(
        "INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{}', ?, ?, '{}', '{}')",
        (json.dumps(models), json.dumps(decks)),
    )
    for i, (guid, mid, tags, fields) in enumerate(notes, start=1):
        connection.execute(
            "INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')", (i, guid, mid, tags, "\x1f".join(fields))
        )
    for i, (nid, ord_) in enumerate(cards, start=1):
        connection.execute(
            "INSERT INTO cards VALUES (?, ?, 1700, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')", (i, nid, ord_)
        )
    connection.commit()
    return connection.serialize()


BASIC_JSON = {
    "name": "Basic",
    "type": 0,
    "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
    "tmpls": [{"qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
}
CLOZE_JSON = {
    "name": "Cloze",
    "type": 1,
    "flds": [{"name": "Text", "ord": 0}, {"name": "Back Extra", "ord": 1}],
    "tmpls": [{"qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}],
}
ONE_FIELD_JSON = {
    "name": "Vocabulary list",
    "type": 0,
    "flds": [{"name": "Word", "ord": 0}],
    "tmpls": [{"qfmt": "{{Word}}", "afmt": "{{FrontSide}}"}],
}


def hand_made(**extra):
    models = {"11": BASIC_JSON, "12": CLOZE_JSON, "13": ONE_FIELD_JSON}
    notes = [
        ("g1", 11, " geo عواصم ", ["ما عاصمة <b>قطر</b>؟", "الدوحة<img src='doha.jpg'>"]),
        ("g2", 12, "", ["عاصمة مصر {{c1::القاهرة::مدينة}} وعاصمة الأردن {{c2::عمّان}}", "معلومة"]),
        ("g3", 13, "", ["كلمة"]),
    ]
    collection = legacy_collection(models, notes, cards=[(1, 0), (2, 0), (2, 1), (3, 0)])
    return zipped({"collection.anki2": collection, "media": json.dumps({"0": "doha.jpg"}), "0": b"JPEG", **extra})


def test_a_genanki_package_reads_as_flashcards_with_the_reverse_as_a_second_card():
    data = genanki_package(
        genanki.Note(model=BASIC, fields=["ما عاصمة قطر؟", "الدوحة"], tags=["geo"]),
        genanki.Note(model=REVERSED, fields=["Oman", "مسقط"]),
    )
    foreign = anki.read(data, "capitals.apkg")
    questions = foreign.raw["questions"]
    assert [(q["type"], q["prompt"], q["back"]) for q in questions] == [
        ("flashcard", "ما عاصمة قطر؟", "الدوحة"),
        ("flashcard", "Oman", "مسقط"),
        ("flashcard", "مسقط", "Oman"),
    ]
    assert questions[0]["tags"] == ["geo"]
    assert foreign.raw["title"] == "Capitals"
    assert not foreign.skipped


def test_a_genanki_cloze_becomes_our_cloze():
    data = genanki_package(genanki.Note(model=CLOZE, fields=["أنشئت المنظمة عام {{c1::2002}}.", ""]))
    (question,) = anki.read(data, "c.apkg").raw["questions"]
    assert question["type"] == "cloze"
    assert question["text"] == "أنشئت المنظمة عام [[c1]]."
    assert question["gaps"] == [{"key": "c1", "answers": ["2002"]}]


def test_a_package_laid_out_by_hand_reads_every_kind_of_note():
    foreign = anki.read(hand_made(), "deck.apkg")
    basic, cloze = foreign.raw["questions"]
    assert basic["prompt"] == "ما عاصمة **قطر**؟" and basic["back"] == "الدوحة"
    assert basic["tags"] == ["geo", "عواصم"]
    assert cloze["type"] == "cloze" and cloze["text"] == "عاصمة مصر [[c1]] (مدينة) وعاصمة الأردن [[c2]]"
    assert cloze["explanation"] == "معلومة"
    assert foreign.raw["title"] == "جغرافيا › عواصم"
    assert foreign.media == {"doha.jpg": b"JPEG"}
    (skipped,) = foreign.skipped
    assert skipped.question == "كلمة" and "Vocabulary list" in skipped.reason
    assert foreign.notes  # the image kept aside and the hint are said


def test_the_registry_routes_a_package_through_the_importers_validation():
    parsed, foreign = read_bank(hand_made(), "deck.apkg")
    assert parsed.slug == "jghrafya-wasm" and parsed.language == "ar"
    assert [q["type"] for q in parsed.questions] == ["flashcard", "cloze"]
    assert all(q["sources"] == [] for q in parsed.questions)
    assert len(foreign.skipped) == 1


def test_a_cloze_our_type_cannot_hold_is_studied_as_a_card():
    text = " ".join(f"{{{{c{i}::w{i}}}}}" for i in range(1, 13))
    models = {"12": CLOZE_JSON}
    data = zipped({"collection.anki2": legacy_collection(models, [("g", 12, "", [text, ""])])})
    (question,) = anki.read(data, "many.apkg").raw["questions"]
    assert question["type"] == "flashcard"
    assert question["prompt"].startswith("[…] […]") and question["back"].startswith("**w1** **w2**")


def proto_varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def proto_field(number, value):
    if isinstance(value, int):
        return proto_varint(number << 3) + proto_varint(value)
    value = value.encode() if isinstance(value, str) else value
    return proto_varint(number << 3 | 2) + proto_varint(len(value)) + value


def modern_package():
    """As Anki 2.1.50 and later export: collection.anki21b (zstd, schema 18) beside a stub."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE col (id integer primary key, ver integer);
        CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer, usn integer, config blob);
        CREATE TABLE fields (ntid integer, ord integer, name text, config blob);
        CREATE TABLE templates (ntid integer, ord integer, name text, mtime_secs integer, usn integer, config blob);
        CREATE TABLE decks (id integer primary key, name text);
        CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer,
          tags text, flds text, sfld integer, csum integer, flags integer, data text);
        CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);
        PRAGMA journal_mode = WAL;
        """
    )
    connection.execute("INSERT INTO col VALUES (1, 18)")
    connection.execute("INSERT INTO notetypes VALUES (5, 'Basic', 0, 0, ?)", (proto_field(1, 0),))
    connection.execute("INSERT INTO notetypes VALUES (6, 'Cloze', 0, 0, ?)", (proto_field(1, 1),))
    connection.executemany(
        "INSERT INTO fields VALUES (?, ?, ?, x'')", [(5, 0, "Front"), (5, 1, "Back"), (6, 0, "Text"), (6, 1, "Extra")]
    )
    basic = proto_field(1, "{{Front}}") + proto_field(2, "{{FrontSide}}<hr>{{Back}}")
    cloze = proto_field(1, "{{cloze:Text}}") + proto_field(2, "{{cloze:Text}} {{Extra}}")
    connection.executemany("INSERT INTO templates VALUES (?, 0, 'Card 1', 0, 0, ?)", [(5, basic), (6, cloze)])
    connection.execute("INSERT INTO decks VALUES (9, 'History\x1fTreaties')")
    connection.execute(
        "INSERT INTO notes VALUES (1, 'm1', 5, 0, 0, '', ?, '', 0, 0, '')",
        ('Year of the treaty?\x1f1992<img src="map.png">',),
    )
    connection.execute(
        "INSERT INTO notes VALUES (2, 'm2', 6, 0, 0, 'law', ?, '', 0, 0, '')", ("Signed in {{c1::Tashkent}}\x1f",)
    )
    connection.executemany("INSERT INTO cards VALUES (?, ?, 9, 0)", [(1, 1), (2, 2)])
    connection.commit()
    compress = zstandard.ZstdCompressor().compress
    media = compress(proto_field(1, proto_field(1, "map.png") + proto_field(2, 3)))
    stub = legacy_collection({"1": BASIC_JSON}, [("s", 1, "", ["Please update to the latest Anki version", ""])])
    return zipped(
        {
            "collection.anki2": stub,
            "collection.anki21b": compress(connection.serialize()),
            "media": media,
            "meta": proto_field(1, 3),
            "0": compress(b"PNG"),
        }
    )


def test_a_package_from_anki_2_1_50_reads_its_zstd_collection_and_media():
    foreign = anki.read(modern_package(), "modern.apkg")
    basic, cloze = foreign.raw["questions"]
    assert (basic["prompt"], basic["back"]) == ("Year of the treaty?", "1992")
    assert cloze["text"] == "Signed in [[c1]]" and cloze["tags"] == ["law"]
    assert foreign.raw["title"] == "History › Treaties"
    assert foreign.media == {"map.png": b"PNG"}


def test_a_modern_package_is_refused_with_instructions_when_zstandard_is_missing(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def without_zstandard(name, *args, **kwargs):
        if name == "zstandard":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_zstandard)
    with pytest.raises(ImportFailed, match="Support older Anki versions"):
        anki.read(modern_package(), "modern.apkg")


def refusal(data, name="bad.apkg"):
    with pytest.raises(ImportFailed) as caught:
        anki.read(data, name)
    (problem,) = caught.value.problems
    assert problem.file == name
    return problem.message


def test_a_file_that_is_not_a_zip_is_refused():
    assert "zip" in refusal(b"PK\x03\x04 but not really a zip file")


@pytest.mark.parametrize("member", ["../evil", "/etc/passwd", "folder/collection.anki2", "a\\b", ".."])
def test_a_member_with_an_unsafe_path_is_refused(member):
    assert "unsafe" in refusal(zipped({member: b"x", "collection.anki2": b""}))


def test_a_zip_bomb_is_refused():
    assert "compressed suspiciously well" in refusal(zipped({"collection.anki2": b"\0" * (20 * 1024 * 1024)}))


def test_too_many_members_are_refused():
    assert "at most 2000" in refusal(zipped({str(i): b"" for i in range(2001)}))


def test_a_package_with_no_collection_is_refused():
    assert "no Anki collection" in refusal(zipped({"media": b"{}"}))


@pytest.mark.parametrize("collection", [b"not sqlite at all", b"SQLite format 3\x00" + b"\xff" * 2000])
def test_a_corrupt_collection_is_refused(collection):
    assert "damaged" in refusal(zipped({"collection.anki2": collection}))


def test_a_collection_without_anki_tables_is_refused():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE other (x)")
    assert "damaged" in refusal(zipped({"collection.anki2": connection.serialize()}))


def test_a_damaged_data_field_of_our_own_note_is_skipped():
    document = {"slug": "s", "title": "S", "questions": parse_bytes(template.template_yaml().encode()).questions[:1]}
    data = anki.write(document, set_id="x").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        collection = archive.read("collection.anki2")
    connection = sqlite3.connect(":memory:")
    connection.deserialize(collection)
    connection.execute("UPDATE notes SET flds = replace(flds, '{', '[')")
    connection.commit()
    foreign = anki.read(zipped({"collection.anki2": connection.serialize()}), "ours.apkg")
    assert not foreign.raw["questions"] and "damaged" in foreign.skipped[0].reason


def template_document():
    parsed = parse_bytes(template.template_yaml().encode())
    return {
        "slug": parsed.slug,
        "title": parsed.title,
        "language": parsed.language,
        "sources": parsed.sources,
        "questions": parsed.questions,
    }


def test_an_exported_deck_imports_as_the_same_questions():
    document = template_document()
    # Every type but the essay, which a teacher grades and the deck leaves out.
    assert {q["type"] for q in document["questions"]} == set(anki.MODEL_IDS) | {"essay"}
    written = anki.write(document, set_id="3f1c")
    assert [s.question for s in written.skipped] == [q["id"] for q in document["questions"] if q["type"] == "essay"]
    parsed, foreign = read_bank(written.data, "deck.apkg")
    assert not foreign.skipped
    kept = [q for q in document["questions"] if q["type"] != "essay"]
    assert parsed.questions == [{**q, "sources": []} for q in kept]


def notes_of(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        connection = sqlite3.connect(":memory:")
        connection.deserialize(archive.read("collection.anki2"))
    guids = [g for (g,) in connection.execute("SELECT guid FROM notes ORDER BY id")]
    models = sorted(json.loads(connection.execute("SELECT models FROM col").fetchone()[0]))
    decks = sorted(json.loads(connection.execute("SELECT decks FROM col").fetchone()[0]))
    return guids, models, decks


def test_a_second_export_keeps_the_note_guids_and_the_deck_and_model_ids():
    document = template_document()
    first = notes_of(anki.write(document, set_id="3f1c").data)
    document["questions"][0]["prompt"] = "A reworded prompt"
    second = notes_of(anki.write(document, set_id="3f1c").data)
    assert first == second
    assert first[0][0] == genanki.guid_for("3f1c", document["questions"][0]["id"])
    assert str(anki.deck_id("3f1c")) in first[2]
    assert notes_of(anki.write(document, set_id="another").data)[2] != first[2]


def test_a_deck_shows_options_and_pairs_as_our_card_does():
    document = template_document()
    single = next(q for q in document["questions"] if q["type"] == "single")
    match = next(q for q in document["questions"] if q["type"] == "match")
    body, answer = anki._card(single)
    assert body.startswith('<ol class="options"') and all(o["text"] in body for o in single["options"])
    body, answer = anki._card(match)
    assert body.startswith('<table class="pairs">') and all(p["right"] in answer for p in match["pairs"])


def test_an_essay_is_left_out_of_the_deck_and_named():
    from quizzes.bank.formats import anki as anki_format

    document = {
        "title": "t",
        "questions": [
            {"id": "why", "type": "essay", "prompt": "Why?"},
            {"id": "card", "type": "flashcard", "prompt": "Front", "back": "Back"},
        ],
    }
    written = anki_format.write(document, set_id="00000000-0000-0000-0000-000000000001")
    assert [s.question for s in written.skipped] == ["why"]
    assert len(anki_format.read(written.data, "deck.apkg").raw["questions"]) == 1
