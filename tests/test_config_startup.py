"""What loading the configuration costs every command at start (issue 11)."""

from __future__ import annotations

import inspect

from pydantic import BaseModel

import bot.config


def _models() -> list[type[BaseModel]]:
    return [value for value in vars(bot.config).values()
            if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__ == bot.config.__name__]


def test_no_configuration_field_has_a_builtin_type_as_its_default_factory() -> None:
    """pydantic asks for a default factory's signature; for a builtin type (``list``, ``dict``) inspect
    tokenizes its text signature, compiling tokenize's regular expressions: ~10 ms of every command's start."""
    models = _models()
    assert len(models) >= 10
    builtin = [f"{model.__name__}.{name}" for model in models for name, field in model.model_fields.items()
               if field.default_factory is not None and inspect.isbuiltin(field.default_factory)
               or isinstance(field.default_factory, type) and field.default_factory.__module__ == "builtins"]
    assert builtin == []


def test_a_list_field_default_is_a_new_list_per_model() -> None:
    first, second = bot.config.SiteSection(), bot.config.SiteSection()
    assert first.collections == [] and first.collections is not second.collections
