"""The hosting guide (docs/hebergement.md), pasted as an administrator would, with Debian's own configuration files.

Each server gets a copy of Debian's configuration tree (/etc/nginx, /etc/apache2, /etc/caddy as the packages
installed them — never the machine's live configuration), and the guide's block goes where the guide says:
nginx's ``server`` block in ``sites-available/``, linked from ``sites-enabled/``, under Debian's own ``nginx.conf``
(``modules-enabled/`` included) and checked by ``nginx -t``; Apache's ``VirtualHost`` in ``sites-available/``,
enabled by ``a2enmod rewrite headers`` and ``a2ensite``, serving a built site as it is, with its own ``.htaccess``;
Caddy's block in place of the example in Debian's ``Caddyfile``. Only the address, the port and the folder change;
logs and pid files go to the test's folder. Each server runs on a free loopback port, and real requests check
what a visitor's browser depends on: the precompressed copy when it is accepted (and the same bytes once
decoded), the plain file otherwise, the types of .wasm, .mjs and the snapshot, « Vary », and the logo's own
policy — also when the logo leaves as its compressed copy (Apache's FilesMatch sees the file sent, not the
URL). The zip of « reperes build --zip », unpacked by ``unzip``, is served by nginx's www-data worker.
``scripts/setup.sh --browser`` installs the three servers and unzip.
"""
from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import brotli
import pytest

from generator.site.compress import compress_site
from generator.site.server_settings import HTACCESS

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "docs" / "hebergement.md").read_text(encoding="utf-8")
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
# Files a visitor's first calculation needs, and the edition's logo.
FILES = ["index.html", "assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.mjs", "assets/edition/logo.svg"]
BIG_LOGO = "assets/edition/grand-logo.svg"  # over 1 KB: the build writes .br/.gz copies of it
SITE_ROOT = "/var/www/reperes"  # the folder the guide's blocks serve


