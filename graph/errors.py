"""Exceptions raised by the library and the one-line messages the CLI prints for them.

Library code raises these; only `cli.py` turns them into messages and exit statuses.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class of the errors a user can cause and fix."""


class InputError(NewsgraphError):
    """An input file or stream that cannot be read as a news article."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class OutputError(NewsgraphError):
    """An output location that cannot be written."""


class ParameterError(NewsgraphError, ValueError):
    """A function of the Python API called with a value it does not take."""

    def __init__(self, parameter: str, value: object, allowed: str) -> None:
        super().__init__(f"{parameter}={value!r}: expected {allowed}")
        self.parameter = parameter
        self.value = value
        self.allowed = allowed
