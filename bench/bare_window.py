"""The floor for Oske's start-up: a bare PySide6 window with five tabs of tables.

    python bench/bare_window.py

Run by ``bench/startup.py`` beside ``main.py --smoke``. The first tab's table holds 200
rows of seven columns (a first batch, as Oske's lists read one), the other four are empty.
Like ``--smoke`` it prints two lines, in this order, as each moment comes: when the window
has been painted, and when the first tab's table has been filled (here: the same moment),
then exits.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

ROWS, COLUMNS, TABS = 200, 7, 5


class FirstPaint(QObject):
    """Notes the window's first paint."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1100, 720)
    tabs = QTabWidget(window)
    for t in range(TABS):
        model = QStandardItemModel(0, COLUMNS, window)
        if t == 0:
            for r in range(ROWS):
                model.appendRow([QStandardItem(f"{r}.{c}") for c in range(COLUMNS)])
        view = QTableView(tabs)
        view.setModel(model)
        tabs.addTab(view, f"Tab &{t + 1}")
    window.setCentralWidget(tabs)
    paint = FirstPaint()
    window.installEventFilter(paint)
    window.show()
    while not paint.painted:
        app.processEvents()
    print("painted", flush=True)
    print("populated", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
