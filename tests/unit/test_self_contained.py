"""A clone of the project alone holds everything it refers to: no pointer leads outside it."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed if name.endswith((".py", ".md", ".toml", ".po"))]


def test_nothing_points_to_the_shared_folder_beside_the_project():
    outside = "../" + "shared"  # spelt apart so that this file does not name it either
    naming = [
        str(path.relative_to(ROOT))
        for path in _tracked_text_files()
        if outside in path.read_text(encoding="utf-8")
    ]
    assert naming == []


def test_the_workbook_contract_names_every_sheet_an_export_writes(db, tmp_path):
    import openpyxl

    from services.workbook import export_database

    contract = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    for lang in ("fi", "en"):
        export_database(db, tmp_path / f"{lang}.xlsx", lang=lang)
        written = openpyxl.load_workbook(tmp_path / f"{lang}.xlsx", read_only=True).sheetnames
        assert [name for name in written if name not in contract] == []
