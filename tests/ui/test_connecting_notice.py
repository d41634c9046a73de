"""Before a server database opens, a small window says where Oske is connecting to."""

from ui.app.application import connecting_notice


def test_a_server_database_is_announced_by_its_place_without_the_password(qtbot):
    notice = connecting_notice("postgresql://marjo:salainen@palvelin.toimisto.lan/oske")
    assert notice is not None
    qtbot.addWidget(notice)
    assert notice.isVisible()
    assert "marjo@palvelin.toimisto.lan/oske" in notice.text()
    assert "salainen" not in notice.text()


def test_a_file_opens_without_a_notice(qtbot, tmp_path):
    assert connecting_notice(f"sqlite:///{tmp_path / 'oske.sqlite'}") is None
