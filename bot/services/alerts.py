"""Staff alerts: a pushed post that fails to parse, and a repository unreachable for too long.

After every sync (:meth:`Alerts.after_sync`) the problems the cache holds are compared with the ones known
before. What staff are told about, in the staff channel (``discord.staff_channel_id`` /
``slack.staff_channel``), through the posting ledger (kind ``alert``, so exactly once across restarts):

- a new *error* (bad YAML, an unreadable post, an unknown team, ...) or a session without a date: one
  message naming ``FILE:LINE``, the problem and the commit that last changed the file (author and
  message); one follow-up when it is gone (more than ``MAX_ALERTS_PER_SYNC`` at once: one message listing them). A problem is known by its file and message (not its line: an
  edit above it is not a new problem); a problem that comes back after its fix is a new alert (and follow-up).
- the repository unreachable for ``notices.remote_alert_minutes`` (default an hour): one message with the
  reason, one follow-up when it is reachable again.

The first sync of a new cache takes the problems it finds as known, without alerting (nobody pushed them
just now). The state (known problems, and the messages about to be posted) lives in the cache's ``meta``.
"""

from __future__ import annotations

import asyncio
import bisect
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.config import CourseConfig
from bot.course.check import is_missing_date, reader, session_problems
from bot.course.models import Problem, Session
from bot.services.follow import SiteFollower
from bot.services.messages import Message
from bot.services.posting import PostOutcome, Posting
from bot.store.ledger import LedgerEntry
from bot.store.sessions import Store

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
MAX_ALERTS_PER_SYNC = 5  # more new problems (or fixes) than this in one sync: one message listing them
LISTED_IN_GROUP = 20


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ident(problem: Problem) -> str:
    return hashlib.blake2b(f"{problem.file}\0{problem.message}".encode(), digest_size=8).hexdigest()


def alert_worthy(problem: Problem) -> bool:
    """Errors, and the one warning staff must act on: a session without a date."""
    return problem.severity == "error" or is_missing_date(problem)


def _of_file(problems: list[Problem], file: str) -> list[Problem]:
    """The problems of ``file`` in ``problems`` (sorted by file, as the store gives them), by bisection."""
    start = bisect.bisect_left(problems, file, key=lambda p: p.file)
    end = bisect.bisect_right(problems, file, lo=start, key=lambda p: p.file)
    return problems[start:end]


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


