"""Finnish alphabetical order and case-insensitive matching, the same on every backend.

A list sorts text by ``domain.records.finnish_key``: the text case-folded, then each
letter as ``domain.records.FINNISH_ORDER`` sorts it (å, ä and ö after z, ü as y, the
other accented letters as their base letter), compared character by character. Reports and
the workbook sort in Python by that function; the lists sort in SQL by the same rule:

- On SQLite the very function is registered on every connection (``register_sqlite``)
  and called by name.
- On PostgreSQL the key is computed inline: ``lower()`` under the ICU root collation
  ``"und-x-icu"``, which folds Ä and Ö whatever the database's ``LC_CTYPE`` (a ``C``
  database's own ``lower()`` folds only A–Z); what ``str.casefold`` does beyond
  ``lower`` to Latin letters (ß → ss), by ``replace``; then the Finnish table, by
  ``translate``. The
  result is compared byte by byte (``COLLATE "C"``), as SQLite and Python compare, not by
  the database's ``LC_COLLATE``.

A key column that Python has already case-folded (``search_key``, ``code_key``,
``customer_key``, ``name_key``) is sorted by ``finnish_key_order``: the same key, without
folding again on the server (a third of the work on a list of 200 000 rows).

Matching compares ``folded(column)`` with ``fold(value)`` computed in Python, casefolded
on both sides, so "ÖSTMAN EIJA" is "Östman Eija" on a ``C`` server too.

Other text a list sorts by (stored choices, phone numbers, vouchers) is compared by
``binary``: in byte order on both backends, where PostgreSQL would otherwise use the
database's locale.

PostgreSQL must have ICU, as the packages of the major distributions, the Windows
installer and every build from PostgreSQL 16 on have. Outside the Latin letters
``casefold`` and PostgreSQL's ``lower`` differ in a few characters (Greek final sigma,
Cherokee): names in those sort by ``lower`` there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from domain.records import FINNISH_ORDER, finnish_key

ICU_ROOT = '"und-x-icu"'  # Unicode's own case rules, whatever the database's locale
BYTES = '"C"'  # compare by bytes: code points in UTF-8
_SQLITE_ORDER = "oske_finnish_key"
_SQLITE_FOLD = "oske_casefold"


def fold(text: str | None) -> str:
    """A value as ``folded`` leaves a column's, for matching."""
    return (text or "").casefold()


def _casefold(text: str | None) -> str | None:
    return None if text is None else str(text).casefold()


@lru_cache(maxsize=4096)
def _finnish_key(text: str | None) -> str | None:
    # Remembered: SQLite calls this for every row of a sort, and a list sorted by area,
    # ombudsman or municipality names the same few texts on 200 000 rows
    return None if text is None else finnish_key(str(text))


def register_sqlite(dbapi_connection: sqlite3.Connection) -> None:
    """Give a SQLite connection the functions the constructs below call."""
    dbapi_connection.create_function(_SQLITE_ORDER, 1, _finnish_key, deterministic=True)
    dbapi_connection.create_function(_SQLITE_FOLD, 1, _casefold, deterministic=True)


# --- the SQL constructs -------------------------------------------------------------


class finnish_order(FunctionElement[str]):
    """The Finnish sort key of a text column or expression, for ORDER BY."""

    type = String()
    name = "finnish_order"
    inherit_cache = True


class finnish_key_order(finnish_order):
    """``finnish_order`` of a key column whose text Python has already case-folded."""

    name = "finnish_key_order"
    inherit_cache = True


class folded(FunctionElement[str]):
    """A text column or expression case-folded, for ``folded(col) == fold(value)``."""

    type = String()
    name = "folded"
    inherit_cache = True


class binary(FunctionElement[str]):
    """A text column compared by its code points, not by the server's locale."""

    type = String()
    name = "binary"
    inherit_cache = True


class binary_unindexed(binary):
    """``binary``, where SQLite is not to read the rows by the column's index: as the first
    of several sort terms that the index does not hold, it would fetch each of 200 000 rows
    through it, one by one, to sort the rest (measured 112 → ~55 ms, case events sorted
    by service area). PostgreSQL chooses its plan by cost, and gets ``binary``."""

    name = "binary_unindexed"
    inherit_cache = True


