"""An unexpected error in an import: one line naming the sheet and row being handled, the
details in the error log of the data folder (mode 0600), never SQL or data on the
terminal."""

from __future__ import annotations

import stat

from sqlalchemy import text

from domain.staff import StaffMember
from exports.datafolder import log_error, log_path
from main import main
from services.staff import save_staff_member
from services.workbook import export_database
from tests.databases import database_args, new_database

SECRET = "salainen Mäkelä 131052-308T"


def refuse_new_staff(db) -> None:
    """A trigger in the database that fails every new staff row with text of its own: a
    fault Oske does not foresee, whose message holds data."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN "
                    f"RAISE EXCEPTION '{SECRET}'; END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER boom BEFORE INSERT ON staff "
                    "FOR EACH ROW EXECUTE FUNCTION boom()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER boom BEFORE INSERT ON staff "
                    f"BEGIN SELECT RAISE(ABORT, '{SECRET}'); END"
                )
            )


def test_an_unexpected_import_error_is_one_line_and_its_details_go_to_the_log(tmp_path, capsys):
    source = new_database(tmp_path / "source.sqlite")
    save_staff_member(
        source, StaffMember(last_name="Mäkelä", first_name="Anni", title="ohjaaja"), None
    )
    export_database(source, tmp_path / "oske.xlsx")
    source.close()
    target = new_database(tmp_path / "target.sqlite")
    refuse_new_staff(target)
    target.close()
    capsys.readouterr()

    code = main([*database_args(target.url), "import", str(tmp_path / "oske.xlsx")])

    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "Odottamaton virhe keskeytti työn (kohta: taulukko Henkilöstö, rivi 2); mitään ei "
        f"muutettu. Yksityiskohdat on kirjattu lokiin {log_path()}."
    ]
    logged = log_path().read_text(encoding="utf-8")
    assert "taulukko Henkilöstö, rivi 2" in logged and "Traceback" in logged
    assert SECRET in logged  # the details are there, for whoever looks into it
    assert stat.S_IMODE(log_path().stat().st_mode) == 0o600


def test_the_error_log_rotates_and_every_file_of_it_stays_private():
    try:
        raise RuntimeError("x" * 200_000)
    except RuntimeError as exc:
        for _n in range(40):
            log_error(exc, "taulukko Kirjaukset, rivi 12")
    logs = sorted(log_path().parent.glob("oske.log*"))
    assert [p.name for p in logs] == ["oske.log", "oske.log.1", "oske.log.2", "oske.log.3"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)
    assert all(p.stat().st_size <= 1_300_000 for p in logs)
