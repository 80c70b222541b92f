"""``coursebot discord sync``: push the slash-command schema to Discord without starting the bot."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import app
if TYPE_CHECKING:  # discord (and aiohttp under it) is imported only by the command that uses it
    from bot.config import CourseConfig
    import discord

discord_app = typer.Typer(help="The Discord bot.", no_args_is_help=True)
app.add_typer(discord_app, name="discord")


async def sync_commands(config: CourseConfig, token: str) -> dict[int | None, list[discord.app_commands.AppCommand]]:
    """Log in with ``token`` (REST only, no gateway) and sync the commands to ``config.discord.guild_ids``
    (globally when none). Returns the commands Discord now has, per guild (``None``: global)."""
    from bot.adapters.discord.bot import create_bot
    from bot.services.lookups import Lookups
    from bot.store.sessions import Store

    quiet = config.model_copy(update={"discord": config.discord.model_copy(update={"sync_commands": False})})
    async with await Store.open(":memory:") as store:  # the schema needs only the configured roles
        bot = create_bot(Lookups(store, quiet), None, quiet)
        async with bot:
            await bot.login(token)
            bot.config = config
            return await bot.sync_commands()


@discord_app.command("sync")
def sync(
    config_path: Annotated[Path | None, typer.Option("--config", "-c", help="course.toml to read")] = None,
    guild: Annotated[
        list[int] | None, typer.Option("--guild", "-g", help="Guild id to sync to (repeatable); default: discord.guild_ids")
    ] = None,
) -> None:
    """Sync the slash commands to the configured guild(s), or globally when none is configured."""
    import asyncio

    from bot.config import ConfigError, load_config

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if guild:
        config = config.model_copy(update={"discord": config.discord.model_copy(update={"guild_ids": list(guild)})})
    import discord

    from bot.settings import Secrets

    token = Secrets().discord_token
    if token is None or not token.get_secret_value().strip():
        typer.echo("DISCORD_TOKEN is not set: put the bot token in the environment (or .env).", err=True)
        raise typer.Exit(2)
    try:
        synced = asyncio.run(sync_commands(config, token.get_secret_value()))
    except discord.LoginFailure:
        typer.echo("Discord refused the token in DISCORD_TOKEN (401): check it in the developer portal.", err=True)
        raise typer.Exit(1) from None
    except (discord.HTTPException, OSError) as exc:
        typer.echo(f"Command sync failed: {exc}", err=True)
        raise typer.Exit(1) from None
    for guild_id, commands in synced.items():
        where = f"guild {guild_id}" if guild_id is not None else "global"
        names = ", ".join(sorted(f"/{c.name}" for c in commands))
        typer.echo(f"{where}: {len(commands)} commands ({names})")
