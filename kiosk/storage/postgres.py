"""PostgreSQL behind the same calls the kiosk makes on SQLite (psycopg 3).

The domain writes SQL with `?` placeholders and reads rows by name or by index,
as sqlite3 does; this adapter keeps that true on PostgreSQL, so one set of
statements serves both."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg.rows import RowMaker

_PLACEHOLDER = re.compile(r"\?|%")


class Row:
    """A result row readable as row["column"] and row[0], like sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]) -> None:
        self._index = index
        self._values = tuple(values)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _rows(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    description = cursor.description or []
    index = {column.name: position for position, column in enumerate(description)}
    return lambda values: Row(index, values)


def _translate(sql: str) -> str:
    """`?` placeholders become `%s`; a literal `%` is escaped for psycopg."""
    return _PLACEHOLDER.sub(lambda match: "%s" if match.group() == "?" else "%%", sql)


class PostgresConnection:
    """The few sqlite3.Connection calls the store makes, on a psycopg connection
    in autocommit mode (transactions are begun explicitly, as on SQLite)."""

    def __init__(self, url: str) -> None:
        self._connection = psycopg.connect(url, autocommit=True, row_factory=_rows)

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> psycopg.Cursor[Row]:
        if parameters:
            return self._connection.execute(_translate(sql), tuple(parameters))
        # Without parameters psycopg sends the text as it is: no escaping needed.
        return self._connection.execute(sql)

    def executescript(self, script: str) -> None:
        self._connection.execute(script)

    def close(self) -> None:
        self._connection.close()


INTEGRITY_ERRORS: tuple[type[Exception], ...] = (psycopg.IntegrityError,)
