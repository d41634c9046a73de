"""The one translation function of Oske.

Source strings are English; ``resources/translations/fi.po`` holds the Finnish catalogue,
which is the default interface language. ``_()`` translates now; ``N_()`` only marks a
string whose translation must wait until it is shown (class attributes, declarations),
so that a language switch is honoured. A test scans the sources for both and fails when
a string has no Finnish translation.
"""

from __future__ import annotations

from pathlib import Path

LANGUAGES = ("fi", "en")
DEFAULT_LANGUAGE = "fi"

_CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

_language = DEFAULT_LANGUAGE
_catalogue: dict[str, str] | None = None


def read_catalogue(language: str) -> dict[str, str]:
    """The translations of one language as {English source: translation}.

    The catalogue is a gettext ``.po`` file; only the simple subset Oske writes is read
    (``msgid``/``msgstr`` with continuation lines), which keeps Babel out of start-up.
    """
    path = _CATALOGUE_DIR / f"{language}.po"
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key = "".join(msgid)
            if key:
                entries[key] = "".join(msgstr)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        elif not line or line.startswith("#"):
            continue
    flush()
    return entries


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"Malformed catalogue line: {text}")
    body = text[1:-1]
    return body.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"').replace("\\\\", "\\")


def set_language(language: str) -> None:
    global _language, _catalogue
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language: {language}")
    _language = language
    _catalogue = None


def current_language() -> str:
    return _language


def _(text: str) -> str:
    """Translate ``text`` (an English source string) into the interface language."""
    global _catalogue
    if _language == "en":
        return text
    if _catalogue is None:
        _catalogue = read_catalogue(_language)
    return _catalogue.get(text) or text


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it yet."""
    return text
