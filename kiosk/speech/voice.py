"""The kiosk's voice: every utterance logged (JSON lines) and, where a speech
engine is installed, spoken by espeak-ng in the visit's language.

The log is written whether or not audio plays, so trainers and tests can read
what was said in a headless run. Volume and rate return to their defaults after
each visit (the accessibility criteria ask for it)."""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import struct
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.core.i18n import Language

DEFAULT_VOLUME, MIN_VOLUME, MAX_VOLUME, VOLUME_STEP = 100, 20, 200, 20
DEFAULT_RATE, MIN_RATE, MAX_RATE, RATE_STEP = 150, 80, 300, 20
_VOICES = {Language.KOREAN: "ko", Language.ENGLISH: "en"}
_HIDDEN = {Language.KOREAN: "비공개", Language.ENGLISH: "hidden"}


@dataclass(frozen=True)
class Utterance:
    at: dt.datetime
    screen: str
    text: str
    language: Language


# A keyed digit of a PIN, password or code is heard as this, never said.
TONE = "♪"


class Engine(Protocol):
    def speak(self, utterance: Utterance, volume: int, rate: int) -> None: ...

    def tone(self, volume: int) -> None: ...

    def stop(self) -> None: ...


def tone_wav(path: Path, volume: int = DEFAULT_VOLUME) -> Path:
    """A short 880 Hz beep as a WAV file (16-bit mono, 60 ms), louder with `volume`."""
    rate, seconds = 16000, 0.06
    amplitude = int(min(32000, 8000 * volume / DEFAULT_VOLUME))
    frames = bytearray()
    for n in range(int(rate * seconds)):
        sample = int(amplitude * math.sin(2 * math.pi * 880 * n / rate))
        frames += struct.pack("<h", sample)
    import wave  # only for a tone to be played, not at the kiosk's start

    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(bytes(frames))
    return path


class EspeakEngine:
    """espeak-ng in a child process: one utterance at a time, a new one cutting off
    the one before (a screen that changed is not read to its end).

    `output` is an ALSA device (`aplay -L` names it, e.g. "plughw:1,0"): with
    earphones set there, espeak-ng's sound goes through aplay to that device only,
    never to the kiosk's speakers, so a bystander does not hear the customer's visit."""

    def __init__(self, program: str, output: str | None = None) -> None:
        self.program = program
        self.output = output
        self._lock = threading.Lock()
        self._running: list[subprocess.Popen[bytes]] = []
        self._tones: dict[int, Path] = {}

    @classmethod
    def installed(cls, output: str | None = None) -> EspeakEngine | None:
        program = shutil.which("espeak-ng")
        return None if program is None else cls(program, output)

    def command(self, utterance: Utterance, volume: int, rate: int) -> list[str]:
        voice = _VOICES[utterance.language]
        return [self.program, "-v", voice, "-a", str(volume), "-s", str(rate), "--", utterance.text]

    def pipeline(self, utterance: Utterance, volume: int, rate: int) -> list[list[str]]:
        """The programs that say `utterance`: espeak-ng alone (the default device), or
        espeak-ng writing WAV into aplay on the earphones' device."""
        command = self.command(utterance, volume, rate)
        if self.output is None:
            return [command]
        player = shutil.which("aplay") or "aplay"
        return [[*command[:-2], "--stdout", *command[-2:]], [player, "-q", "-D", self.output]]

    def render(self, utterance: Utterance, volume: int, rate: int, wav: Path) -> None:
        """The utterance as a WAV file instead of the speakers (a trainer's
        recording, and how the tests hear the voice on a machine without sound)."""
        command = self.command(utterance, volume, rate)
        subprocess.run([*command[:-2], "-w", str(wav), *command[-2:]], check=True)  # noqa: S603

    def tone_command(self, volume: int) -> list[str] | None:
        """aplay playing a beep (on the earphones' device when set); None without aplay."""
        player = shutil.which("aplay")
        if player is None:
            return None
        if volume not in self._tones:
            folder = Path(tempfile.mkdtemp(prefix="kiosk-tone-"))
            self._tones[volume] = tone_wav(folder / f"tone-{volume}.wav", volume)
        device = [] if self.output is None else ["-D", self.output]
        return [player, "-q", *device, str(self._tones[volume])]

    def tone(self, volume: int) -> None:
        command = self.tone_command(volume)
        if command is not None:
            self._start([command])

    def speak(self, utterance: Utterance, volume: int, rate: int) -> None:
        self._start(self.pipeline(utterance, volume, rate))

    def _start(self, commands: list[list[str]]) -> None:
        with self._lock:
            self._stop_current()
            source = subprocess.DEVNULL
            try:
                for index, command in enumerate(commands):
                    last = index == len(commands) - 1
                    # Fixed programs and argument lists, no shell: the text cannot
                    # become a command.
                    process = subprocess.Popen(  # noqa: S603
                        command,
                        stdin=source,
                        stdout=subprocess.DEVNULL if last else subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                    )
                    self._running.append(process)
                    if process.stdout is not None:
                        source = process.stdout  # type: ignore[assignment]
            except OSError:
                self._stop_current()  # no sound device or engine gone: the log still has it

    def stop(self) -> None:
        with self._lock:
            self._stop_current()

    def _stop_current(self) -> None:
        for process in self._running:
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self._running = []