def sort_order(column: Any) -> Any:
    """A column as a list sorts by it: text that is not in an order of ours yet by its
    code points, anything else as it is."""
    if isinstance(column, (finnish_order, binary, UnaryExpression)):
        return column  # in an order already, or turned (desc) already
    kind = getattr(column, "type", None)
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return binary(column) if isinstance(kind, String) else column


# --- PostgreSQL: the key computed inline --------------------------------------------


@cache
def _casefold_beyond_lower() -> dict[str, str]:
    """What ``str.casefold`` changes in lowered Latin-1 and Latin Extended-A text:
    ß → ss, ŉ → ʼn, ſ → s, µ → μ."""
    out: dict[str, str] = {}
    for code in range(0x180):
        char = chr(code)
        if char.lower() == char and char.casefold() != char:
            out[char] = char.casefold()
    # one replace after another: no result may be folded or mapped again
    later = set(out) | set(FINNISH_ORDER)
    assert not later & set("".join(out.values())), "a fold's result is changed again"
    return out


def _replaced(compiler: Any, sql: str, table: dict[str, str]) -> str:
    for char, replacement in table.items():
        old = compiler.render_literal_value(char, String())
        new = compiler.render_literal_value(replacement, String())
        sql = f"replace({sql}, {old}, {new})"
    return sql


def _translated(compiler: Any, sql: str, table: Mapping[str, str]) -> str:
    """``sql`` with each letter of ``table`` replaced by its one letter, in one pass."""
    old = compiler.render_literal_value("".join(table), String())
    new = compiler.render_literal_value("".join(table.values()), String())
    return f"translate({sql}, {old}, {new})"


def _pg_folded(compiler: Any, expr: Any, **kw: Any) -> str:
    lowered = f"lower(({compiler.process(expr, **kw)}) COLLATE {ICU_ROOT})"
    return _replaced(compiler, lowered, _casefold_beyond_lower())


@compiles(folded, "postgresql")
def _folded_pg(element: folded, compiler: Any, **kw: Any) -> str:
    (expr,) = element.clauses
    return _pg_folded(compiler, expr, **kw)


@compiles(finnish_order, "postgresql")
def _finnish_order_pg(element: finnish_order, compiler: Any, **kw: Any) -> str:
    (expr,) = element.clauses
    key = _translated(compiler, _pg_folded(compiler, expr, **kw), FINNISH_ORDER)
    return f"({key} COLLATE {BYTES})"


@compiles(finnish_key_order, "postgresql")
def _finnish_key_order_pg(element: finnish_key_order, compiler: Any, **kw: Any) -> str:
    (expr,) = element.clauses
    key = _translated(compiler, f"({compiler.process(expr, **kw)})", FINNISH_ORDER)
    return f"({key} COLLATE {BYTES})"


@compiles(binary, "postgresql")
def _binary_pg(element: binary, compiler: Any, **kw: Any) -> str:
    (expr,) = element.clauses
    return f"(({compiler.process(expr, **kw)}) COLLATE {BYTES})"


# --- SQLite: the registered functions; another database: its own lower() -------------


@compiles(finnish_order, "sqlite")
@compiles(finnish_key_order, "sqlite")
def _finnish_order_sqlite(element: finnish_order, compiler: Any, **kw: Any) -> str:
    return f"{_SQLITE_ORDER}({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _folded_sqlite(element: folded, compiler: Any, **kw: Any) -> str:
    return f"{_SQLITE_FOLD}({compiler.process(element.clauses, **kw)})"


@compiles(finnish_order)
@compiles(finnish_key_order)
@compiles(folded)
def _lower(element: FunctionElement[str], compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(binary)
def _as_is(element: binary, compiler: Any, **kw: Any) -> str:
    (expr,) = element.clauses
    return str(compiler.process(expr, **kw))


@compiles(binary_unindexed, "sqlite")
def _unindexed_sqlite(element: binary_unindexed, compiler: Any, **kw: Any) -> str:
    (expr,) = element.clauses
    return f"+{compiler.process(expr, **kw)}"  # SQLite's way to keep an index unused
