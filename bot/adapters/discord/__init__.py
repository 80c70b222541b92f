"""The Discord adapter: render neutral messages as embeds, answer slash commands, post to the course channel."""

from bot.adapters.discord.bot import CourseBot, create_bot
from bot.adapters.discord.render import DiscordPayload, RenderedDiscordMessage, render_discord
from bot.adapters.discord.transport import DiscordTransport

__all__ = ["CourseBot", "DiscordPayload", "DiscordTransport", "RenderedDiscordMessage", "create_bot", "render_discord"]
