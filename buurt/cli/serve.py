"""`buurt serve FILE`: the app (or the projector view) in a browser, through textual-serve.

Every browser tab runs its own `buurt` process. Only one of them may change the file: the first
takes a lock (`take_chair`), further tabs open the file read-only and say so; the lock goes with
the process, so it is free again once that tab's process has ended, however it ended.

textual-serve has no login. On 127.0.0.1 (the default) only this computer can connect. On any
other address a random token is printed once; the page needs it (`?token=`), and the websocket
that carries the app only opens with the cookie that page sets.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import secrets
import shlex
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from buurt.cli.base import LangOption, app, use_language
from buurt.cli.start import CHAIR_LOCK, SERVED
from buurt.cli.start import take_chair as take_chair  # (re-exported: its old home)
from buurt.errors import FileProblem, InputError
from buurt.i18n import _

if TYPE_CHECKING:
    from aiohttp import web

TOKEN_COOKIE = "buurt_token"
PROJECTOR_FONT_SIZE = 28  # pixels: readable from the back of the room
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def end_children() -> None:
    """SIGTERM to this process's children (the tabs' apps: `exec` makes each a direct child)."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == me:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGTERM)


def app_command(file: Path, *, projector: bool, lang: str | None) -> str:
    """The shell command textual-serve runs for each tab (`exec`: the app is the process the
    server starts and stops, not a shell around it)."""
    words = [sys.executable, "-m", "buurt", "project" if projector else "open", str(file)]
    if lang:
        words += ["--lang", lang]
    return "exec " + shlex.join(words)


def make_server(
    command: str, *, host: str, port: int, token: str | None, font_size: int = 16
) -> Any:
    """A textual-serve server that, given a token, refuses the page and websocket without it."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server

    sockets: set[web.WebSocketResponse] = set()

    def allowed(presented: str | None) -> bool:
        return token is None or (
            presented is not None and hmac.compare_digest(presented.encode(), token.encode())
        )

    class GuardedServer(Server):
        async def on_startup(self, app: web.Application) -> None:
            """Quiet: the command prints its own one line."""

        def serve(self, debug: bool = False) -> None:
            """textual-serve's own `serve`, but a stopped server waits at most two seconds for
            its connections (aiohttp's default is a minute)."""
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(number, self.stop_now)
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
                shutdown_timeout=2.0,
            )

        def stop_now(self) -> None:
            """ctrl+c or SIGTERM: end every tab's app first, then the server."""
            end_children()
            self.request_exit()

        async def on_shutdown(self, app: web.Application) -> None:
            """Stopping the server ends every tab at once: each app quits as on SIGTERM and
            closes its file, each tab's websocket closes (left alone, aiohttp would wait up to
            a minute for them)."""
            end_children()
            for websocket in list(sockets):
                await websocket.close()

        async def _process_messages(self, websocket: Any, app_service: Any) -> None:
            sockets.add(websocket)
            try:
                await super()._process_messages(websocket, app_service)
            finally:
                sockets.discard(websocket)

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            presented = request.query.get("token") or request.cookies.get(TOKEN_COOKIE)
            if not allowed(presented):
                raise web.HTTPForbidden(text=_("This page needs the link with its token."))
            # Links made from the address the browser used, so they work from another
            # computer too (the server may listen on 0.0.0.0).
            scheme = "wss" if request.secure else "ws"
            base = f"{request.scheme}://{request.host}"
            asked = request.query.get("fontsize", "")
            context = {
                # ?fontsize=N as in textual-serve; the projector's default is large type.
                "font_size": int(asked) if asked.isdigit() and 6 <= int(asked) <= 96 else font_size,
                "app_websocket_url": f"{scheme}://{request.host}/ws",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": "buurt"},
            }
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            if token is not None:
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict")
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not allowed(request.cookies.get(TOKEN_COOKIE)):
                raise web.HTTPForbidden(text=_("This page needs the link with its token."))
            return await super().handle_websocket(request)

    return GuardedServer(command, host=host, port=port, title="buurt")


@app.command("serve")
def serve_command(
    file: Annotated[Path, typer.Argument(help="The neighbourhood file.", show_default=False)],
    projector: Annotated[
        bool,
        typer.Option("--projector", help="Serve the projector view (read-only) instead."),
    ] = False,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Anything but 127.0.0.1/localhost needs the printed "
            "token: textual-serve itself has no login.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    lang: LangOption = None,
) -> int:
    """Serve the app (or with --projector the room's view) in a browser.

    Each browser tab is its own process; only the first tab may change the file, further tabs
    open it read-only. It listens on 127.0.0.1 by default. With another --host, anyone who can
    reach the port could use the app, so a link with a token is printed once and the page and
    its websocket refuse everyone without it."""
    from buurt.db.files import inspect_file, stored_language

    path = file.expanduser().absolute()
    if inspect_file(path) is None or stored_language(path) is None:
        raise FileProblem(_("{file} is empty: it holds no neighbourhood.").format(file=path))
    use_language(lang, stored_language(path))
    if not host.strip():
        raise InputError(_("--host is empty: give an address such as 127.0.0.1."))
    token = None if host in LOCAL_HOSTS else secrets.token_urlsafe(24)
    folder = Path(tempfile.mkdtemp(prefix="buurt-serve-"))
    os.environ[CHAIR_LOCK] = str(folder / "chair.lock")
    os.environ[SERVED] = "1"
    try:
        server = make_server(
            app_command(path, projector=projector, lang=lang),
            host=host,
            port=port,
            token=token,
            font_size=PROJECTOR_FONT_SIZE if projector else 16,
        )
        shown = f"[{host}]" if ":" in host else host
        link = f"http://{shown}:{port}/"
        if token is not None:
            link += f"?token={token}"
            print(
                _(
                    "Serving {file} on {link} (anyone with this link can use it; it is not "
                    "shown again). Stop with ctrl+c."
                ).format(file=path, link=link),
                flush=True,
            )
        else:
            print(
                _("Serving {file} on {link} (this computer only). Stop with ctrl+c.").format(
                    file=path, link=link
                ),
                flush=True,
            )
        try:
            server.serve()
        except OSError as error:
            raise FileProblem(
                _("Cannot listen on {host} port {port}: {reason}").format(
                    host=host, port=port, reason=error.strerror or error
                )
            ) from error
    finally:
        os.environ.pop(CHAIR_LOCK, None)
        os.environ.pop(SERVED, None)
        shutil.rmtree(folder, ignore_errors=True)
    return 0
