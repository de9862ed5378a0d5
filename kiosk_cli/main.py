"""The `kiosk` command: the kiosk UI, scripted demos, and certificate inspection."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.clock import Clock, ShiftedClock
from kiosk.core.i18n import DEFAULT_LANGUAGE, Language, Phrase, set_language, tr
from kiosk.core.refusal import Refused
from kiosk.core.setup import SetupError
from kiosk.training.other_banks import OTHER_BANKS
from kiosk_cli import devices
from kiosk_cli.arguments import Stop, iso_date, port, stdin_line

if TYPE_CHECKING:
    import datetime as dt

    from kiosk.bankside.bank import Bank
    from kiosk.npki.reader import CertInfo
    from kiosk.speech.voice import Voice
    from kiosk.terminal.config import KioskConfig
    from kiosk.terminal.link import KioskLink
    from kiosk.training.scenario_files import Scenario


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="data directory (SQLite, CA keys, media)")
    parser.add_argument("--today", type=iso_date, help="run the kiosk on another date (YYYY-MM-DD)")
    parser.add_argument(
        "--lang",
        choices=[language.value for language in Language],
        # Given before or after the subcommand; a subparser default would hide the first.
        default=argparse.SUPPRESS,
        help="the kiosk's language: ko (Korean, default) or en (English); F4 switches a visit",
    )


def _speech(parser: argparse.ArgumentParser) -> None:
    # Given before or after `demo`: a subparser default would hide the first.
    parser.add_argument(
        "--voice",
        action="store_true",
        default=argparse.SUPPRESS,
        help="speak every screen (espeak-ng); Ctrl+S switches",
    )
    parser.add_argument(
        "--speech-log",
        type=Path,
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="write what the kiosk says, one JSON line each (time, screen, text)",
    )
    parser.add_argument(
        "--earphones",
        metavar="DEVICE",
        default=argparse.SUPPRESS,
        help="speak on this ALSA device only (the earphone jack, e.g. plughw:1,0)",
    )


def voice_of(args: argparse.Namespace, earphones: str | None = None) -> Voice:
    """The kiosk's voice as the command line asks: on with --voice or --speech-log,
    otherwise off until Ctrl+S; heard wherever espeak-ng is installed, on the
    earphones only where --earphones (or kiosk.toml's [devices] earphones) names them."""
    from kiosk.speech.voice import EspeakEngine, Voice

    heard, log = getattr(args, "voice", False), getattr(args, "speech_log", None)
    # Looked up even when off: a customer may turn the voice on with Ctrl+S.
    engine = EspeakEngine.installed(getattr(args, "earphones", None) or earphones)
    if heard and engine is None:
        print(
            tr(
                "주의: 음성 엔진(espeak-ng)이 없어 소리 없이 진행합니다: sudo apt-get install espeak-ng"
            ),
            file=sys.stderr,
        )
    return Voice(engine=engine, log_path=log, on=heard or log is not None)


def _networked(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bank", metavar="URL", help="reach the bank over HTTP (`kiosk bank serve`)"
    )
    parser.add_argument(
        "--kiosk-token-file",
        type=Path,
        metavar="FILE",
        help="this kiosk's token, from `kiosk bank add-kiosk` (needed with --bank)",
    )


def _link(args: argparse.Namespace, data_dir: Path) -> KioskLink | None:
    """The networked bank if --bank was given (exits with a message if the token is
    missing), else None: the embedded bank on the data directory."""
    from kiosk.terminal.link import KioskLink

    if not getattr(args, "bank", None):
        return None
    token_file = args.kiosk_token_file
    try:
        token = "" if token_file is None else token_file.read_text(encoding="utf-8").strip()
    except OSError:
        token = ""
    if not token:
        print(tr("오류: --bank에는 토큰 파일(--kiosk-token-file)이 필요합니다."), file=sys.stderr)
        raise SystemExit(2)
    try:
        return KioskLink.remote(args.bank, token, data_dir)
    except ValueError:
        print(tr("오류: 은행 주소가 올바르지 않습니다: {url}", url=args.bank), file=sys.stderr)
        raise SystemExit(2) from None


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """`kiosk`'s parser; without `commands`, its own options only (see _parse)."""
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Bank certificate kiosk simulator (은행 인증센터 키오스크)"
    )
    _common(parser)
    _networked(parser)
    _speech(parser)
    parser.add_argument(
        "--no-kiosk-mode",
        action="store_true",
        help="a trainer's or developer's machine: Ctrl+Q quits (the operator screen can too)",
    )
    parser.add_argument(
        "--no-time-limits",
        action="store_true",
        help="training: no walk-away countdown or reset (kiosk.toml [kiosk] time_limits)",
    )
    devices.add_arguments(parser)
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command")
    from kiosk_cli.bank import add_parser as add_bank_parser

    add_bank_parser(sub)

    serve = sub.add_parser(
        "serve", help="serve the kiosk to browsers on the local network (one kiosk per tab)"
    )
    _common(serve)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (0.0.0.0 for a classroom LAN; needs an operator PIN of your own)",
    )
    serve.add_argument("--port", type=port, default=8000)
    serve.add_argument(
        "--class-code", help="the code trainees type to get a kiosk (default: a new one, printed)"
    )
    serve.add_argument(
        "--public-url", help="the room's address as browsers reach it, behind a proxy (https://...)"
    )
    serve.add_argument("--no-kiosk-mode", action="store_true", help="Ctrl+Q ends a tab's kiosk")

    cloud = sub.add_parser(
        "fincert",
        help="put a Financial Certificate (금융인증서) in a demo customer's cloud (for a lesson)",
    )
    _common(cloud)
    cloud.add_argument("--customer", required=True, help="a demo customer's name")
    cloud.add_argument("--issued", type=iso_date, help="issue date (default: today)")
    cloud.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from stdin (default: 280514)"
    )
    cloud.add_argument("--locked", action="store_true", help="lock it as after five wrong PINs")
    cloud.add_argument(
        "--bank",
        choices=OTHER_BANKS,
        default="",
        help="issued at this other bank (for 금융인증서 타행 이용 등록; default: this bank)",
    )
    cloud.add_argument(
        "--registered",
        action="store_true",
        help="with --bank: already registered here (본인확인 by 금융인증서 works at once)",
    )

    operator = sub.add_parser("operator-pin", help="set the operator PIN (read from stdin)")
    _common(operator)

    demo = sub.add_parser("demo", help="play a scripted scenario through the real UI")
    _common(demo)
    _networked(demo)
    _speech(demo)
    devices.add_arguments(demo)
    demo.add_argument("scenario", nargs="?", help="scenario name (see --list)")
    demo.add_argument("--list", action="store_true", help="list the scenarios")
    demo.add_argument(
        "--file", type=Path, metavar="FILE", help="play a trainer's scenario file (TOML)"
    )
    demo.add_argument(
        "--dir",
        type=Path,
        metavar="DIR",
        help="a folder of scenario files: --list lists them, a name plays one of them",
    )
    demo.add_argument(
        "--handout",
        action="store_true",
        help="print the scenario's handout as HTML instead of playing it "
        "(Korean and English side by side; --lang for one of them)",
    )
    demo.add_argument("--headless", action="store_true", help="no screen; print the outcome")
    demo.add_argument(
        "--mode",
        choices=("demo", "guided", "practice", "test"),
        default="demo",
        help="demo: the autopilot plays it (default); guided: the learner presses each key "
        "the kiosk asks for; practice: the learner plays, F9 gives a hint; test: scored, "
        "no hints",
    )
    demo.add_argument("--learner", default="", help="the learner's name, for the class report")
    demo.add_argument("--pace", type=float, default=None, help="seconds per step on screen")
    demo.add_argument(
        "--phone",
        choices=("kiosk", "external"),
        default="kiosk",
        help="who answers ARS calls: the scenario through F7, or a trainee on `kiosk phone`",
    )

    phone = sub.add_parser("phone", help="a customer's phone and OTP token, in its own terminal")
    _common(phone)
    _networked(phone)
    phone.add_argument(
        "--customer", required=True, help="the customer's phone number (010-1234-5678)"
    )

    cert = sub.add_parser("cert", help="certificate tools")
    cert_sub = cert.add_subparsers(dest="cert_command", required=True)
    show = cert_sub.add_parser("show", help="print a certificate directory as JSON")
    _common(show)
    show.add_argument("path", type=Path, help="certificate directory or signCert.der")
    show.add_argument(
        "--password-stdin", action="store_true", help="read the key password from stdin"
    )
    show.add_argument("--rrn", help="check the VID against this resident number")

    make = cert_sub.add_parser(
        "make",
        help="stage a certificate another bank or CA issued, for registration training",
    )
    _common(make)
    who = make.add_mutually_exclusive_group(required=True)
    who.add_argument("--customer", help="a demo customer's name (김민준, 이서연, ...)")
    who.add_argument("--rrn", help="resident number of someone else (with --name)")
    make.add_argument("--name", help="the owner's name, with --rrn")
    make.add_argument(
        "--product",
        default="kica-general",
        help="product code: kica-general, crosscert-general, crosscert-bank, "
        "tradesign-general, tradesign-bank, bank, general-yessign, general-signkorea",
    )
    make.add_argument("--medium", choices=("usb", "hdd"), default="usb")
    make.add_argument("--encoding", choices=("seedCBCWithSHA1", "PBES2"), default="seedCBCWithSHA1")
    make.add_argument("--issued", type=iso_date, help="issue date (default: today)")
    make.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the certificate password from stdin (default: the demo password)",
    )
    return parser


