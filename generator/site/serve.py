"""``reperes serve [dossier]``: preview a built site as a well-configured host would serve it.

Standard library only (http.server). Beyond python3 -m http.server, it sends the build's
precompressed copies (``x.br``, ``x.gz``) when the browser accepts them, with
``Content-Encoding`` and ``Vary: Accept-Encoding``, and the MIME types Pyodide needs
(``application/wasm``; ``text/javascript`` for ``.mjs``, which module workers require).
"""
from __future__ import annotations

import functools
import http.server
import os
import sys

from pathlib import Path

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
         ".bin": "application/octet-stream", ".whl": "application/zip", ".zip": "application/zip"}
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted(header: str | None) -> set[str]:
    """Encodings the client accepts (``q=0`` refuses one)."""
    out = set()
    for part in (header or "").split(","):
        name, _, params = part.partition(";")
        q = params.strip().replace(" ", "")
        if name.strip() and not (q.startswith("q=") and q[2:].strip("0.") == ""):
            out.add(name.strip().lower())
    return out


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    vary = False

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        self.vary = path.is_file() and any(path.with_name(path.name + s).is_file() for _, s in ENCODINGS)
        if self.vary:
            wanted = accepted(self.headers.get("Accept-Encoding"))
            for encoding, suffix in ENCODINGS:
                packed = path.with_name(path.name + suffix)
                if encoding in wanted and packed.is_file():
                    return self._send_packed(path, packed, encoding)
        return super().send_head()  # uncompressed, directory redirects and 404s as usual

    def _send_packed(self, path: Path, packed: Path, encoding: str):
        handle = open(packed, "rb")
        try:
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
            self.end_headers()
            return handle
        except BaseException:
            handle.close()
            raise

    def end_headers(self) -> None:
        if self.vary:  # caches must not give a brotli body to a client that did not ask for it
            self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):

    def handle_error(self, request, client_address) -> None:
        """A browser that leaves mid-response (a tab closed, a download cancelled, a page changed while the
        snapshot arrives) is not an error: nothing to print. Anything else still prints its traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError…
            return
        super().handle_error(request, client_address)


def server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> Server:
    return Server((host, port), functools.partial(Handler, directory=str(folder)))
