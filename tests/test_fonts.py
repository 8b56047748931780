"""The Arabic font is served by the app itself, with its licence, and the stylesheet uses it."""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "quizzes" / "static" / "quizzes"
CSS = (STATIC / "site.css").read_text()


def test_every_font_face_points_at_a_committed_woff2_file():
    sources = re.findall(r'url\("(fonts/[^"]+)"\) format\("woff2"\)', CSS)
    assert len(sources) == 6
    for source in sources:
        data = (STATIC / source).read_bytes()
        assert data[:4] == b"wOF2", source


def test_the_arabic_subset_comes_in_regular_and_bold_and_covers_arabic_letters():
    faces = re.findall(r"@font-face \{(.*?)\}", CSS, re.DOTALL)
    for family in ("Noto Naskh Arabic", "Naskh for Arabic letters"):
        arabic = [face for face in faces if "arabic-arabic" in face and f'font-family: "{family}"' in face]
        assert {re.search(r"font-weight: (\d+)", face)[1] for face in arabic} == {"400", "700"}, family
        for face in arabic:
            assert "font-display: swap" in face
            assert "U+0600-06FF" in face


def test_english_pages_draw_only_arabic_letters_in_naskh():
    faces = re.findall(r"@font-face \{(.*?)\}", CSS, re.DOTALL)
    english_only = [face for face in faces if 'font-family: "Naskh for Arabic letters"' in face]
    assert english_only and all("U+0000" not in face and "latin" not in face for face in english_only)
    assert re.search(r':lang\(en\) \{[^}]*font-family: "Naskh for Arabic letters", system-ui', CSS)


def test_the_font_licence_is_committed_beside_the_fonts():
    assert "SIL Open Font License" in (STATIC / "fonts" / "OFL.txt").read_text()


def test_the_page_asks_for_the_served_font_first_with_room_between_lines():
    root = re.search(r":root \{(.*?)\}", CSS, re.DOTALL)[1]
    assert re.search(r'font-family: "Noto Naskh Arabic",', root)
    assert float(re.search(r"line-height: ([\d.]+);", root)[1]) >= 1.6
