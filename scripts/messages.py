"""Find every string given to _() or N_() in the sources, and update the Finnish catalogue.

    uv run scripts/messages.py          add missing strings to resources/translations/fi.po
                                        (with an empty translation) and list them, and
                                        point an entry's "#:" comment at the file its
                                        string is in now when it moved to another file

The catalogue test uses ``source_strings()`` to fail when a translation is missing.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("domain", "storage", "exports", "services", "ui", "resources")
SOURCE_FILES = ("main.py",)
CATALOGUE = ROOT / "resources" / "translations" / "fi.po"


def source_files() -> list[Path]:
    files = [ROOT / f for f in SOURCE_FILES]
    for folder in SOURCE_DIRS:
        files.extend(sorted((ROOT / folder).rglob("*.py")))
    return files


def source_strings() -> dict[str, str]:
    """{string: 'file:line'} for every literal passed to _() or N_()."""
    found: dict[str, str] = {}
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _unquote(line: str) -> str:
    """The text of one quoted line of a catalogue (its escapes are Python's)."""
    return str(ast.literal_eval(line.strip()))


def refresh_locations(text: str, where: dict[str, str]) -> str:
    """The catalogue with an entry's ``#: file:line`` set to where its string is now when
    the string moved to another file (a line number that merely drifted is left, so that
    adding a string does not rewrite the whole catalogue)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.startswith("#: ") or i + 1 >= len(lines):
            continue
        if not lines[i + 1].startswith("msgid "):
            continue
        parts = [_unquote(lines[i + 1][len("msgid ") :])]
        j = i + 2
        while j < len(lines) and lines[j].startswith('"'):
            parts.append(_unquote(lines[j]))
            j += 1
        now = where.get("".join(parts))
        if now is not None and now.rpartition(":")[0] != line[3:].rpartition(":")[0]:
            lines[i] = f"#: {now}"
    return "\n".join(lines)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from domain.i18n import read_catalogue

    existing = read_catalogue("fi") if CATALOGUE.exists() else {}
    missing = {s: where for s, where in source_strings().items() if s not in existing}
    if not CATALOGUE.exists():
        CATALOGUE.write_text(
            '# Finnish catalogue of Oske. Source strings are English.\nmsgid ""\nmsgstr ""\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fi\\n"\n',
            encoding="utf-8",
        )
    if CATALOGUE.exists():
        text = CATALOGUE.read_text(encoding="utf-8")
        CATALOGUE.write_text(refresh_locations(text, source_strings()), encoding="utf-8")
    with CATALOGUE.open("a", encoding="utf-8") as f:
        for text, where in missing.items():
            f.write(f'\n#: {where}\nmsgid {quote(text)}\nmsgstr ""\n')
    for text in missing:
        print(text)
    print(f"{len(missing)} strings added without a translation", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
