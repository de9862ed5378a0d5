"""Which of the kiosk's bank calls ran on the UI thread: a stand-in for the bank
service that passes every call on and notes where it came from.

With a networked bank every call is a round trip, so a call made on the UI (event
loop) thread freezes the screen for as long as the bank takes to answer."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from typing import Any

from screens.app import KioskApp

# The scenarios' fingers and reports read the bank as a person beside the kiosk
# would (the code on the phone, the outcome afterwards): not the kiosk's own calls.
OUTSIDE_THE_KIOSK = (
    "screens.demo.driver",
    "screens.demo.play",
    "screens.demo.cloud",
    "screens.demo.phone_copy",
    "screens.demo.scenarios",
    "tests.",
)


class ThreadNotingBank:
    """Passes every call on to `service`; `on_ui_thread` lists each made on the UI
    thread, with the screen module that made it."""

    def __init__(self, service: object, ui_thread: threading.Thread) -> None:
        self._service = service
        self._ui_thread = ui_thread
        self.on_ui_thread: list[str] = []
        self.off_ui_thread: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._service, name)
        if not callable(attribute) or name.startswith("_"):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            caller = sys._getframe(1)
            module = str(caller.f_globals.get("__name__", ""))
            if not module.startswith(OUTSIDE_THE_KIOSK):
                where = f"{name} from {module}:{caller.f_lineno}"
                if threading.current_thread() is self._ui_thread:
                    self.on_ui_thread.append(where)
                else:
                    self.off_ui_thread.append(where)
            return attribute(*args, **kwargs)

        return call


def put_bank(app: KioskApp, stand_in: object) -> None:
    """`stand_in` between `app` and its bank (the link's cached service)."""
    app.link.__dict__["bank"] = stand_in


def note_bank_threads(app: KioskApp) -> ThreadNotingBank:
    """Put the noting stand-in between `app` and its bank (before the App runs: the
    thread that makes the App is the one that runs its event loop)."""
    noting = ThreadNotingBank(app.link.bank, threading.current_thread())
    app.link.__dict__["bank"] = noting  # the link's cached bank
    return noting


def noted(calls: list[str]) -> list[str]:
    return sorted(set(calls))


class HeldBank:
    """Passes every call on to `service`, except `held`: that one waits until the
    test sets `release` (a bank slow to answer, for as long as the test likes),
    then goes on to `answer` (the service's own method unless given one)."""

    def __init__(
        self, service: object, held: str, answer: Callable[..., Any] | None = None
    ) -> None:
        self._service = service
        self._held = held
        self._answer = answer
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._service, name)
        if name != self._held:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            self.arrived.set()
            # A bound so a test of a kiosk that calls on the UI thread (which
            # then cannot release it) fails instead of hanging; never reached otherwise.
            self.release.wait(timeout=30)
            return (self._answer or attribute)(*args, **kwargs)

        return call


# Where the kiosk's own code starts, walking out from a slow primitive: the first
# frame in one of these is the code that asked for the work.
_ASKERS = ("screens.", "kiosk_cli.", "tests.", "textual.")


class SlowWorkNotes:
    """Notes each run of the kiosk's slow primitives (scrypt, PBKDF1/2, RSA key
    generation: from tens of milliseconds to seconds each) asked for on the UI
    thread, with the screen module that asked. What a scenario's staging or a test
    does before the kiosk runs (OUTSIDE_THE_KIOSK) is not the kiosk's."""

    def __init__(self, ui_thread: threading.Thread) -> None:
        self._ui_thread = ui_thread
        self.on_ui_thread: list[str] = []

    def wrap(self, name: str, primitive: Callable[..., Any]) -> Callable[..., Any]:
        def slow(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is self._ui_thread:
                frame = sys._getframe(1)
                while frame is not None:
                    module = str(frame.f_globals.get("__name__", ""))
                    if module.startswith(_ASKERS):
                        if not module.startswith(OUTSIDE_THE_KIOSK):
                            self.on_ui_thread.append(f"{name} from {module}:{frame.f_lineno}")
                        break
                    frame = frame.f_back  # type: ignore[assignment]
            return primitive(*args, **kwargs)

        return slow


def note_slow_work(monkeypatch: Any) -> SlowWorkNotes:
    """From now on, scrypt, PBKDF1/2 and RSA key generation asked for on this thread
    (the one that will run the App's event loop) are noted."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric import rsa

    from kiosk.npki import keyfile

    notes = SlowWorkNotes(threading.current_thread())
    monkeypatch.setattr(hashlib, "scrypt", notes.wrap("scrypt", hashlib.scrypt))
    # The two ways an NPKI key file is sealed under its password (2048 rounds each).
    monkeypatch.setattr(keyfile, "pbkdf1_sha1", notes.wrap("PBKDF1", keyfile.pbkdf1_sha1))
    monkeypatch.setattr(keyfile, "pbkdf2_sha1_key", notes.wrap("PBKDF2", keyfile.pbkdf2_sha1_key))
    monkeypatch.setattr(
        rsa, "generate_private_key", notes.wrap("RSA key", rsa.generate_private_key)
    )
    return notes


class HeldWork:
    """Stands in for `work` (any slow function of the kiosk's): each call waits until
    the test sets `release` (work slow to finish, for as long as the test likes),
    then does the work."""

    def __init__(self, work: Callable[..., Any]) -> None:
        self._work = work
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.arrived.set()
        # A bound so a test of a kiosk that does the work on the UI thread (which
        # then cannot release it) fails instead of hanging; never reached otherwise.
        self.release.wait(timeout=30)
        return self._work(*args, **kwargs)

    def as_method(self) -> Callable[..., Any]:
        """The same, to put on a class in place of one of its methods."""

        def method(*args: Any, **kwargs: Any) -> Any:
            return self(*args, **kwargs)

        return method


async def arrived(held: HeldBank | HeldWork) -> None:
    """Until the held call or work has begun in its worker thread (a minute at most)."""
    assert await asyncio.get_running_loop().run_in_executor(None, held.arrived.wait, 60)