def _clock(args: argparse.Namespace) -> Clock:
    # A shifted clock even without --today, so a trainer can skip time forward.
    return ShiftedClock(args.today)


def main(argv: list[str] | None = None) -> int:
    """Every command; what stops one (a damaged data directory, a bad setting, a
    port in use, input it cannot take) is one line on stderr and a non-zero exit,
    never a traceback, and leaves the data directory as it was."""
    try:
        code = _command(argv)
        sys.stdout.flush()  # inside: a reader gone (`| head`) is seen here, not at exit
        return code
    except (SetupError, Stop) as error:
        return _stopped(error.phrase)
    except BrokenPipeError:
        # The reader went away (`kiosk demo --list | head`): nobody is left to tell.
        # Python would complain again when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except _database_error() as error:
        return _stopped(
            Phrase(
                "데이터베이스 오류입니다({reason}). 데이터 디렉터리의 권한과 "
                "남은 디스크 공간을 확인해 주세요.",
                reason=str(error),
            )
        )
    except OSError as error:
        return _stopped(
            Phrase(
                "{path}을(를) 읽거나 쓸 수 없습니다({reason}). 권한과 남은 디스크 공간을 "
                "확인해 주세요.",
                path=str(error.filename or "?"),
                reason=error.strerror or type(error).__name__,
            )
        )


