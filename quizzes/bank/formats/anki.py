"""Anki packages (.apkg): Basic, reversed, typed-answer and Cloze notes read into our questions, and
a set written as a deck with a note type per question type, whose ids stay the same from one
download to the next so Anki updates the deck instead of duplicating it."""

import hashlib
import html
import io
import itertools
import json
import random
import re
import sqlite3
import tempfile
import time
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import genanki
from django.utils import translation
from django.utils.translation import gettext as _

from ... import richtext
from ...questions import ID_RE
from ..importing import ImportFailed, ImportProblem
from . import Foreign, Skipped, Written
from .from_html import to_text

MAX_PACKAGE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 2000
# What the package may unpack to in all, and the collection alone.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COLLECTION_BYTES = 50 * 1024 * 1024
# A member larger than 1 MB may be at most this many times its compressed size (a zip bomb is more).
MAX_RATIO = 100
MAX_NOTES = 5000
# SQLite steps a collection may take to be read (a crafted one could loop): the progress handler's units.
MAX_SQLITE_STEPS = 50_000_000
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_GAPS = 10
MAX_TAG_LENGTH = 64
_MEMBER_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
_CLOZE = re.compile(r"\{\{c(\d{1,3})::(.*?)(?:::(.*?))?\}\}", re.S)
_REFERENCE = re.compile(r"\{\{([#^/]?)([^{}]+?)\}\}")
_SPECIAL_FIELDS = {"FrontSide", "Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type", "CardID"}

# Our own note types: fixed ids, so every set's deck shares them and a second download updates them.
OUR_FIELDS = ["Key", "Prompt", "Body", "Answer", "Explanation", "Source", "Data"]
MODEL_IDS = {
    "single": 1795310001,
    "multiple": 1795310002,
    "true_false": 1795310003,
    "short": 1795310004,
    "number": 1795310005,
    "order": 1795310006,
    "match": 1795310007,
    "cloze": 1795310008,
    "flashcard": 1795310009,
}
CSS = """.card { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", sans-serif; font-size: 20px;
  line-height: 1.7; text-align: start; color: #1b1b1b; background: #fff; }
.quiz { max-inline-size: 40em; margin-inline: auto; }
.options { padding-inline-start: 1.5em; }
table.pairs { border-collapse: collapse; margin-block: 0.5em; }
table.pairs td, table.pairs th { border: 1px solid #bbb; padding: 0.25em 0.6em; }
.answer { font-weight: bold; }
.explanation, .source { margin-block-start: 0.8em; }
.source { color: #555; font-size: 0.9em; }
.cloze { font-weight: bold; color: #0b57d0; }
"""
_BACK = (
    '{{#Explanation}}<div class="explanation" dir="auto">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<blockquote class="source" dir="auto">{{Source}}</blockquote>{{/Source}}'
)
_FRONT = '<div class="quiz" dir="auto">{{Prompt}}{{Body}}</div>'


def _refuse(name, message, question=""):
    return ImportFailed([ImportProblem(name, 1, 1, question, message)])


# Reading ------------------------------------------------------------------------------------------


def looks_like(data: bytes, name: str) -> bool:
    """An Anki package is a zip file."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read(data: bytes, name: str) -> Foreign:
    """The notes of an Anki package as the questions of a set; refuses a spoiled package."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise _refuse(name, _("The package is %(size)d bytes; at most 10 MB is accepted.") % {"size": len(data)})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = _checked_members(archive, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise _refuse(
            name, _("The file is not an Anki package: an .apkg is a zip file, and this one is not.")
        ) from None
    with archive:
        collection, modern = _collection(archive, members, name)
        media_names = _media_names(archive, members, modern)
        with tempfile.TemporaryDirectory(prefix="apkg-") as folder:
            path = Path(folder) / "collection.sqlite"
            path.write_bytes(collection)
            del collection
            try:
                content = _read_collection(path)
            except sqlite3.Error:
                raise _refuse(
                    name, _("The collection inside the package is damaged or is not an Anki collection.")
                ) from None
        foreign = _foreign(content, name)
        _keep_media(foreign, archive, members, media_names, modern)
    return foreign


