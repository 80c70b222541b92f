"""What the listeners answer with: the services, the configuration and the staff rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.adapters.slack.staff import StaffPolicy
from bot.config import CourseConfig

if TYPE_CHECKING:
    from bot.services.lookups import Lookups
    from bot.services.posting import Posting


@dataclass(frozen=True, slots=True)
class SlackContext:
    lookups: Lookups
    posting: Posting | None
    config: CourseConfig
    staff: StaffPolicy
