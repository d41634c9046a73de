"""Every visible string has a Finnish translation, with the same placeholders."""

import re
import tomllib
from pathlib import Path

from domain.about import APP_VERSION
from domain.i18n import read_catalogue
from scripts.messages import source_strings

PLACEHOLDER = re.compile(r"\{(\w*)[^}]*\}")


def test_every_source_string_has_a_finnish_translation():
    catalogue = read_catalogue("fi")
    missing = [
        f"{where}: {text!r}" for text, where in source_strings().items() if not catalogue.get(text)
    ]
    assert missing == [], "Run `uv run scripts/messages.py` and translate:\n" + "\n".join(missing)


def test_the_catalogue_holds_no_translation_that_no_source_uses():
    sources = source_strings()
    unused = [text for text in read_catalogue("fi") if text not in sources]
    assert unused == [], (
        "Remove from fi.po (the source string was changed or removed):\n" + "\n".join(unused)
    )


def test_translations_keep_the_placeholders_of_the_source():
    wrong = [
        text
        for text, translation in read_catalogue("fi").items()
        if translation
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(translation))
    ]
    assert wrong == []


def test_translations_keep_one_keyboard_accelerator_where_the_source_has_one():
    wrong = [
        text
        for text, translation in read_catalogue("fi").items()
        if translation
        and text.replace("&&", "").count("&") != translation.replace("&&", "").count("&")
    ]
    assert wrong == []


def test_the_application_version_matches_pyproject():
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == APP_VERSION
