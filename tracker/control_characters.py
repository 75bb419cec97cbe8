"""Control characters in user text: which are refused at every input, and how output drops
any stored before they were.

Tab and line feed are text anywhere, carriage return in multi-line text. Every other C0
control (U+0000 to U+001F), DEL and every C1 control (U+0080 to U+009F) is refused: a form
feed or a vertical tab in a title makes an SVG invalid XML and stops plotly.js drawing.
"""

import re

REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
REFUSED_IN_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}


def control_character_problem(text, *, multiline=False):
    """Why `text` may not be stored, as a phrase ("contains a form feed (U+000C) at
    character 5, ..."), or None when it holds no refused control character."""
    found = (REFUSED_IN_MULTILINE if multiline else REFUSED).search(text)
    if found is None:
        return None
    char = found.group()
    name = NAMES.get(char, "control character")
    article = "an" if name[0] in "aeiou" else "a"
    allowed = "tabs and line breaks" if multiline else "tabs and line feeds"
    return (
        f"contains {article} {name} (U+{ord(char):04X}) at character {found.start() + 1}, "
        f"which text may not hold (of the control characters only {allowed} are allowed)"
    )


def without_control_characters(text):
    """`text` with every refused control character but carriage return replaced by a space."""
    return REFUSED_IN_MULTILINE.sub(" ", text)


def printable_copy(value):
    """A copy of nested dicts, lists and tuples with control characters out of every string."""
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, dict):
        return {key: printable_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable_copy(item) for item in value]
    return value
