"""Tables as CSV that Excel opens right, for reports and quiz grades alike: UTF-8 with a
byte-order mark, and no cell a spreadsheet could take for a formula."""

import csv
import io

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell's value, text with a leading apostrophe if it starts like a formula (`=`, `+`, `-`, `@`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(headers, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
