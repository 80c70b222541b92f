"""Interactive components: the select menu offered when a query matches several sessions."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.adapters.discord.render import OPTION_TEXT_LIMIT, SELECT_OPTIONS, SELECT_ROWS, ChoiceHandler, truncate
from bot.services.messages import Choice
from bot.services.refs import session_ref

CHOICE_TIMEOUT = 15 * 60  # seconds a select menu keeps answering


class ChoiceSelect(discord.ui.Select["ChoiceView"]):
    """One select menu of up to 25 choices; picking one calls the view's handler with its value."""

    def __init__(self, choices: Sequence[Choice], *, row: int, page: int, pages: int) -> None:
        placeholder = "Pick a session" if pages == 1 else f"Pick a session ({page + 1}/{pages})"
        options = [
            discord.SelectOption(
                label=truncate(c.label or c.value, OPTION_TEXT_LIMIT),
                value=session_ref(c.value, OPTION_TEXT_LIMIT),
                description=truncate(c.description, OPTION_TEXT_LIMIT) or None,
            )
            for c in choices
        ]
        super().__init__(custom_id=f"coursebot:choice:{page}", placeholder=placeholder, options=options, row=row)

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.handler(interaction, self.values[0])


class ChoiceView(discord.ui.View):
    """Up to 5 select menus (125 choices); more are dropped, the message text says how many matched."""

    def __init__(self, choices: Sequence[Choice], handler: ChoiceHandler, *, timeout: float = CHOICE_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.handler = handler
        unique = list({session_ref(c.value, OPTION_TEXT_LIMIT): c for c in choices}.values())
        pages = [unique[i : i + SELECT_OPTIONS] for i in range(0, len(unique), SELECT_OPTIONS)][:SELECT_ROWS]
        for index, page in enumerate(pages):
            self.add_item(ChoiceSelect(page, row=index, page=index, pages=len(pages)))
