"""What every hook in hooks/ shares: a problem stops the build, one line each.

The build steps raise their own one-line errors or return lists of
problems; the hooks turn them into MkDocs' PluginError, which MkDocs prints
as it is and which makes the build exit non-zero.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError


def stop_on(problems: list[str]) -> None:
    """Stop the build if there is any problem, one line per problem."""
    if problems:
        raise PluginError("\n".join(problems))


@contextmanager
def one_line(*errors: type[Exception]) -> Iterator[None]:
    """Any of `errors` raised inside stops the build with its one-line message."""
    try:
        yield
    except errors as exc:
        raise PluginError(str(exc)) from None
