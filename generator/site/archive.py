"""« reperes build --zip »: the built site as one archive for an intranet share or a plain file host.

The archive holds the built folder as it is (its .htaccess and web.config included, generator/site/server_settings.py)
and a LISEZ-MOI.txt. Entries are sorted and dated from the build, so the same site gives the same archive; each
says it is readable by all (files 0644, folders 0755): unpacked by ``unzip`` on a server, a web server's user
(www-data) can read it. Without these modes ``unzip`` gives 0600, and nginx answers 403 on every page.
The archive's comment says Repères wrote it: the next build may replace it, never another file
(generator/site/output_guard.py).
"""
from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from .output_guard import MARKERS, ZIP_COMMENT

README = """Repères — site autonome

Déposez le dossier de cette archive dans un dossier servi par un serveur web (Apache, nginx, Caddy, IIS,
partage intranet publié par un serveur, ou « python3 -m http.server » pour un essai). Aucune requête ne part
vers un autre serveur.

Le serveur doit envoyer deux types de fichiers dont le calcul a besoin : .mjs (text/javascript) et .wasm
(application/wasm), et, pour que le premier calcul arrive vite sur un réseau lent, les copies compressées
(.br, .gz) aux navigateurs qui les acceptent. Sous Apache, le fichier .htaccess du dossier s'en charge si le
site a le droit de le lire (AllowOverride FileInfo, modules rewrite et headers) ; sous IIS, web.config
déclare les types. Pour nginx et Caddy, et pour https (nécessaire au fonctionnement hors ligne et à la
compression brotli), voir le guide d'hébergement du projet : docs/hebergement.md.
"""
FILE_MODE = stat.S_IFREG | 0o644
FOLDER_MODE = stat.S_IFDIR | 0o755
STAMP = (2026, 1, 1, 0, 0, 0)


def zip_path(site: Path) -> Path:
    """Where the archive of ``site`` is written: beside it, same name, « .zip »."""
    return site.with_name(site.name + ".zip")


def make_zip(site: Path) -> Path:
    site = site.resolve()
    target = zip_path(site)
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = ZIP_COMMENT
        _add(archive, f"{site.name}/", None)
        for path in sorted(site.rglob("*")):
            rel = path.relative_to(site).as_posix()
            if rel in MARKERS:
                continue  # Repères' own bookkeeping: an unpacked copy is not a build output
            if path.is_dir():
                _add(archive, f"{site.name}/{rel}/", None)
            elif path.is_file():
                _add(archive, f"{site.name}/{rel}", path.read_bytes())
        _add(archive, f"{site.name}/LISEZ-MOI.txt", README.encode("utf-8"))
    tmp.replace(target)  # a failed archive never replaces a good one
    return target


def _add(archive: zipfile.ZipFile, name: str, data: bytes | None) -> None:
    info = zipfile.ZipInfo(name, STAMP)
    info.create_system = 3  # Unix: unzip applies the modes below
    if data is None:
        info.external_attr = (FOLDER_MODE << 16) | 0x10  # 0x10: MS-DOS « directory » flag
        archive.writestr(info, b"")
    else:
        info.external_attr = FILE_MODE << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, data)
