"""The change notices' baseline in SQLite (migration 010): one row per channel scope and session slug.

Each row holds the hash of the session's facts (as :mod:`bot.services.notices` computes it) and the facts
as JSON. The notice service reads the hashes once, then only the facts of the sessions that differ from
the sessions now, and writes only those rows back, in the transaction that also sets its ``meta`` keys
(the baseline's digest, the outbox): a notice is never half applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.store.db import Database

_BATCH = 500
_UPSERT = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"

Row = tuple[str, bytes, str]  # slug, facts hash, facts JSON


class NoticeBaseline:
    """The baseline rows of one channel ``scope`` (``platform:channel``)."""

    def __init__(self, db: Database, scope: str) -> None:
        self._db = db
        self.scope = scope

    async def hashes(self) -> dict[str, bytes]:
        """slug -> facts hash of every session in the baseline."""
        rows = await self._db.fetchall("SELECT slug, hash FROM notice_baseline WHERE scope = ?", (self.scope,))
        return {row[0]: bytes(row[1]) for row in rows}

    async def facts(self, slugs: Sequence[str]) -> dict[str, str]:
        """slug -> facts JSON of those of ``slugs`` in the baseline (read by the primary key)."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(slugs))
        for at in range(0, len(unique), _BATCH):
            batch = unique[at : at + _BATCH]
            marks = ",".join("?" * len(batch))
            rows = await self._db.fetchall(
                f"SELECT slug, facts FROM notice_baseline WHERE scope = ? AND slug IN ({marks})", [self.scope, *batch]
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    async def write(
        self, *, upsert: Iterable[Row] = (), delete: Iterable[str] = (), replace: bool = False,
        meta: Mapping[str, str] | None = None,
    ) -> None:
        """In one transaction: every row dropped first when ``replace``, the ``delete`` slugs removed, the
        ``upsert`` rows written, and the ``meta`` keys set."""
        async with self._db.transaction() as conn:
            if replace:
                await conn.execute("DELETE FROM notice_baseline WHERE scope = ?", (self.scope,))
            await conn.executemany("DELETE FROM notice_baseline WHERE scope = ? AND slug = ?",
                                   [(self.scope, slug) for slug in delete])
            await conn.executemany(
                "INSERT INTO notice_baseline(scope, slug, hash, facts) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(scope, slug) DO UPDATE SET hash = excluded.hash, facts = excluded.facts",
                [(self.scope, slug, digest, facts) for slug, digest, facts in upsert],
            )
            if meta:
                await conn.executemany(_UPSERT, list(meta.items()))