class Voice:
    """What the kiosk says, when speech is on."""

    def __init__(
        self,
        *,
        engine: Engine | None,
        log_path: Path | None = None,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        on: bool = False,
    ) -> None:
        self.engine = engine
        self.log_path = log_path
        self.now = now
        self.on = on
        self.volume, self.rate = DEFAULT_VOLUME, DEFAULT_RATE
        self.last: Utterance | None = None

    @property
    def audible(self) -> bool:
        return self.engine is not None

    def say(self, screen: str, text: str, language: Language) -> Utterance | None:
        """Speak `text` (made safe to say first); nothing while speech is off."""
        if not self.on:
            return None
        # Here: its patterns take a few milliseconds to compile, at a start most often silent.
        from kiosk.speech.spoken_text import speakable

        spoken = speakable(text, hidden=_HIDDEN[language], english=language is Language.ENGLISH)
        if not spoken:
            return None
        utterance = Utterance(self.now(), screen, spoken, language)
        self.last = utterance
        self._log(utterance)
        if self.engine is not None:
            self.engine.speak(utterance, self.volume, self.rate)
        return utterance

    def tone(self, screen: str, language: Language) -> Utterance | None:
        """A keyed digit of a PIN, password or code: a tone, logged as one, never the key."""
        if not self.on:
            return None
        utterance = Utterance(self.now(), screen, TONE, language)
        self._log(utterance)
        if self.engine is not None:
            self.engine.tone(self.volume)
        return utterance

    def replay(self) -> None:
        if self.on and self.last is not None:
            self.say(self.last.screen, self.last.text, self.last.language)

    def stop(self) -> None:
        if self.engine is not None:
            self.engine.stop()

    def louder(self, steps: int = 1) -> int:
        self.volume = max(MIN_VOLUME, min(MAX_VOLUME, self.volume + steps * VOLUME_STEP))
        return self.volume

    def faster(self, steps: int = 1) -> int:
        self.rate = max(MIN_RATE, min(MAX_RATE, self.rate + steps * RATE_STEP))
        return self.rate

    def visit_ended(self) -> None:
        """Back to the defaults for the next customer."""
        self.stop()
        self.volume, self.rate = DEFAULT_VOLUME, DEFAULT_RATE
        self.last = None

    def _log(self, utterance: Utterance) -> None:
        if self.log_path is None:
            return
        import json  # only for a speech log, not at the kiosk's start

        line = json.dumps(
            {
                "time": utterance.at.isoformat(),
                "screen": utterance.screen,
                "language": utterance.language.value,
                "text": utterance.text,
            },
            ensure_ascii=False,
        )
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
