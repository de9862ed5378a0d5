"""`kiosk bank ...`: run the bank service, and admit or remove the kiosks it serves."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.i18n import tr
from kiosk_cli.arguments import iso_date, port

if TYPE_CHECKING:
    from kiosk.bankside.bank import Bank


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bank = sub.add_parser("bank", help="the bank service behind the kiosks (kiosk --bank URL)")
    commands = bank.add_subparsers(dest="bank_command", required=True)
    serve = commands.add_parser("serve", help="serve the bank to kiosks over HTTP")
    serve.add_argument(
        "--data-dir", type=Path, required=True, help="the bank's data (database, CA keys, secrets)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=port, default=8700)
    serve.add_argument("--today", type=iso_date, help="run the bank on another date (YYYY-MM-DD)")
    serve.add_argument(
        "--training",
        action="store_true",
        help="a training room's bank: kiosks may stage certificates and move its clock (F8)",
    )
    _database(serve)
    for name, text in (
        ("add-kiosk", "admit a kiosk: prints its token once, as the last line"),
        ("remove-kiosk", "end a kiosk's token"),
        ("add-trainer", "let a trainer read the class dashboard: prints the key once, last line"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--data-dir", type=Path, required=True, help="the bank's data")
        command.add_argument("name", help="the kiosk's (branch and number) or trainer's name")
        _database(command)
    grant = commands.add_parser(
        "grant-role",
        help="as the schema's owner: let ROLE run the bank without power over the audit log",
    )
    grant.add_argument("--data-dir", type=Path, required=True, help="the bank's data")
    grant.add_argument("role", help="the PostgreSQL role `kiosk bank serve` connects as")
    _database(grant)


def _database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="postgresql://user@host/db for a fleet (default: SQLite in --data-dir)",
    )


def run(args: argparse.Namespace) -> int:
    from kiosk.bankside.bank import Bank
    from kiosk.bankside.kiosk_tokens import KioskExists, KioskTokens
    from kiosk.core.clock import ShiftedClock
    from kiosk.core.setup import PRIVATE_DIR, make_dir
    from kiosk.storage.store import is_postgres

    if args.db is not None and not is_postgres(args.db):
        print(
            tr("오류: --db에는 postgresql:// 주소를 씁니다(SQLite는 --data-dir 안에 있습니다)."),
            file=sys.stderr,
        )
        return 2
    data_dir: Path = args.data_dir
    make_dir(data_dir, parents=True)
    os.chmod(data_dir, PRIVATE_DIR)  # CA keys and key-encryption keys live here
    if args.bank_command == "grant-role" and args.db is None:
        print(
            tr("오류: grant-role은 PostgreSQL에서만 씁니다(--db postgresql://...)."),
            file=sys.stderr,
        )
        return 2
    # What stops the bank from opening (SetupError) is said by main().
    bank = Bank.open(data_dir, ShiftedClock(getattr(args, "today", None)), args.db)
    try:
        if args.bank_command == "grant-role":
            return _grant_role(bank, args.role)
        if args.bank_command == "serve":
            from kiosk_cli.bank_server import serve

            print(
                tr("은행 서비스: http://{host}:{port}/", host=args.host, port=args.port),
                flush=True,
            )
            serve(bank, args.host, args.port, training=args.training)
            return 0
        if args.bank_command == "add-trainer":
            return _add_trainer(bank, args.name)
        tokens = KioskTokens(bank.store, bank.clock)
        if args.bank_command == "add-kiosk":
            try:
                token = tokens.add(args.name)
            except KioskExists:
                print(tr("이미 등록된 키오스크입니다: {name}", name=args.name), file=sys.stderr)
                return 2
            except ValueError:
                print(tr("키오스크 이름은 1~64자입니다."), file=sys.stderr)
                return 2
            bank.audit.record("bank_admin", "kiosk_added", reason=args.name)
            print(tr("키오스크 {name}의 토큰입니다. 한 번만 보여 줍니다:", name=args.name))
            print(token)
            return 0
        if not tokens.remove(args.name):
            print(tr("등록된 키오스크가 아닙니다: {name}", name=args.name), file=sys.stderr)
            return 2
        bank.audit.record("bank_admin", "kiosk_removed", reason=args.name)
        print(tr("키오스크 {name}의 토큰을 없앴습니다.", name=args.name))
        return 0
    finally:
        bank.close()


def _add_trainer(bank: Bank, name: str) -> int:
    """A trainer's key to the class dashboard (/class?key=KEY, /api/class)."""
    from kiosk.bankside.kiosk_tokens import TrainerTokens

    try:
        key = TrainerTokens(bank.store, bank.clock).add(name)
    except ValueError:
        print(tr("강사 이름은 1~64자입니다."), file=sys.stderr)
        return 2
    bank.audit.record("bank_admin", "trainer_added", reason=name)
    print(tr("강사 {name}의 교실 현황 키입니다. 한 번만 보여 줍니다:", name=name))
    print(key)
    return 0


def _grant_role(bank: Bank, role: str) -> int:
    from kiosk.storage.roles import grant_bank_role

    try:
        created = grant_bank_role(bank.store.db, role)
    except ValueError:
        print(tr("역할 이름은 영소문자, 숫자, _로 63자까지입니다."), file=sys.stderr)
        return 2
    bank.audit.record("bank_admin", "role_granted", reason=role)
    message = (
        "역할 {role}을 만들고 권한을 주었습니다." if created else "역할 {role}에 권한을 주었습니다."
    )
    print(tr(message, role=role))
    print(tr("감사 기록은 이 역할로 추가만 할 수 있고 고치거나 지울 수 없습니다."))
    return 0
