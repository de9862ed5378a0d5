"""The kiosk's voice in the domain: what is safe to say, the speech log, the
controls a customer has, and espeak-ng really producing sound."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import wave
from array import array
from pathlib import Path

import pytest

from kiosk.core.i18n import Language
from kiosk.speech.spoken_text import speakable
from kiosk.speech.voice import (
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    MAX_VOLUME,
    EspeakEngine,
    Utterance,
    Voice,
)

AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


class Recorder:
    def __init__(self) -> None:
        self.spoken: list[tuple[str, int, int]] = []
        self.stopped = 0

    def speak(self, utterance: Utterance, volume: int, rate: int) -> None:
        self.spoken.append((utterance.text, volume, rate))

    def tone(self, volume: int) -> None:
        self.spoken.append(("♪", volume, 0))

    def stop(self) -> None:
        self.stopped += 1


@pytest.mark.parametrize(
    ("shown", "said"),
    [
        ("주민등록번호 850315-1234566 확인", "주민등록번호 비공개 확인"),
        ("8503151234566", "비공개"),
        ("김*준 850315-1******", "김*준 850315-1 비공개"),
        ("▶ 1. 공동인증서 발급 › 본인확인", "1. 공동인증서 발급 본인확인"),
        ("⚠ 비밀번호가 틀렸습니다", "비밀번호가 틀렸습니다"),
    ],
)
def test_what_is_said_keeps_what_the_screen_keeps(shown: str, said: str) -> None:
    assert speakable(shown) == said


def test_an_english_voice_leaves_out_korean_glosses_it_cannot_read() -> None:
    shown = "Certificate General (KFTC (금융결제원)) · 4,400 won"
    assert speakable(shown, hidden="hidden", english=True) == (
        "Certificate General (KFTC) 4,400 won"
    )
    assert speakable("yessign (금융결제원)", english=False) == "yessign (금융결제원)"
    # A name that is only Korean is not a gloss: it stays.
    assert speakable("Name: 김민준", hidden="hidden", english=True) == "Name: 김민준"


def test_nothing_is_said_or_logged_while_speech_is_off(tmp_path: Path) -> None:
    engine = Recorder()
    voice = Voice(engine=engine, log_path=tmp_path / "speech.jsonl", now=lambda: AT)
    assert voice.say("home", "원하시는 업무를 선택해 주세요", Language.KOREAN) is None
    assert engine.spoken == [] and not (tmp_path / "speech.jsonl").exists()


def test_every_utterance_is_logged_as_a_json_line_whether_or_not_audio_plays(
    tmp_path: Path,
) -> None:
    log = tmp_path / "speech.jsonl"
    voice = Voice(engine=None, log_path=log, now=lambda: AT, on=True)
    voice.say("home", "원하시는 업무를 선택해 주세요", Language.KOREAN)
    voice.say("identity", "Enter the resident number 850315-1234566", Language.ENGLISH)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        {
            "time": AT.isoformat(),
            "screen": "home",
            "language": "ko",
            "text": "원하시는 업무를 선택해 주세요",
        },
        {
            "time": AT.isoformat(),
            "screen": "identity",
            "language": "en",
            "text": "Enter the resident number hidden",
        },
    ]
    assert os.stat(log).st_mode & 0o777 == 0o600


def test_replay_volume_rate_and_the_next_customer_gets_the_defaults() -> None:
    engine = Recorder()
    voice = Voice(engine=engine, on=True)
    voice.say("home", "안내", Language.KOREAN)
    for _ in range(10):
        voice.louder()
    voice.faster(-2)
    voice.replay()
    assert engine.spoken == [
        ("안내", DEFAULT_VOLUME, DEFAULT_RATE),
        ("안내", MAX_VOLUME, DEFAULT_RATE - 40),
    ]
    voice.visit_ended()
    assert (voice.volume, voice.rate, voice.last) == (DEFAULT_VOLUME, DEFAULT_RATE, None)
    assert engine.stopped == 1
    voice.replay()  # nothing to say again for the next customer
    assert len(engine.spoken) == 2


@pytest.mark.parametrize(
    ("language", "text"),
    [(Language.KOREAN, "본인확인을 해 주세요"), (Language.ENGLISH, "Please prove who you are")],
)
def test_espeak_ng_speaks_korean_and_english_aloud(
    tmp_path: Path, language: Language, text: str
) -> None:
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI"):
            pytest.fail("espeak-ng is missing: scripts/setup.sh dev installs it")
        pytest.skip("espeak-ng is not installed (scripts/setup.sh dev installs it)")
    engine = EspeakEngine.installed()
    assert engine is not None
    wav = tmp_path / "said.wav"
    engine.render(Utterance(AT, "identity", text, language), DEFAULT_VOLUME, DEFAULT_RATE, wav)
    with wave.open(str(wav)) as sound:
        frames = sound.readframes(sound.getnframes())
        seconds = sound.getnframes() / sound.getframerate()
    samples = array("h", frames)
    assert seconds > 0.5 and max(abs(sample) for sample in samples) > 1000  # not silence


def test_a_tone_is_a_short_audible_beep(tmp_path: Path) -> None:
    from kiosk.speech.voice import tone_wav

    wav = tone_wav(tmp_path / "tone.wav")
    with wave.open(str(wav)) as sound:
        frames = sound.readframes(sound.getnframes())
        assert 0.03 < sound.getnframes() / sound.getframerate() < 0.2
    samples = [
        int.from_bytes(frames[i : i + 2], "little", signed=True) for i in range(0, len(frames), 2)
    ]
    assert max(abs(sample) for sample in samples) > 1000  # not silence


def test_with_earphones_set_only_the_earphone_device_speaks(tmp_path: Path) -> None:
    from kiosk.speech.voice import EspeakEngine

    said = Utterance(AT, "identity", "본인확인", Language.KOREAN)
    speakers = EspeakEngine("/usr/bin/espeak-ng")
    assert speakers.pipeline(said, 100, 150) == [speakers.command(said, 100, 150)]
    earphones = EspeakEngine("/usr/bin/espeak-ng", output="plughw:1,0")
    [speak, play] = earphones.pipeline(said, 100, 150)
    assert "--stdout" in speak  # espeak-ng's sound goes to aplay, not to the speakers
    assert play[-3:] == ["-q", "-D", "plughw:1,0"]
    tone = earphones.tone_command(100)
    if tone is not None:  # aplay installed: the tones go to the earphones too
        assert tone[tone.index("-D") + 1] == "plughw:1,0"


def test_earphones_come_from_the_option_or_kiosk_toml(tmp_path: Path) -> None:
    from kiosk.terminal import config
    from kiosk_cli.main import build_parser, voice_of

    (tmp_path / "kiosk.toml").write_text('[devices]\nearphones = "plughw:1,0"\n', encoding="utf-8")
    assert config.load(tmp_path).devices.earphones == "plughw:1,0"
    (tmp_path / "kiosk.toml").write_text('[devices]\nearphones = "a; rm"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError):
        config.load(tmp_path)
    args = build_parser().parse_args(["--earphones", "hw:2"])
    voice = voice_of(args, "plughw:1,0")
    if voice.engine is not None:  # espeak-ng installed
        assert getattr(voice.engine, "output", None) == "hw:2"  # the option wins