def _database_error() -> type[Exception]:
    """sqlite3.Error, looked up only once something went wrong: `kiosk` itself
    opens its books after the home screen is drawn, and loads SQLite then."""
    import sqlite3

    return sqlite3.Error


def _print_report(report: object) -> None:
    """A command's outcome as one JSON line (the last line of its output)."""
    import json

    print(json.dumps(report, ensure_ascii=False))


def _stopped(message: Phrase) -> int:
    with contextlib.suppress(OSError):
        print(tr("오류: {message}", message=message), file=sys.stderr)
    return 2


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line. The kiosk itself (no command: the everyday start) is read
    by `kiosk`'s own options alone, without building the ~45 parsers of the commands
    (a few milliseconds of its cold start); a command, --help or a mistake goes to
    the whole parser, so what is printed and parsed then is as it always was."""
    words = sys.argv[1:] if argv is None else argv
    if "-h" not in words and "--help" not in words:
        own = build_parser(commands=False)
        own.exit_on_error = False
        try:
            args, rest = own.parse_known_args(words)
        except argparse.ArgumentError:
            rest = words  # told by the whole parser below
        if not rest:
            args.command = None
            return args
    return build_parser().parse_args(argv)


def _command(argv: list[str] | None) -> int:
    args = _parse(argv)
    args.lang_given = hasattr(args, "lang")
    args.lang = getattr(args, "lang", DEFAULT_LANGUAGE.value)
    set_language(Language(args.lang))
    if args.command == "demo":
        return _demo(args)
    if args.command == "bank":
        from kiosk_cli.bank import run

        return run(args)
    if args.command == "cert":
        return _cert_make(args) if args.cert_command == "make" else _cert_show(args)
    if args.command == "phone":
        return _phone(args)
    if args.command == "operator-pin":
        return _operator_pin(args)
    if args.command == "fincert":
        return _fincert_stage(args)
    if args.command == "serve":
        from kiosk.bankside.bank import default_data_dir
        from kiosk_cli.room import serve

        today = None if args.today is None else args.today.isoformat()
        data_dir = (args.data_dir or default_data_dir()).resolve()
        return serve(
            data_dir,
            args.host,
            args.port,
            today,
            kiosk_mode=not args.no_kiosk_mode,
            lang=args.lang,
            class_code=args.class_code,
            public_url=args.public_url,
        )
    return _run_kiosk(args)


def _idle_seconds(args: argparse.Namespace, config: KioskConfig) -> int | None:
    """The walk-away limit, or None where a trainer turned time limits off."""
    if args.no_time_limits or not config.time_limits:
        return None
    return config.idle_seconds


def _run_kiosk(args: argparse.Namespace) -> int:
    # Start-up makes tens of thousands of objects that live as long as the kiosk
    # (modules, classes, the stylesheet, the home screen) and little garbage; the
    # cyclic collector would walk them again and again, a fifth of the time to
    # the home screen. Paused until the home screen is drawn (KioskApp.on_ready).
    gc.disable()
    try:
        return _start_kiosk(args)
    finally:
        gc.enable()


def _start_kiosk(args: argparse.Namespace) -> int:
    from kiosk.core.setup import default_data_dir
    from kiosk.terminal.link import KioskLink, Terminal
    from screens.app import KioskApp

    link = _link(args, args.data_dir or default_data_dir())
    if link is not None:
        config = link.terminal.config
        devices.apply(args, link.terminal)
        KioskApp(
            link,
            kiosk_mode=not args.no_kiosk_mode,
            idle_seconds=_idle_seconds(args, config),
            idle_warning_seconds=config.idle_warning_seconds,
            language=Language(args.lang),
            voice=voice_of(args, config.devices.earphones),
        ).run()
        return 0
    data_dir, clock = args.data_dir or default_data_dir(), _clock(args)
    # The kiosk's own parts now (a wrong kiosk.toml stops the start here); the bank's
    # books and its domain once the home screen is drawn, which a damaged data
    # directory then ends at once, told as before (KioskApp.on_ready).
    terminal = Terminal.at(data_dir)

    def open_bank() -> Bank:
        from kiosk.bankside.bank import Bank

        return Bank.open(data_dir, clock, terminal=terminal)

    link = KioskLink.embedded_later(terminal, open_bank)
    assert link.opening is not None
    try:
        app = KioskApp(
            link,
            kiosk_mode=not args.no_kiosk_mode,
            idle_seconds=_idle_seconds(args, terminal.config),
            idle_warning_seconds=terminal.config.idle_warning_seconds,
            language=Language(args.lang),
            voice=voice_of(args, terminal.config.devices.earphones),
        )
        devices.apply(args, app.terminal)
        app.run()
    finally:
        link.opening.close()
    return 0


def _fincert_stage(args: argparse.Namespace) -> int:
    from kiosk.bankside.bank import Bank, default_data_dir
    from kiosk.people import demo_customers
    from kiosk.training.staging import lock_cloud_certificate, stage_cloud_certificate

    try:
        demo_customers.find(args.customer)
    except KeyError:
        print(tr("오류: 그런 데모 고객이 없습니다: {name}", name=args.customer), file=sys.stderr)
        return 2
    pin = stdin_line().strip() if args.pin_stdin else demo_customers.DEMO_PIN
    clock = _clock(args)
    bank = Bank.open(args.data_dir or default_data_dir(), clock)
    try:
        issued_on = args.issued or clock.now().date()
        record = stage_cloud_certificate(bank, args.customer, issued_on, pin, issued_by=args.bank)
        if args.bank and args.registered:
            record = bank.cloud.register_here(record.customer_id, record.serial)
        if args.locked:
            lock_cloud_certificate(bank, record.customer_id)
    except Refused as refused:
        print(tr("오류: {message}", message=refused.phrase), file=sys.stderr)
        return 2
    finally:
        bank.close()
    report = {
        "serial": record.serial,
        "not_before": record.not_before.isoformat(),
        "not_after": record.not_after.isoformat(),
        "locked": bool(args.locked),
        "issued_by": record.issued_by,
        "registered_here": record.registered_at is not None,
    }
    _print_report(report)
    return 0


def _operator_pin(args: argparse.Namespace) -> int:
    """A new operator PIN from stdin (never from the command line, where `ps` shows it)."""
    from kiosk.bankside.bank import Bank, default_data_dir

    pin = stdin_line().strip()
    bank = Bank.open(args.data_dir or default_data_dir(), _clock(args))
    try:
        bank.operator.set_pin(pin)
    except ValueError as error:
        print(tr(str(error)), file=sys.stderr)
        return 2
    finally:
        bank.close()
    print(tr("운영자 PIN을 바꾸었습니다."))
    return 0


def _phone(args: argparse.Namespace) -> int:
    """The customer's phone, on the class's bank: embedded on the data directory,
    or networked (--bank), where codes and the clock are the bank server's."""
    from kiosk.bankside.bank import Bank, default_data_dir
    from kiosk.bankside.devices import CustomerDevices
    from screens.modals.phone import PhoneApp

    data_dir = args.data_dir or default_data_dir()
    link = _link(args, data_dir)
    bank = Bank.open(data_dir, _clock(args)) if link is None else None
    try:
        if bank is not None:
            devices = CustomerDevices(bank)
        else:
            assert link is not None
            devices = link.devices
        try:
            customer = devices.customer_by_phone(args.customer)
            phone = None if customer is None else devices.phone_of(customer.id)
        except Refused as refused:  # the bank not answering, or not admitting the token
            print(tr("오류: {message}", message=refused.phrase), file=sys.stderr)
            return 2
        if customer is None or phone is None:
            print(tr("그 번호의 고객이 없습니다: {number}", number=args.customer), file=sys.stderr)
            return 2
        PhoneApp(devices, phone.number, customer.id, customer.name, data_dir).run()
    finally:
        if bank is not None:
            bank.close()
    return 0


