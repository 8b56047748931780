"""What the option-based types (single, multiple, cloze's chosen gaps) share."""

from django.utils.translation import gettext as _

from .base import check_entries


def check_options(data, problems, *, minimum=2):
    """Checks `options` (each `{key, text}`) and returns their keys."""
    return check_entries(data, "options", ("text",), problems, minimum=minimum, maximum=12)


def check_answer_key(data, keys, problems, path=("answer",)):
    answer = data.get("answer")
    if "answer" not in data:
        problems.add(path, _("“answer” is missing: name the key of the correct option."))
    elif not isinstance(answer, str) or (keys and answer not in keys):
        problems.add(
            path,
            _("The answer “%(answer)s” is not the key of any option (%(keys)s).")
            % {"answer": answer, "keys": ", ".join(keys)},
        )


def option_text(data, key):
    for option in data["options"]:
        if option["key"] == key:
            return option["text"]
    return None
