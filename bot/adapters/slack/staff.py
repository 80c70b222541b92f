"""Who counts as staff on Slack (may use /sync and /digest).

The rule, in order:
1. a user whose Slack id is listed in ``[slack] staff_user_ids`` in ``course.toml`` is staff;
2. otherwise, when ``[slack] admins_are_staff`` is true (the default), a workspace admin or owner is staff
   (``users.info``: ``is_admin``, ``is_owner`` or ``is_primary_owner``; needs the ``users:read`` scope);
3. everyone else is not. If Slack cannot be asked, the answer is "not staff" (fail closed) and the
   reason is logged.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import SlackSection

log = logging.getLogger(__name__)

STAFF_COMMANDS = frozenset({"sync", "digest"})


class StaffPolicy:
    def __init__(self, settings: SlackSection) -> None:
        self.user_ids = frozenset(uid.strip() for uid in settings.staff_user_ids if uid.strip())
        self.admins_are_staff = settings.admins_are_staff

    async def is_staff(self, user_id: str, client: AsyncWebClient) -> bool:
        if user_id in self.user_ids:
            return True
        if not self.admins_are_staff or not user_id:
            return False
        try:
            response = await client.users_info(user=user_id)
        except (SlackApiError, SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            log.warning("cannot tell whether Slack user %s is a workspace admin (%s); treating as not staff", user_id, exc)
            return False
        user = response.get("user") or {}
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def refusal(self) -> str:
        how = "listed in [slack] staff_user_ids in course.toml"
        if self.admins_are_staff:
            how += " or a workspace admin"
        return f"Only course staff can use this command (staff are {how})."
