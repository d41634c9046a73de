"""Who is making a change: the workstation's login name and host name, and on a server
the database user. The version check and the change history both name the person this
way ("marjo (TOIMISTO-3)"), so that a colleague can be asked about a change."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from functools import cache

from sqlalchemy import text
from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class Actor:
    login: str
    host: str
    database_user: str | None = None  # PostgreSQL's current_user; None on SQLite

    def label(self) -> str:
        """How a person is named in messages and in the history: ``login (host)``."""
        return f"{self.login} ({self.host})" if self.host else self.login


@cache
def _workstation() -> tuple[str, str]:
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password file
        login = "?"
    try:
        host = socket.gethostname()
    except OSError:
        host = ""
    return login, host


def actor_of(conn: Connection | None = None) -> Actor:
    """This workstation's actor; with a connection to a server, its database user too."""
    login, host = _workstation()
    user = None
    if conn is not None and conn.dialect.name == "postgresql":
        user = conn.execute(text("SELECT current_user")).scalar()
    return Actor(login, host, user)
