"""« reperes build --zip »: the built site as one archive for an intranet share or a plain file host.

The archive adds the two server settings a static host may lack for the
calculators (JavaScript modules and WebAssembly MIME types): .htaccess for
Apache, web.config for IIS. Entries are sorted and dated from the build, so
the same site gives the same archive.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

HTACCESS = """# Repères : réglages Apache du site (mod_mime ; mod_rewrite et mod_headers s'ils sont activés).
# Types MIME nécessaires au calcul dans le navigateur (modules JavaScript, WebAssembly).
AddType text/javascript .mjs
AddType application/wasm .wasm
# Copies compressées écrites par la construction (x.wasm.br, x.html.gz) : servies à qui les accepte. Un
# fichier x.wasm.br garde le type de .wasm et reçoit l'encodage de .br (mod_mime combine les extensions).
RemoveType .gz .br
AddEncoding br .br
AddEncoding gzip .gz
<IfModule mod_rewrite.c>
  RewriteEngine On
  RewriteCond %{HTTP:Accept-Encoding} br
  RewriteCond %{REQUEST_FILENAME}.br -s
  RewriteRule ^(.+)$ $1.br [L]
  RewriteCond %{HTTP:Accept-Encoding} gzip
  RewriteCond %{REQUEST_FILENAME}.gz -s
  RewriteRule ^(.+)$ $1.gz [L]
</IfModule>
<IfModule mod_headers.c>
  <FilesMatch "\\.(br|gz)$">
    Header append Vary Accept-Encoding
  </FilesMatch>
  # Un SVG ouvert seul est un document du site : aucun script, aucun chargement (voir SECURITY.md). Sa copie
  # compressée (x.svg.br) aussi : FilesMatch voit le fichier envoyé, pas l'adresse demandée.
  <FilesMatch "\\.svg(\\.br|\\.gz)?$">
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
.wasm (application/wasm). Sous Apache, le .htaccess envoie aussi les copies compressées (.br, .gz)
aux navigateurs qui les acceptent (modules mod_rewrite et mod_headers) : le premier calcul arrive
bien plus vite sur un réseau lent. Pour nginx et Caddy, voir le guide d'hébergement du projet
(docs/hebergement.md).
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