def _scenarios(args: argparse.Namespace) -> dict[str, Scenario]:
    """The scenarios `kiosk demo` chooses from: the built-ins, a folder's (--dir),
    or the one of --file. A file that is wrong stops it (ScenarioError)."""
    from kiosk.training.scenario_files import builtins, load, load_dir

    if args.file is not None:
        scenario = load(args.file)
        return {scenario.name: scenario}
    if args.dir is not None:
        if not args.dir.is_dir():
            raise Stop("시나리오 폴더가 없습니다: {path}", path=str(args.dir))
        return load_dir(args.dir)
    return builtins()


def _name_keys_as_printed(args: argparse.Namespace) -> None:
    """A handout names the keys of the kiosk that prints it: its kiosk.toml
    [bindings] (--data-dir), and the browser room's keys with --browser-keys."""
    from functools import partial

    from kiosk.core.keys import set_key_namer
    from kiosk.terminal import config
    from kiosk.terminal.browser_keys import with_browser_keys
    from screens.key_names import key_in_words

    bindings: dict[str, str] = {}
    # Read, not made: a handout printed elsewhere writes no kiosk.toml.
    if args.data_dir is not None and (args.data_dir / config.CONFIG_FILE).is_file():
        bindings = config.load(args.data_dir).bindings
    if getattr(args, "browser_keys", False):
        bindings = with_browser_keys(bindings)
    set_key_namer(partial(key_in_words, bindings))


