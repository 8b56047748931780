"""What the option-based types (single, multiple, cloze's chosen gaps) share.

An option may carry `feedback`: why it is wrong (or right), in the Markdown subset of
explanations, shown to a student who chose it once their answer is checked, never before.
"""

from django.utils.translation import gettext as _

from .base import check_entries, check_image, check_text, editor_rows, opaque_key, prefixed, with_keys


def check_options(data, problems, *, minimum=2, pictures=False):
    """Checks `options` (each `{key, text}`, with an optional `feedback`, and an optional `image`
    where the type shows `pictures`) and returns their keys."""
    optional = ("feedback", "image") if pictures else ("feedback",)
    keys = check_entries(data, "options", ("text",), problems, minimum=minimum, maximum=12, optional=optional)
    if isinstance(data.get("options"), list):
        for i, option in enumerate(data["options"]):
            if isinstance(option, dict) and "feedback" in option:
                check_text(option, "feedback", prefixed(problems, ("options", i)))
            if pictures and isinstance(option, dict) and "image" in option:
                check_image(option, problems, ("options", i))
    return keys


def canonical_options(options):
    """Options as stored and exported: key, text, and its picture and feedback when it has them."""
    return [
        {
            "key": o["key"],
            "text": o["text"],
            **({"image": o["image"]} if o.get("image") else {}),
            **({"feedback": o["feedback"]} if o.get("feedback") else {}),
        }
        for o in options
    ]


def feedback_of_chosen(options, chosen):
    """The feedback of each chosen option that has one, in the options' order: what the checked
    side shows beside the question's explanation."""
    return [
        {"text": o["text"], "feedback": o["feedback"]}
        for o in options
        if isinstance(o, dict) and o.get("feedback") and o.get("key") in chosen
    ]


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


def described_options(options, keys):
    """The texts of the options `keys` names, in the order given (a key no option has, as it is)."""
    texts = {o.get("key"): o.get("text") for o in options or [] if isinstance(o, dict)}
    return [str(texts.get(k) or k) if isinstance(k, str) else str(k) for k in keys]


def option_key(data, key):
    """`key` if it names one of the options, else None (whatever its type)."""
    if isinstance(key, str):
        for option in data["options"]:
            if option["key"] == key:
                return key
    return None


def shown_options(options, seed, rng, prefix="option"):
    """The options shuffled by `rng`, each with the opaque value its input carries.

    `key` stays for the checked side of the card, which compares it with the response; the
    question side prints only `value` and `text`.
    """
    shown = [
        {"key": o["key"], "value": opaque_key(seed, f"{prefix}:{o['key']}"), "text": o["text"], "image": o.get("image")}
        for o in options
    ]
    rng.shuffle(shown)
    return shown


def keys_by_value(options, seed, prefix="option"):
    """Maps each opaque value of `shown_options` back to its option's key."""
    return {opaque_key(seed, f"{prefix}:{o['key']}"): o["key"] for o in options}


BLANK_OPTION = {"key": "", "text": "", "image": "", "feedback": "", "right": False}


def options_for_editor(options, right_keys, blank=4):
    """Option rows for the editor form: key, text, picture, feedback and whether it is marked right."""
    rows = [
        {
            "key": o.get("key", ""),
            "text": o.get("text", ""),
            "image": o.get("image", ""),
            "feedback": o.get("feedback", ""),
            "right": o.get("key") in right_keys,
        }
        for o in options or []
        if isinstance(o, dict)
    ]
    return rows or [dict(BLANK_OPTION) for _ in range(blank)]


def options_from_editor(form, prefix="option"):
    """The option rows with text, keyed (a new row gets the first free letter)."""
    return with_keys([row for row in editor_rows(form, prefix, ("key", "text", "image", "feedback")) if row["text"]])


def editor_options(rows):
    """The `options` of the type's data from the editor's rows: feedback only where written."""
    return canonical_options(rows)
