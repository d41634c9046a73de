"""Where a database is shown to be."""

from storage.location import shown_location, url_has_password

# ---------------------------------------------------------------------------- shown location


def test_a_sqlite_file_is_shown_as_its_path():
    assert shown_location("sqlite:////home/anna/oske.sqlite") == "/home/anna/oske.sqlite"


def test_a_server_is_shown_as_user_at_host_and_database_without_the_password():
    url = "postgresql+psycopg://oske:Salainen-123@db.toimisto.local/oske"
    assert shown_location(url) == "oske@db.toimisto.local/oske"


def test_a_port_other_than_the_default_is_shown():
    assert shown_location("postgresql://oske:x@db:5433/oske") == "oske@db:5433/oske"
    assert shown_location("postgresql://oske:x@db:5432/oske") == "oske@db/oske"


def test_a_libpq_service_is_shown_by_its_name():
    assert shown_location("postgresql+psycopg:///?service=oske") == "palvelu oske"


def test_host_user_and_password_in_the_query_string_show_all_but_the_password():
    url = "postgresql+psycopg:///oske?host=db.toimisto.local&user=anna&password=Salainen-123"
    assert shown_location(url) == "anna@db.toimisto.local/oske"


def test_an_unreadable_url_shows_none_of_its_text():
    assert "Salainen" not in shown_location("postgresql://anna:Salainen-123@db:portti/oske")
    assert "Salainen" not in shown_location("ei-osoite:Salainen-123")


def test_a_password_is_found_after_the_user_name_or_in_the_query_string():
    assert url_has_password("postgresql://anna:Salainen-123@db/oske")
    assert url_has_password("postgresql://anna@db/oske?password=Salainen-123")
    assert not url_has_password("postgresql://anna@db/oske?sslmode=require")
    assert not url_has_password("postgresql+psycopg:///?service=oske")