def guide_block(language: str) -> str:
    blocks = re.findall(rf"^```{language}\n(.*?)^```", GUIDE, re.M | re.S)
    assert len(blocks) == 1, f"docs/hebergement.md: one ```{language} block expected, {len(blocks)} found"
    return blocks[0]


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} is no longer there: update this test with the guide (or Debian's file)"
    return text.replace(old, new)


def binary(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    assert path, f"{name} is missing: run « bash scripts/setup.sh --browser » (it installs the web servers)"
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def readable_folder() -> Iterator[Path]:
    """A folder every server's unprivileged worker (www-data) can read (pytest's folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="reperes-hosting-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # the built files themselves, not copies of them (and no time spent copying)
    except OSError:
        shutil.copy2(source, target)


@pytest.fixture(scope="module")
def docroot(all_sites) -> Iterator[Path]:
    """The ARS edition's built folder as it is (hard links to its files, .htaccess included), plus a logo big
    enough to have compressed copies."""
    with readable_folder() as folder:
        root = folder / "site"
        shutil.copytree(all_sites["ars-exemple"], root, copy_function=_link_or_copy)
        with tempfile.TemporaryDirectory() as packing:  # compressed apart: the shared site's files are never rewritten
            logo = Path(packing) / "grand-logo.svg"
            shapes = "".join(f'<rect x="{i % 10}" y="{i // 10}" width="1" height="1" fill="#1d3b6f"/>' for i in range(60))
            logo.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 6">{shapes}</svg>')
            compress_site(Path(packing))
            for made in Path(packing).iterdir():
                shutil.copyfile(made, root / "assets/edition" / made.name)
                (root / "assets/edition" / made.name).chmod(0o644)
        assert (root / (BIG_LOGO + ".br")).is_file() and (root / "assets/pyodide/pyodide.asm.wasm.br").is_file()
        yield root


def snapshot_of(root: Path) -> str:
    return next(root.glob("assets/engine/snapshot-*.bin")).relative_to(root).as_posix()


@contextlib.contextmanager
def running(command: list[str], port: int, work: Path, env: dict[str, str] | None = None) -> Iterator[int]:
    """The server in the foreground of its own process group, its data and logs in ``work``."""
    log = work / "server.log"
    env = {**os.environ, "HOME": str(work), "XDG_DATA_HOME": str(work), "XDG_CONFIG_HOME": str(work), **(env or {})}
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


# ------------------------------------------------------------------------------------------ nginx

def nginx_layout(site: Path, work: Path) -> tuple[list[str], int]:
    """Debian's /etc/nginx copied to ``work``, the guide's server block in sites-available/, linked from
    sites-enabled/ as the guide says; returns the command that runs nginx on it, and its port."""
    port = free_port()
    etc = work / "nginx"
    shutil.copytree("/etc/nginx", etc, symlinks=True)
    conf = (etc / "nginx.conf").read_text()
    conf = replace(conf, "pid /run/nginx.pid;", f"pid {work}/nginx.pid;")
    conf = replace(conf, "error_log /var/log/nginx/error.log;", f"error_log {work}/error.log;")
    conf = replace(conf, "access_log /var/log/nginx/access.log;", "access_log off;")
    conf = replace(conf, "include /etc/nginx/modules-enabled/*.conf;", f"include {etc}/modules-enabled/*.conf;")
    (etc / "nginx.conf").write_text(conf.replace("/etc/nginx/", f"{etc}/"))
    block = guide_block("nginx")
    block = replace(block, "    listen 80;\n", f"    listen 127.0.0.1:{port};\n")
    block = replace(block, "    listen [::]:80;\n", "")
    block = replace(block, f"root {SITE_ROOT};", f"root {site};")
    (etc / "sites-available" / "reperes").write_text(block)
    (etc / "sites-enabled" / "default").unlink()  # Debian's example site takes port 80, which a test may not
    (etc / "sites-enabled" / "reperes").symlink_to(etc / "sites-available" / "reperes")
    assert any("brotli" in p.name for p in (etc / "modules-enabled").iterdir()), "Debian enables the brotli module"
    return [binary("nginx"), "-c", str(etc / "nginx.conf"), "-e", f"{work}/error.log"], port


def test_nginx_block_passes_nginx_t_inside_debian_nginx_conf(tmp_path):
    command, _ = nginx_layout(Path("/nonexistent"), tmp_path)
    run = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "test is successful" in run.stderr, run.stderr
    assert "[warn]" not in run.stderr and "[emerg]" not in run.stderr, run.stderr


def nginx(site: Path, work: Path) -> tuple[list[str], int, dict]:
    command, port = nginx_layout(site, work)
    return [*command, "-g", "daemon off;"], port, {}


# ------------------------------------------------------------------------------------------ Apache

def apache(site: Path, work: Path) -> tuple[list[str], int, dict]:
    """Debian's /etc/apache2 copied to ``work``; the guide's VirtualHost enabled with Debian's own a2enmod and a2ensite."""
    port = free_port()
    etc = work / "apache2"
    shutil.copytree("/etc/apache2", etc, symlinks=True)
    # What /etc/apache2/envvars sets, pointed at the test's folder.
    env = {"APACHE_CONFDIR": str(etc), "APACHE_STATE_DIRECTORY": str(work / "state"), "APACHE_RUN_USER": "www-data",
           "APACHE_RUN_GROUP": "www-data", "APACHE_PID_FILE": str(work / "apache2.pid"), "APACHE_RUN_DIR": str(work / "run"),
           "APACHE_LOCK_DIR": str(work / "lock"), "APACHE_LOG_DIR": str(work / "log"), "LANG": "C"}
    for name in ("state", "run", "lock", "log"):
        (work / name).mkdir()
    ports = (etc / "ports.conf").read_text()
    (etc / "ports.conf").write_text(replace(ports, "\nListen 80\n", f"\nListen 127.0.0.1:{port}\n"))
    block = replace(guide_block("apache"), "<VirtualHost *:80>", f"<VirtualHost *:{port}>")
    (etc / "sites-available" / "reperes.conf").write_text(replace(block, SITE_ROOT, str(site)))
    administrator = {**os.environ, **env}
    for step in (["a2enmod", "-q", "rewrite", "headers"], ["a2dissite", "-q", "000-default"], ["a2ensite", "-q", "reperes"]):
        run = subprocess.run([binary(step[0]), *step[1:]], capture_output=True, text=True, env=administrator, timeout=60)
        assert run.returncode == 0, (step, run.stdout, run.stderr)
    check = subprocess.run([binary("apache2"), "-d", str(etc), "-t"], capture_output=True, text=True, env=administrator)
    assert check.returncode == 0 and "Syntax OK" in check.stderr, check.stderr
    return [binary("apache2"), "-d", str(etc), "-DFOREGROUND"], port, env


# ------------------------------------------------------------------------------------------ Caddy

def caddy(site: Path, work: Path) -> tuple[list[str], int, dict]:
    """Debian's Caddyfile with its « :80 » example replaced by the guide's block, as the guide says."""
    port = free_port()
    debian = Path("/etc/caddy/Caddyfile").read_text()
    example = re.search(r"^:80 \{\n.*?^\}\n", debian, re.M | re.S)
    assert example, "Debian's Caddyfile no longer has its « :80 { … } » example: update the guide and this test"
    block = replace(guide_block("caddy"), "reperes.example.org {", f"http://127.0.0.1:{port} {{")
    block = replace(block, f"root * {SITE_ROOT}", f"root * {site}")
    # The test's own global options: no admin endpoint (port 2019 is shared), no certificate for a loopback address.
    caddyfile = "{\n    admin off\n    auto_https off\n}\n" + debian[:example.start()] + block + debian[example.end():]
    (work / "Caddyfile").write_text(caddyfile)
    return [binary("caddy"), "run", "--config", str(work / "Caddyfile"), "--adapter", "caddyfile"], port, {}


SERVERS = {"nginx": nginx, "apache": apache, "caddy": caddy}


@pytest.fixture(scope="module", params=sorted(SERVERS))
def host(request, docroot, tmp_path_factory) -> Iterator[str]:
    work = tmp_path_factory.mktemp(request.param)
    command, port, env = SERVERS[request.param](docroot, work)
    with running(command, port, work, env):
        yield f"127.0.0.1:{port}"


def get(host: str, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": accept} if accept is not None else {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda body: body}
# The snapshot (.bin) is read by fetch() as bytes: its type does not matter (Caddy sends none).
TYPES = {"index.html": "text/html", ".wasm": "application/wasm", ".mjs": "javascript", ".svg": "image/svg+xml", ".bin": ""}


@pytest.mark.parametrize("path", ["/", *(f"/{f}" for f in FILES[1:]), f"/{BIG_LOGO}", "snapshot"])
@pytest.mark.parametrize("accept, expected", [("br, gzip", "br"), ("gzip", "gzip"), (None, None)])
def test_host_serves_the_compressed_copy_with_the_file_type(host, docroot, path, accept, expected):
    path = "/" + snapshot_of(docroot) if path == "snapshot" else path
    status, headers, body = get(host, path, accept)
    assert status == 200, (path, status)
    local = docroot / (path.lstrip("/") or "index.html")
    compressed = Path(f"{local}.br").is_file()
    encoding = expected if compressed else None
    assert headers.get("content-encoding") == encoding, (path, accept, headers)
    assert DECODE[encoding](body) == local.read_bytes()
    wanted = next(t for suffix, t in TYPES.items() if local.name.endswith(suffix))
    assert wanted in headers.get("content-type", ""), (path, headers.get("content-type"))
    if encoding:
        assert "accept-encoding" in headers.get("vary", "").lower(), (path, headers)
    if path.endswith(".svg"):
        assert headers.get("content-security-policy") == LOGO_POLICY, (path, accept, headers)


def test_built_folder_carries_the_guide_htaccess(docroot):
    """Apache serves the folder as it is: the build wrote the guide's .htaccess into it."""
    assert (docroot / ".htaccess").read_text(encoding="utf-8") == HTACCESS == guide_block("apacheconf")


# ------------------------------------------------------------------------------------------ the zip

def test_zip_unpacks_readable_by_the_web_server(mini_site, tmp_path):
    """« reperes build --zip », unpacked by unzip (even under a strict umask), then served by nginx's www-data."""
    with readable_folder() as folder:
        run = subprocess.run(["sh", "-c", 'umask 077 && exec "$0" -q "$1" -d "$2"', binary("unzip"), str(mini_site["zip"]),
                              str(folder)], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        site = folder / "site"
        for path in [site, *site.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
        assert not (site / ".reperes-site").exists() and (site / ".htaccess").is_file() and (site / "LISEZ-MOI.txt").is_file()
        command, port, _ = nginx(site, tmp_path)
        with running(command, port, tmp_path):
            for path in ("/", "/programmes/prog-un/", "/sw.js"):
                assert get(f"127.0.0.1:{port}", path, "gzip")[0] == 200, path
