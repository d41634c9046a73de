"""Where a database is, as a person may see it.

``shown_location`` is what the status bar, the About dialog and every message show for a
database: a SQLite file's path, or ``user@host:port/database`` for a server, never a
password (not even one given in the URL's query string).

"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from domain.i18n import _

DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433, "oracle": 1521}
SECRET_KEYS = frozenset({"password", "passfile", "sslpassword"})  # never shown, never stored


# ---------------------------------------------------------------------------- URLs


def _query_text(value: str | tuple[str, ...] | None) -> str:
    if value is None:
        return ""
    return ",".join(value) if isinstance(value, tuple) else value


def _host_text(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def shown_location(url: str) -> str:
    """A database's location for a person: a SQLite file's path, or
    ``user@host:port/database`` (the port only when not the default) for a server.

    A libpq service (``postgresql+psycopg:///?service=oske``) is "service oske"; a host,
    port, user or database given in the query string counts as if in the URL. Nothing
    else of the URL, and never a password, is shown.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return _("an unreadable database URL")
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            return _("a database in memory")
        return parsed.database
    query = parsed.query
    user = parsed.username or _query_text(query.get("user"))
    host = parsed.host or _query_text(query.get("host"))
    port = str(parsed.port or _query_text(query.get("port")))
    database = parsed.database or _query_text(query.get("dbname"))
    service = _query_text(query.get("service"))
    if port == str(DEFAULT_PORTS.get(backend, "")):
        port = ""
    where = ""
    if user or host or port or database:
        where = f"{user}@" if user else ""
        where += ",".join(_host_text(h) for h in host.split(",")) if host else "localhost"
        where += f":{port}" if port else ""
        where += f"/{database}" if database else ""
    if service:
        named = _("service {name}").format(name=service)
        return f"{named} ({where})" if where else named
    return where or backend


def url_has_password(url: str) -> bool:
    """Whether the URL carries a password (after the user name, or in its query string);
    False for text that is no URL at all, which no database opens."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    return bool(parsed.password) or any(key in parsed.query for key in SECRET_KEYS)