def _demo(args: argparse.Namespace) -> int:
    from kiosk.bankside.bank import Bank
    from kiosk.training.scenario_files import ScenarioError
    from kiosk.training.stages import run_stage, stage_remotely
    from screens.app import KioskApp
    from screens.demo.play import play

    try:
        scenarios = _scenarios(args)
    except ScenarioError as error:
        print(tr("오류: {message}", message=error.phrase), file=sys.stderr)
        return 2
    if args.file is not None:
        chosen: Scenario | None = next(iter(scenarios.values()))
    else:
        if args.list or not args.scenario:
            for scenario in scenarios.values():
                print(f"{scenario.name:<26} {scenario.summary.shown()}")
            return 0 if args.list else 2
        chosen = scenarios.get(args.scenario)
    if chosen is None:
        print(
            tr("알 수 없는 시나리오: {name} (kiosk demo --list)", name=args.scenario),
            file=sys.stderr,
        )
        return 2
    if args.handout:
        from kiosk.training.handout import handout

        _name_keys_as_printed(args)
        languages = [Language(args.lang)] if args.lang_given else list(Language)
        print(handout(chosen, languages))
        return 0
    learner = args.learner.strip()
    if len(learner) > 64 or not learner.isprintable():
        print(tr("오류: 학습자 이름은 64자 이하로 적어 주세요."), file=sys.stderr)
        return 2
    import tempfile

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
    pace = args.pace if args.pace is not None else (0.0 if args.headless else 0.6)
    link = _link(args, data_dir)
    bank = Bank.open(data_dir, _clock(args)) if link is None else None
    try:
        # The trainer stages on the embedded bank, or asks the networked one to.
        source: Bank | KioskLink
        if bank is not None:
            # --usb-path first: the trainer puts the scenario's certificates on that stick.
            devices.use_usb(args, bank.media)
            source, staged = bank, run_stage(bank, chosen.stage)
        else:
            assert link is not None
            try:
                source, staged = link, stage_remotely(link, chosen.stage)
            except Refused as refused:  # a bank without --training, or one not answering
                print(tr("오류: {message}", message=refused.phrase), file=sys.stderr)
                return 2
        app = KioskApp(source, language=Language(args.lang), voice=voice_of(args))
        if args.mode == "demo":
            app.scenario, app.mode = chosen.name, "demo"  # as the class dashboard lists it
        app.scenarios = scenarios  # the trainer's picker (F10, 7) offers the same ones
        devices.apply(args, app.terminal)
        report = play(
            app,
            chosen,
            staged,
            headless=args.headless,
            pace=pace,
            external_phone=args.phone == "external",
            mode=args.mode,
            learner=learner,
        )
    finally:
        if bank is not None:
            bank.close()
    report["data_dir"] = str(data_dir)
    _print_report(report)
    return 0 if "error" not in report else 1


