"""« reperes build --zip »: the built site as one archive for an intranet share or a plain file host.

The archive adds the two server settings a static host may lack for the
calculators (JavaScript modules and WebAssembly MIME types): .htaccess for
Apache, web.config for IIS. Entries are sorted and dated from the build, so
the same site gives the same archive.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

HTACCESS = """# Repères : types MIME nécessaires au calcul dans le navigateur (modules JavaScript, WebAssembly).
AddType text/javascript .mjs
AddType application/wasm .wasm
# Un SVG ouvert seul est un document du site : aucun script, aucun chargement (voir SECURITY.md).
<IfModule mod_headers.c>
  <FilesMatch "\\.svg$">
    Header set Content-Security-Policy "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
  </FilesMatch>
</IfModule>
"""
WEB_CONFIG = """<?xml version="1.0" encoding="utf-8"?>
<!-- Repères : types MIME nécessaires au calcul dans le navigateur (modules JavaScript, WebAssembly). -->
<configuration>
  <system.webServer>
    <staticContent>
      <remove fileExtension=".mjs" /><mimeMap fileExtension=".mjs" mimeType="text/javascript" />
      <remove fileExtension=".wasm" /><mimeMap fileExtension=".wasm" mimeType="application/wasm" />
    </staticContent>
  </system.webServer>
</configuration>
"""
README = """Repères — site autonome

Déposez le contenu de cette archive tel quel dans un dossier servi par n'importe quel serveur web
(Apache, IIS, nginx, partage intranet publié par un serveur, ou « python3 -m http.server »).
Aucune requête ne part vers un autre serveur. Les fichiers .htaccess (Apache) et web.config (IIS)
déclarent les deux types de fichiers dont le calcul a besoin : .mjs (text/javascript) et
.wasm (application/wasm) ; nginx et python3 les connaissent déjà.
"""


def make_zip(site: Path) -> Path:
    site = site.resolve()
    target = site.with_suffix(".zip")
    stamp = (2026, 1, 1, 0, 0, 0)
    extra = {".htaccess": HTACCESS, "web.config": WEB_CONFIG, "LISEZ-MOI.txt": README}
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{site.name}/{path.relative_to(site).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
        for name, text in extra.items():
            info = zipfile.ZipInfo(f"{site.name}/{name}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    tmp.replace(target)  # a failed archive never replaces a good one
    return target
