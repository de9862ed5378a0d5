"""The browser room's web server: textual-serve's, made safe for a classroom LAN.

textual-serve answers anyone, tells browsers to fetch its script and websocket
from the address it was started with (`ws://0.0.0.0:8000/ws` when bound to every
interface), lists its static folder and asks an internet font service for its
font. Here:
- addresses are taken from the request (or `--public-url`), so a trainee's PC
  reaches the trainer's machine and not itself;
- a class code, printed when the room starts, is needed for the page and for the
  websocket that starts a kiosk process: a passer-by on the LAN gets no kiosk;
- the websocket is refused unless its Origin is this room (another site open in
  a trainee's browser cannot start kiosks);
- no directory listings; the page, the script and a Korean monospace font (an
  OFL font from Debian's fonts-nanum-coding) are served by the room itself,
  so Korean renders on a network without internet."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from kiosk.bankside.bank import Bank
from kiosk_cli import class_pages

PAGES = Path(__file__).with_name("room_pages")
# Debian's fonts-nanum-coding (SIL OFL 1.1): Hangul in a monospace design whose
# Latin cell is half a Hangul cell, as a terminal's grid needs.
KOREAN_FONTS = (
    Path("/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf"),
    Path("/usr/share/fonts/truetype/nanum-coding/NanumGothicCoding.ttf"),
)
# Where textual-serve's script (its pinned version) makes the page's terminal.
_TERMINAL_MADE = "this.terminal=new "
# Letters and digits nobody confuses when a trainer reads them out or writes them
# on a board (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_class_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def korean_font() -> Path | None:
    return next((path for path in KOREAN_FONTS if path.is_file()), None)


class RoomServer(Server):
    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        class_code: str,
        public_url: str | None = None,
        font: Path | None = None,
        bank: Bank | None = None,
        trainer_key: str | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.fixed_public_url = public_url
        self.class_code = class_code
        self.font = font
        # The embedded bank the tabs share: the class dashboard reads it.
        self.bank = bank
        self.trainer_key = trainer_key

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(PAGES))
        routes = [
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{code}", self.handle_room_websocket, name="websocket"),
            web.get("/font/korean.ttf", self.handle_font, name="font"),
            web.get("/room/textual.js", self.handle_script, name="script"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ]
        app.add_routes(routes)
        if self.bank is not None:
            bank = self.bank
            class_pages.add_routes(app, lambda request: bank, self.trainer_key)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _code_is_right(self, code: str) -> bool:
        return hmac.compare_digest(code.strip().upper().encode(), self.class_code.encode())

    def _origin(self, request: web.Request) -> str:
        """This room as the browser sees it: the address the page was loaded from."""
        if self.fixed_public_url is not None:
            return self.fixed_public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    async def handle_index(self, request: web.Request) -> Any:
        code = request.query.get("code", "")
        if not self._code_is_right(code):
            context = {"title": self.title, "wrong": bool(code)}
            return aiohttp_jinja2.render_template(
                "class_code.html", request, context, status=401 if code else 200
            )
        origin = self._origin(request)
        websocket = "wss" + origin[5:] if origin.startswith("https") else "ws" + origin[4:]
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket}/ws/{self.class_code}",
            "static_url": f"{origin}/static/",
            "script_url": f"{origin}/room/textual.js",
            "font_url": f"{origin}/font/korean.ttf" if self.font is not None else "",
            "title": self.title,
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_script(self, request: web.Request) -> web.Response:
        """textual-serve's script, with its terminal object left where the room's
        text-size control (app_index.html) can reach it."""
        script = (Path(self.statics_path) / "js" / "textual.js").read_text(encoding="utf-8")
        return web.Response(
            text=script.replace(_TERMINAL_MADE, "window.kioskRoom=this," + _TERMINAL_MADE, 1),
            content_type="application/javascript",
            headers={"Cache-Control": "no-cache"},
        )

    async def handle_font(self, request: web.Request) -> web.StreamResponse:
        if self.font is None:
            raise web.HTTPNotFound()
        return web.FileResponse(self.font, headers={"Cache-Control": "max-age=86400"})

    async def handle_room_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self._code_is_right(request.match_info["code"]):
            raise web.HTTPUnauthorized(text="class code required")
        if request.headers.get("Origin", "") != self._origin(request):
            raise web.HTTPForbidden(text="this room's pages only")
        return await self.handle_websocket(request)
