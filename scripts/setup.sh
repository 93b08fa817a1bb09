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
echo "• Installation des dépendances Python (pip)…"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"

echo "• Installation des fichiers du navigateur (npm : Pyodide, axe-core)…"
npm ci --no-audit --no-fund --loglevel=error

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "• Installation de Chromium (Debian) pour les tests en navigateur…"
  apt_install chromium
fi
