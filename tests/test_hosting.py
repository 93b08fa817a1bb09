"""The hosting guide's settings (docs/hebergement.md), run as written with Debian's nginx, Apache and Caddy on a built edition.

Each block of « Réglages de l'hébergeur » is taken from docs/hebergement.md (only the address, the port and the
folder are replaced), the server is started on a free loopback port, and real requests check what a
visitor's browser depends on: the precompressed copy when it is accepted (and the same bytes once
decoded), the plain file otherwise, the types of .wasm and .mjs, « Vary », and the logo's own policy —
also when the logo leaves as its compressed copy (Apache's FilesMatch sees the file sent, not the URL).
``scripts/setup.sh --browser`` installs the three servers.
"""
from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import brotli
import pytest

from generator.site.archive import HTACCESS
from generator.site.compress import compress_site

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "docs" / "hebergement.md").read_text(encoding="utf-8")
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
# Files a visitor's first calculation needs, and the edition's logo.
FILES = ["index.html", "assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.mjs", "assets/edition/logo.svg"]
BIG_LOGO = "assets/edition/grand-logo.svg"  # over 1 KB: the build writes .br/.gz copies of it
APACHE_MODULES = ["mpm_event", "authz_core", "mime", "dir", "rewrite", "headers"]


def readme_block(language: str) -> str:
    blocks = re.findall(rf"^```{language}\n(.*?)^```", README, re.M | re.S)
    assert len(blocks) == 1, f"docs/hebergement.md: one ```{language} block expected, {len(blocks)} found"
    return blocks[0]


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"the README block no longer contains {old!r}: update this test with it"
    return text.replace(old, new)


def binary(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    assert path, f"{name} is missing: run « bash scripts/setup.sh --browser » (it installs the web servers)"
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def docroot(all_sites) -> Iterator[Path]:
    """A few files of the ARS edition, compressed by the build's own step, in a folder every server's
    unprivileged worker can read (pytest's folders are private to root)."""
    root = Path(tempfile.mkdtemp(prefix="reperes-hosting-"))
    try:
        for rel in FILES:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(all_sites["ars-exemple"] / rel, root / rel)
        shapes = "".join(f'<rect x="{i % 10}" y="{i // 10}" width="1" height="1" fill="#1d3b6f"/>' for i in range(60))
        (root / BIG_LOGO).write_text(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 6">{shapes}</svg>')
        compress_site(root)
        assert (root / (BIG_LOGO + ".br")).is_file() and (root / "assets/pyodide/pyodide.asm.wasm.br").is_file()
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def running(command: list[str], port: int, work: Path) -> Iterator[int]:
    """The server in the foreground of its own process group, its data and logs in ``work``."""
    log = work / "server.log"
    env = {**os.environ, "HOME": str(work), "XDG_DATA_HOME": str(work), "XDG_CONFIG_HOME": str(work)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise AssertionError(f"{command[0]} stopped: {log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.05)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        process.wait(timeout=20)


def nginx(docroot: Path, work: Path) -> tuple[list[str], int]:
    port = free_port()
    block = readme_block("nginx")
    block = replace(block, "include mime.types;", "include /etc/nginx/mime.types;\n    access_log off;")
    block = replace(block, "listen 80;", f"listen 127.0.0.1:{port};")
    block = replace(block, "root /srv/site;", f"root {docroot};")
    (work / "nginx.conf").write_text(
        "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n"
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\ndaemon off;\nevents {{}}\n{block}")
    return [binary("nginx"), "-c", str(work / "nginx.conf")], port


def apache(docroot: Path, work: Path) -> tuple[list[str], int]:
    port = free_port()
    assert readme_block("apache") == HTACCESS, "the README's Apache block must be the archive's .htaccess"
    (docroot / ".htaccess").write_text(HTACCESS)
    (docroot / ".htaccess").chmod(0o644)
    modules = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so" for m in APACHE_MODULES)
    (work / "apache.conf").write_text(f"""ServerRoot /etc/apache2
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {work}/apache.pid
ErrorLog {work}/error.log
{modules}
TypesConfig /etc/mime.types
User www-data
Group www-data
DocumentRoot {docroot}
DirectoryIndex index.html
<Directory {docroot}>
  AllowOverride All
  Require all granted
</Directory>
""")
    return [binary("apache2"), "-f", str(work / "apache.conf"), "-DFOREGROUND"], port


def caddy(docroot: Path, work: Path) -> tuple[list[str], int]:
    port = free_port()
    block = readme_block("caddy")
    block = replace(block, "reperes.example {", f"http://127.0.0.1:{port} {{")
    block = replace(block, "root * /srv/site", f"root * {docroot}")
    (work / "Caddyfile").write_text("{\n    admin off\n    auto_https off\n}\n" + block)
    return [binary("caddy"), "run", "--config", str(work / "Caddyfile"), "--adapter", "caddyfile"], port


SERVERS = {"nginx": nginx, "apache": apache, "caddy": caddy}


@pytest.fixture(scope="module", params=sorted(SERVERS))
def host(request, docroot, tmp_path_factory) -> Iterator[str]:
    work = tmp_path_factory.mktemp(request.param)
    command, port = SERVERS[request.param](docroot, work)
    with running(command, port, work):
        yield f"127.0.0.1:{port}"


def get(host: str, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": accept} if accept is not None else {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda body: body}
TYPES = {"index.html": "text/html", "pyodide.asm.wasm": "application/wasm", "pyodide.asm.mjs": "javascript",
         ".svg": "image/svg+xml"}


@pytest.mark.parametrize("path", ["/", "/" + FILES[1], "/" + FILES[2], "/" + FILES[3], "/" + BIG_LOGO])
@pytest.mark.parametrize("accept, expected", [("br, gzip", "br"), ("gzip", "gzip"), (None, None)])
def test_host_serves_the_compressed_copy_with_the_file_type(host, docroot, path, accept, expected):
    status, headers, body = get(host, path, accept)
    assert status == 200, (path, status)
    original = (docroot / (path.lstrip("/") or "index.html")).read_bytes()
    compressed = Path(str(docroot / (path.lstrip("/") or "index.html")) + ".br").is_file()
    encoding = expected if compressed else None
    assert headers.get("content-encoding") == encoding, (path, accept, headers)
    assert DECODE[encoding](body) == original
    wanted = next(t for name, t in TYPES.items() if (path if path != "/" else "index.html").endswith(name))
    assert wanted in headers.get("content-type", ""), (path, headers.get("content-type"))
    if encoding:
        assert "accept-encoding" in headers.get("vary", "").lower(), (path, headers)
    # A validator: the browser's HTTP cache keeps the response, which is how the engine's worker gets what
    # the tool page's preload hints downloaded (generator/runtime/publish.py, preloads).
    assert "last-modified" in headers or "etag" in headers, (path, accept, headers)
    if path.endswith(".svg"):
        assert headers.get("content-security-policy") == LOGO_POLICY, (path, accept, headers)