def _checked_members(archive, name):
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(
            name,
            _("The package holds %(n)d files; at most %(max)d are accepted.") % {"n": len(infos), "max": MAX_MEMBERS},
        )
    total = 0
    members = {}
    for info in infos:
        member = info.filename
        if not _MEMBER_NAME.match(member) or member.startswith("..") or PurePosixPath(member).name != member:
            raise _refuse(
                name, _("The package holds a file with an unsafe name (“%(member)s”).") % {"member": member[:100]}
            )
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise _refuse(name, _("The package unpacks to more than 100 MB."))
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(
                name, _("The file “%(member)s” in the package is compressed suspiciously well.") % {"member": member}
            )
        members[member] = info
    return members


def _unpacked(archive, info, limit, name):
    # The sizes a zip declares are not trusted: reading stops one byte past the limit.
    try:
        with archive.open(info) as f:
            data = f.read(limit + 1)
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise _refuse(name, _("The file “%(member)s” in the package is damaged.") % {"member": info.filename}) from None
    if len(data) > limit:
        raise _refuse(name, _("The file “%(member)s” in the package is too large.") % {"member": info.filename})
    return data


def _zstd(data, limit, name):
    import zstandard

    chunks, size = [], 0
    try:
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
            while size <= limit and (chunk := reader.read(1024 * 1024)):
                chunks.append(chunk)
                size += len(chunk)
        out = b"".join(chunks)
    except zstandard.ZstdError:
        raise _refuse(name, _("The collection inside the package is damaged or is not an Anki collection.")) from None
    if len(out) > limit:
        raise _refuse(name, _("The collection inside the package is larger than 50 MB."))
    return out


def _collection(archive, members, name):
    """The collection's SQLite bytes, and whether it is the format of Anki 2.1.50 and later."""
    found = next((c for c in COLLECTIONS if c in members), None)
    if found is None:
        raise _refuse(name, _("The package holds no Anki collection (collection.anki2): it is not an Anki deck."))
    data = _unpacked(archive, members[found], MAX_COLLECTION_BYTES, name)
    if found != "collection.anki21b":
        return data, False
    try:
        import zstandard  # noqa: F401 - only a package from Anki 2.1.50 and later needs it
    except ImportError:
        raise _refuse(
            name,
            _(
                "This package comes from Anki 2.1.50 or later, which this site cannot read. In Anki, export "
                "the deck again with “Support older Anki versions” ticked, and upload that file."
            ),
        ) from None
    return _zstd(data, MAX_COLLECTION_BYTES, name), True


