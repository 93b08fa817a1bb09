"""The web server settings written into every built site: .htaccess (Apache) and web.config (IIS).

They travel with the folder (and so with its zip): copied to an Apache host that lets a site set its own
rules (« AllowOverride FileInfo », docs/hebergement.md), the site is served as it is, compressed copies
included. nginx and Caddy read no file from the site: their settings are in docs/hebergement.md. Both files
are written after the service worker's list and the compression (generator/site/write.py): a server never sends
them (Apache refuses « .ht* », IIS « web.config »), so the worker must not ask for them.
"""
from __future__ import annotations

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


def write_server_settings(site: Path) -> None:
    for name, text in {".htaccess": HTACCESS, "web.config": WEB_CONFIG}.items():
        (site / name).write_text(text, encoding="utf-8")
