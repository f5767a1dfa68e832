"""Who a service acts for: a person, or the system itself.

Every service takes ``actor: Actor`` as a keyword-only argument and passes it
to the audit trail (``core.audit.record``). ``SYSTEM`` (``None``) is the
documented value for what no person did: the command line, a scheduled
task, housekeeping; their audit entries show no author.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, TypeAlias

if TYPE_CHECKING:
    # Django's base class, not ``accounts.User``: core sits below accounts in the layers contract.
    from django.contrib.auth.base_user import AbstractBaseUser

#: A signed-in user, or ``SYSTEM`` for commands and background tasks.
Actor: TypeAlias = Optional["AbstractBaseUser"]  # noqa: UP045 - a name only until type checking
#: The actor of commands, scheduled tasks and housekeeping: nobody in particular.
SYSTEM: None = None


def user_or_none(actor: Actor) -> AbstractBaseUser | None:
    """The user to store as an author (a version's, a report's): ``None`` for the system or a signed-out visitor."""
    return actor if getattr(actor, "is_authenticated", False) else None