def _read_collection(path):
    """Note types, notes, the cards of each note and deck names, read from a read-only connection."""
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    steps = itertools.count()
    connection.set_progress_handler(lambda: next(steps) > MAX_SQLITE_STEPS // 1000, 1000)
    try:
        tables = dict(connection.execute("SELECT name, type FROM sqlite_master"))
        if tables.get("notes") != "table" or tables.get("col") != "table":
            raise sqlite3.DatabaseError("not a collection")
        if tables.get("notetypes") == "table":
            note_types = _note_types_18(connection)
            decks = {i: str(n).replace("\x1f", "::") for i, n in connection.execute("SELECT id, name FROM decks")}
        else:
            models, deck_json = connection.execute("SELECT models, decks FROM col").fetchone()
            note_types = _note_types_11(json.loads(models))
            decks = {int(i): str(d.get("name", "")) for i, d in json.loads(deck_json or "{}").items()}
        notes = connection.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id LIMIT ?", (MAX_NOTES + 1,))
        notes = [(nid, str(guid), mid, str(tags or ""), str(flds or "")) for nid, guid, mid, tags, flds in notes]
        cards = {}
        if tables.get("cards") == "table":
            for nid, ord_, did in connection.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord"):
                if isinstance(ord_, int) and 0 <= ord_ < 100:
                    cards.setdefault(nid, []).append((ord_, did))
    except (ValueError, TypeError, AttributeError, KeyError):
        raise sqlite3.DatabaseError("unreadable collection") from None
    finally:
        connection.close()
    return {"note_types": note_types, "notes": notes, "cards": cards, "decks": decks}


def _note_types_11(models):
    """Note types from the col table's JSON (Anki before 2.1.28's schema, and every legacy export)."""
    types = {}
    for model_id, model in models.items():
        fields = [str(f["name"]) for f in sorted(model.get("flds", []), key=lambda f: int(f.get("ord", 0)))]
        templates = [(str(t.get("qfmt", "")), str(t.get("afmt", ""))) for t in model.get("tmpls", [])]
        types[int(model_id)] = {
            "name": str(model.get("name", "")),
            "cloze": model.get("type") == 1,
            "fields": fields,
            "templates": templates,
        }
    return types


def _note_types_18(connection):
    """Note types from the tables of Anki 2.1.28 and later, whose settings are protobuf messages."""
    types = {}
    for type_id, name, config in connection.execute("SELECT id, name, config FROM notetypes"):
        kind = next((v for n, w, v in _protobuf(bytes(config or b"")) if n == 1 and w == 0), 0)
        types[type_id] = {"name": str(name), "cloze": kind == 1, "fields": [], "templates": []}
    for type_id, _ord, name in connection.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
        if type_id in types:
            types[type_id]["fields"].append(str(name))
    for type_id, _ord, config in connection.execute("SELECT ntid, ord, config FROM templates ORDER BY ntid, ord"):
        if type_id in types:
            parts = {
                n: v.decode("utf-8", "replace") for n, w, v in _protobuf(bytes(config or b"")) if w == 2 and n in (1, 2)
            }
            types[type_id]["templates"].append((parts.get(1, ""), parts.get(2, "")))
    return types


def _varint(data, i):
    value = shift = 0
    while True:
        if i >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, i


def _protobuf(data):
    """(field number, wire type, value) of each field of a protobuf message: varints as ints,
    length-delimited fields as bytes; enough of protobuf for Anki's settings and media list."""
    i, fields = 0, []
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            length, i = _varint(data, i)
            if i + length > len(data):
                raise ValueError("truncated field")
            value, i = data[i : i + length], i + length
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, i = data[i : i + size], i + size
        else:
            raise ValueError("unknown wire type")
        fields.append((number, wire, value))
    return fields


def _media_names(archive, members, modern):
    """{member name in the zip: the media file's own name}."""
    if "media" not in members:
        return {}
    data = _unpacked(archive, members["media"], 10 * 1024 * 1024, "media")
    try:
        mapping = json.loads(data.decode("utf-8")) if data else {}
        return {str(k): str(v) for k, v in mapping.items()} if isinstance(mapping, dict) else {}
    except (UnicodeDecodeError, ValueError):
        pass
    if not modern:
        return {}
    # Anki 2.1.50 and later: a zstd-compressed MediaEntries message; entry i is member "i".
    try:
        names = {}
        for index, (_number, _wire, entry) in enumerate(
            e for e in _protobuf(_zstd(data, 10 * 1024 * 1024, "media")) if e[0] == 1
        ):
            fields = {n: v for n, w, v in _protobuf(entry)}
            if isinstance(fields.get(1), bytes):
                names[str(fields.get(255, index))] = fields[1].decode("utf-8", "replace")
        return names
    except (ValueError, ImportFailed):
        return {}


def _keep_media(foreign, archive, members, media_names, modern):
    wanted = foreign.media.keys()
    by_name = {v: k for k, v in media_names.items()}
    kept = {}
    for media in wanted:
        member = by_name.get(media)
        if member in members:
            try:
                data = _unpacked(archive, members[member], MAX_PACKAGE_BYTES, media)
                kept[media] = _zstd(data, MAX_PACKAGE_BYTES, media) if modern else data
            except ImportFailed:
                continue
    foreign.media = kept


def _references(template):
    """The fields a card template shows ({{Front}}, {{type:Back}}, {{cloze:Text}}), and those it
    only tests ({{#Add Reverse}}), in order."""
    shown, tested = [], []
    for mark, ref in _REFERENCE.findall(template):
        ref = ref.strip()
        if mark in ("#", "^"):
            tested.append(ref)
        elif not mark:
            shown.append(ref)
    return shown, tested


def _field_name(ref):
    return ref.rsplit(":", 1)[-1].strip()


def _foreign(content, name):
    notes = content["notes"]
    foreign = Foreign(raw={})
    if len(notes) > MAX_NOTES:
        raise _refuse(name, _("The deck has more than %(max)d notes.") % {"max": MAX_NOTES})
    images, sounds, hints = set(), set(), 0
    questions = []
    deck_counts = {}
    for note_id, guid, model_id, tags, fields_text in notes:
        note_type = content["note_types"].get(model_id)
        fields_list = str(fields_text).split("\x1f")
        cards = content["cards"].get(note_id, [])
        for _ord, deck_id in cards[:1]:
            deck_counts[deck_id] = deck_counts.get(deck_id, 0) + 1
        if note_type is None:
            foreign.skipped.append(Skipped(_summary(fields_list), _("Its note type is missing from the package.")))
            continue
        values = dict(zip(note_type["fields"], fields_list, strict=False))
        made, reason = _questions_of(note_type, values, guid, [o for o, _d in cards] or [0])
        if reason:
            foreign.skipped.append(Skipped(_summary(fields_list), reason))
            continue
        for question, converted in made:
            for c in converted:
                images.update(c.images)
                sounds.update(c.sounds)
            hints += question.pop("_hints", 0)
            pictures = question.pop("_pictures", [])
            if pictures:
                foreign.pictures[len(questions)] = pictures[0]
                images.add(pictures[0])
            tags_list = question.pop("_tags", None)
            question["tags"] = tags_list if tags_list is not None else _tags(tags, foreign)
            questions.append(question)
    taken = set()
    for question in questions:
        base, n = question["id"], 2
        while question["id"] in taken:
            question["id"], n = f"{base}-{n}", n + 1
        taken.add(question["id"])
    foreign.media = dict.fromkeys(sorted(images), b"")
    aside = images - set(foreign.pictures.values())
    if aside:
        foreign.notes.append(
            _("%(n)d images are kept aside: only a prompt's first picture is shown, so the text reads without them.")
            % {"n": len(aside)}
        )
    if sounds:
        foreign.notes.append(_("%(n)d sounds were left out: questions do not play sounds.") % {"n": len(sounds)})
    if hints:
        foreign.notes.append(_("%(n)d cloze hints are written in brackets after their gap.") % {"n": hints})
    deck_name = ""
    if deck_counts:
        deck_name = content["decks"].get(max(deck_counts, key=deck_counts.get), "")
    if not deck_name or deck_name == "Default":
        deck_name = Path(name).stem or "Anki"
    title = deck_name.replace("::", " › ")[:200]
    foreign.raw = {"title": title, "language": _language(questions), "questions": questions}
    return foreign


def _language(questions):
    text = " ".join(str(q.get(name, "")) for q in questions[:50] for name in ("prompt", "text", "back"))
    arabic = sum("\u0600" <= ch <= "\u06ff" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return "ar" if arabic >= latin or not text.strip() else "en"


def _tags(tags, foreign):
    result = []
    for tag in str(tags or "").split():
        if len(tag) > MAX_TAG_LENGTH:
            foreign.notes.append(
                _("The tag “%(tag)s…” is longer than 64 characters and was left out.") % {"tag": tag[:30]}
            )
        elif tag not in result:
            result.append(tag)
    return result


def _summary(fields_list):
    text = to_text(fields_list[0] if fields_list else "").text
    text = " ".join(text.split())
    return (text[:59] + "…" if len(text) > 60 else text) or "—"


def _base_id(guid):
    return "anki-" + hashlib.sha1(str(guid).encode()).hexdigest()[:12]  # noqa: S324 - a name, not a secret


def _questions_of(note_type, values, guid, ords):
    """[(question, [Converted...])] made of one note, or ([], why not)."""
    field_names = note_type["fields"]
    if field_names == OUR_FIELDS:
        return _ours(values, guid)
    texts = " ".join(values.values())
    if "image-occlusion" in note_type["name"].lower() or "image-occlusion:" in texts:
        return [], _("Image occlusion notes have no equivalent here.")
    if note_type["cloze"]:
        return _cloze_note(note_type, values, guid)
    made = []
    for ord_ in ords:
        if ord_ >= len(note_type["templates"]):
            continue
        question_side, answer_side = note_type["templates"][ord_]
        shown, tested = _references(question_side)
        if any(not to_text(values.get(t, "")).text for t in tested if t in values):
            continue
        front_fields = [
            _field_name(r) for r in shown if _field_name(r) in values and _field_name(r) not in _SPECIAL_FIELDS
        ]
        typed = [_field_name(r) for r in shown if r.startswith("type:") and _field_name(r) in values]
        back_shown, _tested = _references(answer_side)
        back_fields = [
            _field_name(r)
            for r in back_shown
            if _field_name(r) in values and _field_name(r) not in front_fields and _field_name(r) not in _SPECIAL_FIELDS
        ]
        back_fields = [f for f in dict.fromkeys(typed + back_fields) if f not in front_fields or f in typed]
        front_fields = [f for f in dict.fromkeys(front_fields) if f not in typed]
        if not front_fields or not back_fields:
            return [], _("Its note type “%(type)s” has no equivalent here: its cards have no answer side.") % {
                "type": note_type["name"]
            }
        front = [to_text(values[f]) for f in front_fields]
        back = [to_text(values[f]) for f in back_fields]
        prompt = "\n\n".join(c.text for c in front if c.text)
        answer = "\n\n".join(c.text for c in back if c.text)
        if not prompt:
            return [], _("Its front holds only an image or a sound, which questions cannot show yet.")
        if not answer:
            return [], _("Its back holds only an image or a sound, which questions cannot show yet.")
        qid = _base_id(guid) if ord_ == 0 else f"{_base_id(guid)}-card{ord_ + 1}"
        if typed and "\n" not in answer and len(answer) <= 200:
            question = {"id": qid, "type": "short", "prompt": prompt, "answers": [answer]}
        else:
            question = {"id": qid, "type": "flashcard", "prompt": prompt, "back": answer}
        question["_pictures"] = [image for c in front for image in c.images]
        made.append((question, front + back))
    if not made:
        return [], _("The note has no card to study.")
    return made, ""


def _cloze_note(note_type, values, guid):
    templates = note_type["templates"] or [("", "")]
    question_side, answer_side = templates[0]
    shown, _tested = _references(question_side)
    cloze_field = next(
        (_field_name(r) for r in shown if r.startswith("cloze:")), note_type["fields"][0] if note_type["fields"] else ""
    )
    if cloze_field not in values:
        return [], _("Its note type “%(type)s” has no equivalent here.") % {"type": note_type["name"]}
    back_shown, _tested = _references(answer_side)
    extra_fields = [
        _field_name(r)
        for r in back_shown
        if _field_name(r) in values and _field_name(r) not in (cloze_field, *_SPECIAL_FIELDS)
    ]
    converted = to_text(values[cloze_field])
    extras = [to_text(values[f]) for f in dict.fromkeys(extra_fields)]
    explanation = "\n\n".join(c.text for c in extras if c.text)
    text = converted.text
    deletions = _CLOZE.findall(text)
    if not deletions:
        return [], _("The cloze note has no deletion ({{c1::…}}).")
    qid = _base_id(guid)
    gaps, pieces, hints, last, counts = [], [], 0, 0, {}
    for match in _CLOZE.finditer(text):
        number, answer, hint = match.group(1), match.group(2).strip(), (match.group(3) or "").strip()
        counts[number] = counts.get(number, 0) + 1
        key = f"c{number}" if counts[number] == 1 else f"c{number}-{counts[number]}"
        pieces.append(text[last : match.start()])
        pieces.append(f"[[{key}]]" + (f" ({hint})" if hint else ""))
        hints += bool(hint)
        last = match.end()
        gaps.append({"key": key, "answers": [answer]})
    pieces.append(text[last:])
    gapped = "".join(pieces)
    holdable = len(gaps) <= MAX_GAPS and all(g["answers"][0] and "\n" not in g["answers"][0] for g in gaps)
    holdable = holdable and "{{c" not in gapped and "[[" not in text
    with translation.override("ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"):
        prompt = _("Fill in the gaps.")
    if holdable:
        question = {"id": qid, "type": "cloze", "prompt": prompt, "text": gapped, "gaps": gaps, "_hints": hints}
    else:
        # What our cloze cannot hold (more than 10 gaps, a gap across lines, nested deletions)
        # is studied as a card: the blanks on the front, the answers in bold on the back.
        front = _CLOZE.sub(lambda m: f"[{(m.group(3) or '…').strip()}]", text)
        back = _CLOZE.sub(lambda m: f"**{m.group(2).strip()}**", text)
        question = {"id": qid, "type": "flashcard", "prompt": front, "back": back}
    if explanation:
        question["explanation"] = explanation
    question["_pictures"] = list(converted.images)
    return [(question, [converted, *extras])], ""


def _ours(values, guid):
    """A note written by `write`: its Data field holds the question as we store it."""
    try:
        data = json.loads(html.unescape(to_text_raw(values.get("Data", ""))))
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return [], _("The note's data field is damaged.")
    data = {k: v for k, v in data.items() if not str(k).startswith("_")}
    key = html.unescape(values.get("Key", "")).strip()
    data["id"] = key if ID_RE.match(key) else _base_id(guid)
    data.pop("sources", None)
    # The prompt's picture is the package's own media file, named by the picture's id: it comes
    # back as a new picture of the set it is imported into, never as a reference to another set's.
    picture = data.pop("image", None)
    tags = data.pop("tags", None)
    data["_tags"] = tags if isinstance(tags, list) else []
    data["_pictures"] = [picture] if isinstance(picture, str) else []
    return [(data, [])], ""


def to_text_raw(value):
    """A field's text without its tags (the Data field is escaped JSON, never markup)."""
    return re.sub(r"<[^>]*>", "", value)


# Writing ------------------------------------------------------------------------------------------


def deck_id(set_id: str) -> int:
    """The deck's id, the same for every download of the set."""
    digest = hashlib.sha256(f"deck:{set_id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _models():
    models = {}
    for type_name, model_id in MODEL_IDS.items():
        if type_name == "cloze":
            templates = [
                {
                    "name": "Cloze",
                    "qfmt": '<div class="quiz" dir="auto">{{Prompt}}<p>{{cloze:Body}}</p></div>',
                    "afmt": '<div class="quiz" dir="auto">{{Prompt}}<p>{{cloze:Body}}</p>'
                    f'<hr id="answer">{{{{Answer}}}}{_BACK}</div>',
                }
            ]
            model_type = genanki.Model.CLOZE
        else:
            templates = [
                {
                    "name": "Card",
                    "qfmt": _FRONT,
                    "afmt": '<div class="quiz" dir="auto">{{Prompt}}{{Body}}<hr id="answer">'
                    f'<div class="answer">{{{{Answer}}}}</div>{_BACK}</div>',
                }
            ]
            model_type = genanki.Model.FRONT_BACK
        models[type_name] = genanki.Model(
            model_id,
            f"Quizzes: {type_name}",
            fields=[{"name": f} for f in OUR_FIELDS],
            templates=templates,
            css=CSS,
            model_type=model_type,
            sort_field_index=1,
        )
    return models


def _escape(text):
    return html.escape(str(text))


def _shuffled(items, seed):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def _answers_text(answers):
    return " / ".join(_escape(a["text"] if isinstance(a, dict) else a) for a in answers)


def _card(question):
    """(Body, Answer) of a question's note: what the front shows under the prompt, and the answer."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        right = question["answer"] if isinstance(question["answer"], list) else [question["answer"]]
        items = "".join(f'<li dir="auto">{richtext.render_inline(o["text"])}</li>' for o in question["options"])
        answer = "<br>".join(str(richtext.render_inline(o["text"])) for o in question["options"] if o["key"] in right)
        return f'<ol class="options" type="A">{items}</ol>', answer
    if kind == "true_false":
        return "", _("True") if question["answer"] else _("False")
    if kind == "short":
        return "", _answers_text(question["answers"])
    if kind == "number":
        answer = _escape(question["answer"])
        if question.get("tolerance"):
            answer += f" ± {_escape(question['tolerance'])}"
        return "", answer
    if kind == "order":
        shown = _shuffled(question["items"], question["id"])
        items = "".join(f'<li dir="auto">{richtext.render_inline(i["text"])}</li>' for i in shown)
        answer = "".join(f'<li dir="auto">{richtext.render_inline(i["text"])}</li>' for i in question["items"])
        return f'<ul class="options">{items}</ul>', f"<ol>{answer}</ol>"
    if kind == "match":
        pairs = question["pairs"]
        rights = _shuffled([p["right"] for p in pairs], question["id"])
        rows = "".join(_row(p["left"], r) for p, r in zip(pairs, rights, strict=True))
        answer = "".join(_row(p["left"], p["right"]) for p in pairs)
        return f'<table class="pairs">{rows}</table>', f'<table class="pairs">{answer}</table>'
    if kind == "cloze":
        gaps = {g["key"]: g for g in question["gaps"]}

        def deletion(match):
            gap = gaps[match.group(1)]
            if "options" in gap:
                right = next(o["text"] for o in gap["options"] if o["key"] == gap["answer"])
                hint = " / ".join(o["text"] for o in gap["options"])
                return f"{{{{c1::{_cloze_safe(right)}::{_cloze_safe(hint)}}}}}"
            return f"{{{{c1::{_cloze_safe(gap['answers'][0]['text'])}}}}}"

        body = re.sub(r"\[\[([a-z0-9][a-z0-9_-]*)\]\]", deletion, _escape(question["text"])).replace("\n", "<br>")
        return body, ""
    return "", str(richtext.render(question.get("back", "")))


def _row(left, right):
    cells = "".join(f'<td dir="auto">{richtext.render_inline(text)}</td>' for text in (left, right))
    return f"<tr>{cells}</tr>"


def _cloze_safe(text):
    # A gap's text inside {{c1::…}}: braces and the hint separator would end the deletion early.
    return _escape(text).replace("}}", "} }").replace("::", ": :")


def media_files(document) -> list[str]:
    """genanki's own list of media paths: none, since the pictures are added from memory."""
    return []


def _picture(question, media):
    """The prompt's picture as the note shows it, from `media` {uuid: (file name, bytes, alt)}."""
    found = media.get(question.get("image", ""))
    if found is None:
        return ""
    file_name, _data, alt = found
    return f'<div><img src="{html.escape(file_name)}" alt="{html.escape(alt)}"></div>'


def write(document: dict, *, set_id: str = "", media: dict | None = None) -> Written:
    """The set as an Anki package; a second download of the same set updates the deck in Anki.
    `media` holds the pictures the prompts show, {uuid: (file name, bytes, alt text)}: they go
    into the package as Anki's media, shown under their prompts."""
    media = media or {}
    set_id = set_id or document.get("slug", "")
    models = _models()
    skipped = []
    deck = genanki.Deck(deck_id(set_id), document["title"], description=document.get("description", ""))
    sources = {s["id"]: s for s in document.get("sources", [])}
    with translation.override(document.get("language", "ar")):
        for question in document["questions"]:
            if question["type"] not in MODEL_IDS:
                # An essay is graded by a teacher: Anki cannot check it, so it stays out of the deck.
                skipped.append(Skipped(question["id"], _("Anki cannot grade an essay: it is left out of the deck.")))
                continue
            body, answer = _card(question)
            source = "<br>".join(
                f"«{_escape(s['quote'])}» — {_escape(sources.get(s['doc'], {}).get('title', s['doc']))}"
                for s in question.get("sources", [])
            )
            data = {k: v for k, v in question.items() if k not in ("id", "sources", "image")}
            if question.get("image") in media:
                data["image"] = media[question["image"]][0]  # the package's file, read back as a new picture
            note = genanki.Note(
                model=models[question["type"]],
                fields=[
                    question["id"],
                    str(richtext.render(question["prompt"])) + _picture(question, media),
                    body,
                    answer,
                    str(richtext.render(question.get("explanation", ""))),
                    source,
                    _escape(json.dumps(data, ensure_ascii=False)),
                ],
                tags=[t.replace(" ", "_") for t in question.get("tags", [])],
                guid=genanki.guid_for(set_id, question["id"]),
            )
            deck.add_note(note)
    package = genanki.Package(deck, media_files=media_files(document))
    shown = {name: data for name, data, _alt in media.values()}
    return Written(_package_bytes(package, shown), skipped)


def _package_bytes(package, media=None):
    """The .apkg as bytes: the collection built in memory, with no file left behind, and each
    picture {file name: bytes} as Anki lays media out (numbered entries and a map of their names)."""
    media = media or {}
    connection = sqlite3.connect(":memory:")
    timestamp = time.time()
    package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
    connection.commit()
    collection = connection.serialize()
    connection.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        for number, (_name, data) in enumerate(sorted(media.items())):
            archive.writestr(str(number), data)
        archive.writestr("media", json.dumps({str(n): name for n, name in enumerate(sorted(media))}))
    return out.getvalue()
