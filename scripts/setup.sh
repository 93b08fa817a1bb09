#!/usr/bin/env bash
# Installs everything Repères needs on a fresh Debian machine (Python 3.11, Node 20, run as root).
# Idempotent: a second run only checks. Usage: scripts/setup.sh [--browser]
#   --browser  also installs Debian's Chromium, which the browser tests drive with Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  # apt-get needs a fresh package list once per machine; install quietly, without prompts.
  if [ -z "${REPERES_APT_UPDATED:-}" ]; then apt-get update -qq; export REPERES_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  echo "• Installation de python3-venv (Debian)…"
  apt_install python3-venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "• Création de l'environnement Python .venv…"
  python3 -m venv .venv
fi
echo "• Installation des dépendances Python (uv, sinon pip)…"
# uv (from PyPI, pinned) installs the same pinned packages as pip, in parallel: seconds instead of a minute
# on a fresh clone. Where it cannot be installed, pip does the work.
if .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9" 2>/dev/null; then
  .venv/bin/uv pip install --quiet --python .venv/bin/python -e ".[test,zensical]"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,zensical]"
fi

echo "• Installation des fichiers du navigateur (npm : Pyodide, axe-core, fhirpath)…"
npm ci --no-audit --no-fund --loglevel=error

# The engine's tests also run inside Pyodide, with pytest's pure-Python wheels taken from local files,
# kept once per machine beside the build cache (the same folder as generator/cache.py and
# tests/engine/pyodide_harness.py): a fresh clone does not download them again.
wheels="${REPERES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reperes}/pyodide-wheels"
if ! cmp -s tests/engine/pyodide-wheels.txt "$wheels/pyodide-wheels.txt"; then
  echo "• Téléchargement des paquets Python des tests dans Pyodide (pip download)…"
  rm -rf "$wheels" && mkdir -p "$wheels"
  .venv/bin/python -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --dest "$wheels" -r tests/engine/pyodide-wheels.txt
  cp tests/engine/pyodide-wheels.txt "$wheels/"
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "• Installation de Chromium (Debian) pour les tests en navigateur…"
  apt_install chromium
fi
# The hosting guide's settings (docs/hebergement.md) are tested as written with Debian's servers (tests/test_hosting.py),
# and the zip as unzip unpacks it. The servers are only started by that test, on free loopback ports: the packages
# must not start a service.
if [ "${1:-}" = "--browser" ] && ! { [ -x /usr/sbin/nginx ] && [ -x /usr/sbin/apache2 ] && [ -x /usr/bin/caddy ] \
    && [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] && [ -x /usr/bin/unzip ]; }; then
  echo "• Installation de nginx, Apache et Caddy (Debian) pour tester les réglages d'hébergement…"
  policy=/usr/sbin/policy-rc.d
  [ -e "$policy" ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; trap 'rm -f "$policy"' EXIT; }
  apt_install nginx-light libnginx-mod-http-brotli-static apache2 caddy unzip
fi