def _cert_make(args: argparse.Namespace) -> int:
    from kiosk.bankside.bank import Bank, default_data_dir
    from kiosk.certs.products import by_code
    from kiosk.npki.encodings import KeyEncoding
    from kiosk.people import demo_customers
    from kiosk.people.demo_customers import DEMO_PASSWORD
    from kiosk.people.rrn import InvalidRrn, parse
    from kiosk.terminal.media import Medium
    from kiosk.training.staging import make_certificate

    clock = _clock(args)
    try:
        product = by_code(args.product)
    except KeyError:
        print(tr("오류: 알 수 없는 상품 코드입니다: {code}", code=args.product), file=sys.stderr)
        return 2
    if args.customer is not None:
        try:
            person = demo_customers.find(args.customer)
        except KeyError:
            print(
                tr("오류: 그런 데모 고객이 없습니다: {name}", name=args.customer), file=sys.stderr
            )
            return 2
        name, rrn_text = person.name, person.rrn
    else:
        if not args.name:
            print(tr("오류: --rrn에는 --name이 필요합니다."), file=sys.stderr)
            return 2
        name, rrn_text = args.name, args.rrn
    try:
        rrn = parse(rrn_text, clock.now().date())
    except InvalidRrn as error:
        print(tr("오류: {message}", message=str(error)), file=sys.stderr)
        return 2
    password = stdin_line() if args.password_stdin else DEMO_PASSWORD
    bank = Bank.open(args.data_dir or default_data_dir(), clock)
    try:
        made = make_certificate(
            bank,
            real_name=name,
            rrn_digits=rrn.digits,
            product=product,
            medium=Medium(args.medium),
            password=password,
            encoding=KeyEncoding(args.encoding),
            issued_on=args.issued,
        )
    except ValueError as error:
        print(
            tr("오류: 비밀번호가 규칙에 맞지 않습니다: {rules}", rules=str(error)), file=sys.stderr
        )
        return 2
    finally:
        bank.close()
    report = {
        "directory": str(made.directory),
        "serial": made.serial,
        "ca": product.ca.display_name,
        "product": product.name,
        "not_before": made.not_before.isoformat(),
        "not_after": made.not_after.isoformat(),
        "medium": args.medium,
        "key_encoding": args.encoding,
    }
    _print_report(report)
    return 0