class Alerts:
    """Alerts to the staff channel of ``posting`` about the site that ``follower`` keeps in the cache."""

    def __init__(
        self, store: Store, config: CourseConfig, posting: Posting, follower: SiteFollower, *, clock: Clock = _utcnow
    ) -> None:
        self.store = store
        self.config = config
        self.posting = posting
        self.follower = follower
        self.clock = clock
        scope = f"{posting.ledger.platform}:{posting.ledger.channel}"
        self._state_key = f"alerts.state:{scope}"
        posting.register_kind("alert", self._recompose)
        self._checked: tuple[str, dict[str, Problem]] | None = None  # (sessions version, its problems)
        # (sessions version, each served session's own alert-worthy problems by slug, where it has some)
        self._by_slug: tuple[str, dict[str, list[Problem]]] | None = None
        # (sessions version, the alert-worthy problems the cache holds by file, where it has some)
        self._worthy: tuple[str, dict[str, list[Problem]]] | None = None

    # -- state ------------------------------------------------------------------------------------------

    async def _state(self) -> dict[str, Any] | None:
        text = await self.store.meta_get(self._state_key)
        return json.loads(text) if text else None

    async def _save(self, state: dict[str, Any]) -> None:
        await self.store.meta_set(self._state_key, json.dumps(state, ensure_ascii=False, sort_keys=True))

    async def _recompose(self, entry: LedgerEntry) -> Message | None:
        state = await self._state()
        doc = (state or {}).get("outbox", {}).get(entry.key)
        return _message(entry.key, doc) if doc else None

    # -- the check after each sync ----------------------------------------------------------------------

    async def _problems(self) -> dict[str, Problem]:
        """The alert-worthy problems of the cache, computed again only when a sync wrote sessions (or
        problems) since the last time (:meth:`Store.sessions_version`): the stored problems of the files that
        sync parsed (:meth:`Store.problem_files_between`) and the sessions' own problems of the sessions it
        changed (:meth:`Store.changed_between`), else of every file and session (a batch at a time). What is
        kept between checks is what is alert-worthy, by file and by slug: a check after a sync of one file
        never walks every problem or every session."""
        version = await self.store.sessions_version()
        if self._checked is not None and self._checked[0] == version:
            return dict(self._checked[1])
        stored = self.store.problems_at(version)
        files = self.store.problem_files_between(self._worthy[0], version) if self._worthy is not None else None
        if files is None or stored is None or self._worthy is None:
            worthy: dict[str, list[Problem]] = {}
            for p in (stored if stored is not None else await self.store.problems()):
                if alert_worthy(p):
                    worthy.setdefault(p.file, []).append(p)
        else:
            worthy, self._worthy = self._worthy[1], None  # brought up to date in place
            for file in files:
                worthy.pop(file, None)
                found_in_file = [p for p in _of_file(stored, file) if alert_worthy(p)]
                if found_in_file:
                    worthy[file] = found_in_file
        self._worthy = (version, worthy)
        changed = self.store.changed_between(self._by_slug[0], version) if self._by_slug is not None else None
        if changed is None or self._by_slug is None:
            by_slug: dict[str, list[Problem]] = {}
            async for batch in self.store.iter_sessions():
                by_slug.update((slug, found) for slug, found in (await self._session_problems(batch)).items() if found)
        else:
            by_slug, self._by_slug = self._by_slug[1], None  # brought up to date in place
            for slug in changed:
                by_slug.pop(slug, None)
            fresh = await self._session_problems(await self.store.sessions_by_slug(sorted(changed)))
            by_slug.update((slug, found) for slug, found in fresh.items() if found)
        self._by_slug = (version, by_slug)
        problems = [p for found_in_file in worthy.values() for p in found_in_file]
        for found_now in by_slug.values():
            problems += found_now
        found: dict[str, Problem] = {}
        for problem in sorted(problems, key=lambda p: (p.file, p.line)):
            found.setdefault(_ident(problem), problem)
        self._checked = (version, dict(found))
        return found

    async def _session_problems(self, sessions: list[Session]) -> dict[str, list[Problem]]:
        """The alert-worthy problems of each of ``sessions`` on its own (by slug; a session with none too)."""
        read = reader(self.follower.config.site_path)
        # lecture ids left out: a duplicate lecture id is a warning, never alert-worthy, and over a whole
        # site (many posts sharing a placeholder id) its messages, each naming all the others, grow as n^2
        found_now = await asyncio.to_thread(
            session_problems, [replace(s, lecture=None) for s in sessions], self.config, read=read
        )
        by_file: dict[str, list[Problem]] = {}
        for p in found_now:
            if alert_worthy(p):
                by_file.setdefault(p.file, []).append(p)
        return {s.slug: by_file.get(s.file, []) for s in sessions}

    async def after_sync(self) -> list[PostOutcome]:
        """Compare the problems and the repository's state with what staff know; post what is new."""
        now = self.clock()
        problems = await self._problems()
        state = await self._state()
        if state is None:
            state = {"known": {i: {"alerted": None} for i in problems}, "remote": None, "outbox": {}}
            await self._save(state)
            if problems:
                log.info("staff alerts: %d problems already on the site at the first sync (not alerted)", len(problems))
            return []
        known: dict[str, Any] = state["known"]
        fresh: dict[str, Any] = {}  # this sync's new alerts, then its follow-ups (grouped when many, below)
        fixes: dict[str, Any] = {}
        for ident, problem in problems.items():
            if ident in known:
                continue
            info = await self.follower.last_change(problem.file)
            commit = info.sha if info else ""
            # the n-th time this problem appears: a problem fixed and brought back (by the same commit after
            # a force-push, or in a local folder, where there is no commit) is a new alert, not a repeat
            times = state.setdefault("times", {})
            times[ident] = occurrence = times.get(ident, 0) + 1
            salt = f"{ident}\0{commit}" + (f"\0{occurrence}" if occurrence > 1 else "")
            key = "alert:" + hashlib.blake2b(salt.encode(), digest_size=8).hexdigest()
            where = f"{problem.file}:{problem.line}"
            fresh[key] = {
                "title": f"Site problem in {where}",
                "description": f"{where}: {problem.severity}: {problem.message}\n"
                + (f"Introduced by commit {info}." if info else "Not from a commit (the site is a local folder)."),
            }
            known[ident] = {"alerted": key, "where": where, "message": problem.message, "file": problem.file}
        for ident in [i for i in known if i not in problems]:
            item = known.pop(ident)
            if not item.get("alerted"):
                continue
            info = await self.follower.last_change(item["file"])
            fixed = f"Fixed by commit {info}." if info else "The file is fixed (or gone)."
            fixes[item["alerted"] + ":fixed"] = {
                "title": f"Fixed: {item['where']}",
                "description": f"{item['where']}: {item['message']}\n{fixed}",
            }
        state["outbox"].update(_grouped(fresh, "site problems", "Introduced"))
        state["outbox"].update(_grouped(fixes, "site problems fixed", "Fixed"))
        self._remote(state, now)
        await self._save(state)  # the outbox is written before anything is posted
        return await self._flush(state, now)

    def _remote(self, state: dict[str, Any], now: dt.datetime) -> None:
        outage = self.follower.outage
        remote = state.get("remote")
        limit = dt.timedelta(minutes=self.config.notices.remote_alert_minutes)
        git = self.follower.git
        if outage is not None and git is not None and remote is None and now - outage.since >= limit:
            key = "alert:remote:" + hashlib.blake2b(outage.since.isoformat().encode(), digest_size=8).hexdigest()
            head = git.head()
            state["remote"] = {"key": key, "since": outage.since.isoformat()}
            state["outbox"][key] = {
                "title": "Course repository unreachable",
                "description": f"{git.url} has not been fetched for {_duration(now - outage.since)}: "
                f"{outage.reason.removeprefix(git.url + ': ')}.\n"
                + (f"Serving the last good checkout, commit {head[:8]}." if head else "Nothing is checked out yet."),
            }
        elif outage is None and remote is not None:
            state["remote"] = None
            since = dt.datetime.fromisoformat(remote["since"])
            url = git.url if git is not None else "the repository"
            state["outbox"][remote["key"] + ":fixed"] = {
                "title": "Course repository reachable again",
                "description": f"{url} fetched again after {_duration(now - since)}.",
            }

    async def _flush(self, state: dict[str, Any], now: dt.datetime) -> list[PostOutcome]:
        outcomes = []
        for key, doc in sorted(state["outbox"].items()):
            outcome = await self.posting.post_once(_message(key, doc), kind="alert", due_at=now)
            outcomes.append(outcome)
            if outcome.action != "failed":
                del state["outbox"][key]
                await self._save(state)
        return outcomes


def _grouped(docs: dict[str, Any], what: str, verb: str) -> dict[str, Any]:
    """``docs`` as they are, or, when one sync brings more than :data:`MAX_ALERTS_PER_SYNC` (a push that
    breaks every post), one message listing them: staff get one alert for one bad push, not a flood."""
    if len(docs) <= MAX_ALERTS_PER_SYNC:
        return docs
    key = "alert:many:" + hashlib.blake2b("\0".join(sorted(docs)).encode(), digest_size=8).hexdigest()
    firsts = [doc["description"].split("\n", 1) for _, doc in sorted(docs.items(), key=lambda kv: kv[1]["title"])]
    commits = sorted({rest[0] for _, *rest in firsts if rest and rest[0].startswith(verb)})
    lines = [first for first, *_ in firsts[:LISTED_IN_GROUP]]
    if len(firsts) > LISTED_IN_GROUP:
        lines.append(f"... and {len(firsts) - LISTED_IN_GROUP} more (coursebot check lists them all)")
    return {key: {"title": f"{len(docs)} {what}", "description": "\n".join(lines + commits[:3])}}


def _message(key: str, doc: dict[str, str]) -> Message:
    return Message(title=doc["title"], kind="alert", description=doc["description"], key=key, footer=key)
