"""The kiosk keeps running: an error no rule foresaw ends the visit, never the program.

Textual ends the App when a handler lets an exception out, and an App that
overrides `_handle_exception` to carry on hangs instead (the failing node's
message loop has already stopped: Textual issue #2818). So the kiosk's handlers
never let one out. `Contained` wraps, as each class is made and before Textual
records its `@on` handlers, every method Textual calls on its own: `on_*`,
`action_*`, `key_*`, `watch_*`, `@on` handlers, and whatever is marked
`@contained` (timer callbacks). A refusal lands on the screen where it happened;
anything else goes to the App's `recover`: logged without the customer's data,
written to the audit log, an apology on the home screen, the kiosk ready for
the next customer.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from textual.actions import SkipAction
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget

from kiosk.core.refusal import Refused

if TYPE_CHECKING:
    # Named for the type checker only; at run time it is whatever Textual's widgets use.
    from textual.message_pump import _MessagePumpMeta as TextualMeta
else:
    TextualMeta = type(Widget)

F = TypeVar("F", bound=Callable[..., Any])

# Methods Textual calls by name: the handlers an exception would escape from.
_HANDLER_PREFIXES = ("on_", "_on_", "action_", "key_", "watch_")


@runtime_checkable
class ShowsRefusals(Protocol):
    def show_refusal(self, refused: Refused) -> None: ...


@runtime_checkable
class Recovers(Protocol):
    def recover(self, error: Exception, where: str) -> None: ...


def contain(node: object, error: Exception, where: str) -> None:
    """Deal with `error` that escaped a handler of `node` (a widget, screen or the App)."""
    app = node if isinstance(node, App) else getattr(node, "app", None)
    if not isinstance(app, Recovers):
        raise error  # not inside a kiosk (a unit test's bare App): Textual reports it
    if isinstance(error, Refused):
        screen = (
            node if isinstance(node, Screen) else node.screen if isinstance(node, Widget) else None
        )
        if screen is None and isinstance(app, App) and app.screen_stack:
            screen = app.screen
        if isinstance(screen, ShowsRefusals):
            screen.show_refusal(error)
            return
    app.recover(error, where)


def contained(method: F) -> F:
    """`method`, with any exception it lets out handed to `contain`."""
    if getattr(method, "__contained__", False):
        return method
    where = method.__qualname__

    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def guarded_async(self: object, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except SkipAction:
                raise  # Textual's own signal that a binding should pass on
            except Exception as error:
                contain(self, error, where)
                return None

        wrapper: Callable[..., Any] = guarded_async
    else:

        @functools.wraps(method)
        def guarded(self: object, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except SkipAction:
                raise
            except Exception as error:
                contain(self, error, where)
                return None

        wrapper = guarded
    wrapper.__contained__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _is_handler(name: str, value: object) -> bool:
    if not inspect.isfunction(value) or inspect.isgeneratorfunction(value):
        return False
    return name.startswith(_HANDLER_PREFIXES) or hasattr(value, "_textual_on")


class Contained(TextualMeta):
    """Metaclass of the kiosk's screens, widgets and App: their handlers are contained."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> Contained:
        for attribute, value in list(namespace.items()):
            if _is_handler(attribute, value):
                namespace[attribute] = contained(value)
        return super().__new__(mcs, name, bases, namespace, **kwargs)