def _relying_party(args: argparse.Namespace, info: CertInfo, now: dt.datetime) -> dict[str, Any]:
    """Trust and revocation as the kiosk, a relying party, tells them from the data
    directory's trust anchors and CRLs ("revoked" is null when the status is unknown)."""
    from kiosk.bankside.bank import default_data_dir
    from kiosk.npki.relying import assess

    assessment = assess(args.data_dir or default_data_dir(), info.certificate, now)
    revocation = assessment.revocation
    status = revocation.status
    result: dict[str, Any] = {
        "trust": assessment.trust.report,
        "revocation": revocation.report,
        "revoked": None if status is None else status.revoked,
    }
    if status is not None and status.revoked and status.reason is not None:
        result["revocation_reason"] = status.reason.value
        result["revocation_reason_label"] = status.reason.label
        if status.revoked_at is not None:
            result["revoked_at"] = status.revoked_at.isoformat()
    return result


def _cert_show(args: argparse.Namespace) -> int:
    from kiosk.npki import keyfile, reader

    now = _clock(args).now()
    try:
        info = reader.load(args.path)
    except reader.NotNpki as error:
        print(tr("오류: {message}", message=str(error)), file=sys.stderr)
        return 2
    report: dict[str, Any] = {
        "path": str(info.directory),
        "subject": info.certificate.subject.rfc4514_string(),
        "owner": info.owner_name,
        "issuer": info.certificate.issuer.rfc4514_string(),
        "serial": info.serial,
        "not_before": info.not_before.isoformat(),
        "not_after": info.not_after.isoformat(),
        "policy_oid": info.policy_oid,
        "product": info.product_name,
        "ca": info.ca_name,
        "expired": info.is_expired(now),
    }
    report.update(_relying_party(args, info, now))
    opened = None
    if args.password_stdin:
        password = stdin_line()
        try:
            opened = info.open_key(password)
        except (reader.NotNpki, keyfile.KeyFileError) as error:
            print(tr("오류: {message}", message=str(error)), file=sys.stderr)
            return 2
        except keyfile.WrongPassword:
            report["password_ok"] = False
            _print_report(report)
            print(tr("오류: 인증서 비밀번호가 올바르지 않습니다."), file=sys.stderr)
            return 3
        report["password_ok"] = True
        report["key_encoding"] = opened.encoding.value
        report["key_matches"] = info.key_matches(opened.key)
    if args.rrn is not None:
        if opened is None:
            print(
                tr("오류: --rrn 확인에는 개인키의 난수가 필요합니다(--password-stdin)."),
                file=sys.stderr,
            )
            return 2
        digits = args.rrn.replace("-", "")
        report["vid_matches"] = info.vid_matches(digits, opened.random_num)
    _print_report(report)
    return 0
