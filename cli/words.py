"""The run's language on the command line: help, Click's own words and usage errors.

Typer fixes help texts when the commands are declared; the root group's ``main`` sees every
argument of a run (in a shell or in a test's ``CliRunner``), decides the language once
(``--lang``, else the environment's, see ``coalitiegraaf.messages.language``) and fills in the
help of every command and parameter from the catalogue before Click reads a word of it:
``help.COMMAND`` and ``help.COMMAND.PARAMETER`` (``help.option.PARAMETER`` for an option
several commands share). The headings, the help option and the usage errors that Click writes
itself are said from the catalogue too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from functools import cache
from typing import Any

import typer
from typer.core import TyperGroup

from coalitiegraaf.messages import catalogue, language, say

# the Click that Typer runs on: its own copy from Typer 0.16 on, the click package before
_click: Any = getattr(typer.core, "_click", None) or __import__("click")
_UsageError = _click.exceptions.UsageError

_RUN: ContextVar[str | None] = ContextVar("coalitiegraaf_language", default=None)


def run_language() -> str:
    """The language of the run under way (the arguments' or the environment's when the CLI is
    not running)."""
    return _RUN.get() or language(sys.argv[1:])


class LocalisedGroup(TyperGroup):
    """The root command: decides the run's language and says everything in it."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        lang = language(arguments)
        token = _RUN.set(lang)
        try:
            from coalitiegraaf.cli.output import fit_to_terminal

            fit_to_terminal()
            localise(self, lang)
            return super().main(arguments, *rest, **extra)
        finally:
            _RUN.reset(token)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except _UsageError as error:
            raise _said(error, run_language()) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _UsageError as error:
            raise _said(error, run_language()) from None


def commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command under ``command`` (itself first) with its path of names."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


def help_key(path: tuple[str, ...], parameter: str | None = None) -> str | None:
    """The catalogue key of a command's help (``parameter`` None) or of one of its parameters';
    None when the catalogue has none."""
    keys = [".".join(("help", *path))] if parameter is None else \
        [".".join(("help", *path, parameter)), f"help.option.{parameter}"]
    return next((key for key in keys if key in catalogue()), None)


def localise(root: Any, lang: str) -> None:
    """Fill in the help of every command under ``root`` and of its parameters in ``lang``;
    text the catalogue lacks stays as declared (tests/test_cli_language.py finds it). A
    command that declares no ``--lang`` of its own is given one, so that every command takes
    it, before or after its name."""
    for path, command in commands(root):
        command.context_class = _context_class(command.context_class)
        if not any(parameter.name == "lang" for parameter in command.params):
            command.params.append(_lang_option())
        key = help_key(path)
        if key:
            command.help = say(key, lang)
            command.short_help = None
        for parameter in command.params:
            key = help_key(path, parameter.name)
            if key and hasattr(parameter, "help"):
                parameter.help = say(key, lang)


def _lang_option() -> Any:
    return typer.core.TyperOption(param_decls=["--lang"], expose_value=False, callback=_known_language,
                                  metavar="nl|en")


def _known_language(_ctx: Any, _parameter: Any, value: str | None) -> str | None:
    from coalitiegraaf.messages import LANGUAGES

    if value is not None and value not in LANGUAGES:
        raise _click.exceptions.BadParameter(say("lang_unknown", run_language(), value=value,
                                                 choices=", ".join(LANGUAGES)))
    return value


@cache
def _context_class(base: type) -> type:
    if getattr(base, "localised", False):
        return base
    formatter = base.formatter_class
    return type("LocalisedContext", (base,), {"localised": True,
                                              "formatter_class": _formatter_class(formatter)})


@cache
def _formatter_class(base: type) -> type:
    headings = {"Options": "click_heading_options", "Arguments": "click_heading_arguments",
                "Commands": "click_heading_commands"}

    class LocalisedFormatter(base):  # type: ignore[misc, valid-type]
        """Click's help layout with Click's own words in the run's language."""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            lang = run_language()
            args = args.replace("[OPTIONS]", say("click_options_metavar", lang)).replace(
                "COMMAND [ARGS]...", say("click_command_metavar", lang))
            super().write_usage(prog, args, say("click_usage", lang) if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            key = headings.get(heading)
            super().write_heading(say(key, run_language()) if key else heading)

        def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
            super().write_dl([(term, _said_extra(text, run_language())) for term, text in rows],
                             *args, **kwargs)

    return LocalisedFormatter


_EXTRA = re.compile(r"\[(default: (?P<default>.*?)|(?P<required>required))\]$")


def _said_extra(text: str, lang: str) -> str:
    """A help line with Click's ``[default: x]``, ``[required]`` and help option in ``lang``."""
    if text == "Show this message and exit.":
        return say("click_help_option", lang)

    def extra(match: re.Match) -> str:
        if match.group("required"):
            return f"[{say('click_required', lang)}]"
        return f"[{say('click_default', lang, value=match.group('default'))}]"

    return _EXTRA.sub(extra, text)


class _Said(_UsageError):
    """A usage error in the run's language: the usage, how to get help, what is wrong."""

    def __init__(self, message: str, ctx: Any, lang: str) -> None:
        super().__init__(message, ctx)
        self.lang = lang

    def show(self, file: Any = None) -> None:
        from coalitiegraaf.cli.output import fail

        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = say("click_try_help", self.lang, command=self.ctx.command_path,
                           option=self.ctx.help_option_names[0]) + "\n"
            from coalitiegraaf.cli.output import plain, stderr

            stderr.print(plain(f"{self.ctx.get_usage()}\n{hint}"))
        fail(self.message, self.exit_code)


_FAILS = (
    (re.compile(r"No such command (?P<name>.+)\.$"), "click_no_such_command"),
    (re.compile(r"Missing command\.$"), "click_missing_command"),
    (re.compile(r"Got unexpected extra arguments? \((?P<values>.*)\)$", re.DOTALL), "click_extra_arguments"),
    (re.compile(r"(?P<value>.+) is not a valid (?P<kind>integer|float|int range|float range)\.$", re.DOTALL),
     "click_not_a_number"),
    (re.compile(r"Option (?P<name>.+) requires an argument\.$"), "click_needs_value"),
    (re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.$", re.DOTALL), "click_not_one_of"),
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.$", re.DOTALL), "click_out_of_range"),
)


def _said(error: Any, lang: str) -> Any:
    """``error``, one of Click's usage errors, in ``lang``."""
    if isinstance(error, _Said):
        return error
    exceptions = _click.exceptions
    if isinstance(error, exceptions.NoSuchOption):
        message = say("click_no_such_option", lang, name=error.option_name)
        if error.possibilities:
            message += "; " + say("click_did_you_mean", lang, names=", ".join(sorted(error.possibilities)))
    elif isinstance(error, exceptions.MissingParameter):
        message = say("click_missing", lang, name=_hint(error))
    elif isinstance(error, exceptions.BadParameter):
        message = say("click_invalid_value", lang, name=_hint(error), detail=_sentence(error.message, lang))
    else:
        message = _sentence(error.message, lang)
    said = _Said(message, error.ctx, lang)
    said.exit_code = error.exit_code
    return said


def _hint(error: Any) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    return error.param.get_error_hint(error.ctx) if error.param is not None else ""


def _sentence(message: str, lang: str) -> str:
    """One of Click's sentences in ``lang``, when it is one the catalogue knows."""
    for pattern, key in _FAILS:
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            if "kind" in values:
                values["kind"] = say(f"click_{values['kind'].split()[0]}", lang)
            return say(key, lang, **values)
    return message
