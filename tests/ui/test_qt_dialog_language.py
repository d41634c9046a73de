"""Qt's own dialogs speak the window's language, their dates and sizes included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QTreeView

ROOT = Path(__file__).resolve().parents[2]


def test_the_finnish_file_dialog_has_finnish_labels_and_file_types(qtbot, tmp_path):
    (tmp_path / "arkisto").mkdir()
    dialog = QFileDialog(None, "Tallenna", str(tmp_path), "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 1)

    labels = {label.text() for label in dialog.findChildren(QLabel)}
    type_column = view.model().index(0, 2, view.rootIndex()).data(Qt.ItemDataRole.DisplayRole)
    assert {"&Kansio:", "Tiedosto&tyyppi:"} <= labels
    assert type_column == "Kansio"


def test_a_finnish_window_shows_dates_and_sizes_in_finnish_on_an_english_system():
    script = (
        "from ui.app.application import prefer_language_in_system_formats\n"
        "prefer_language_in_system_formats('fi')\n"
        "from PySide6.QtCore import QDate, QLocale\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "system = QLocale.system()\n"
        "print(system.toString(QDate(2026, 12, 6), QLocale.FormatType.ShortFormat))\n"
        "print(system.formattedDataSize(8000))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env |= {"LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    shown = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert shown[:2] == ["6.12.2026", "7,81 KiB"]
