"""Command line: ``reperes build``, ``reperes check`` and ``reperes serve``.

A thin layer: each verb parses its options and calls one library function.
User errors are printed as ``path:line: code: message`` — never a traceback —
and the exit code is 1.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import SourcesInvalid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reperes", description="Repères : construire et vérifier le référentiel.")
    parser.add_argument("--project", type=Path, default=Path("."), help="dossier du projet (défaut : dossier courant)")
    verbs = parser.add_subparsers(dest="verb", required=True)
    build_p = verbs.add_parser("build", help="construire le site (défaut : site/)")
    build_p.add_argument("--edition", type=Path, help="dossier d'une édition régionale")
    build_p.add_argument("--out", type=Path, help="dossier de sortie (défaut : site/, ou build/ avec --all)")
    build_p.add_argument("--site-url", help="adresse où le site sera servi (remplace site_url ; la navigation instantanée en dépend)")
    build_p.add_argument("--zip", action="store_true", help="produire aussi une archive .zip du site, prête pour un intranet")
    build_p.add_argument("--all", action="store_true",
                         help="construire en parallèle l'édition nationale et toutes les éditions de editions/ (dans build/<id>/)")
    check_p = verbs.add_parser("check", help="vérifier toutes les sources sans construire")
    check_p.add_argument("--edition", type=Path, help="dossier d'une édition régionale")
    serve_p = verbs.add_parser("serve", help="prévisualiser un site construit (fichiers .br/.gz compris), comme un hébergeur bien réglé")
    serve_p.add_argument("dossier", type=Path, nargs="?", default=Path("site"), help="site construit (défaut : site/)")
    serve_p.add_argument("--port", type=int, default=8000, help="port d'écoute (défaut : 8000)")
    args = parser.parse_args(argv)
    try:
        if args.verb == "serve":
            return _serve(args.dossier, args.port)
        if args.verb == "check":
            from .build import check

            summary = check(args.project, args.edition)
            print(f"Sources valides : {summary}.")
        elif args.all:
            from .build import build_all

            built = build_all(args.project, args.out or args.project / "build")
            for name, path in built.items():
                print(f"{name} : {path}")
            print(f"{len(built)} sites construits, chacun autonome. Pour les consulter côte à côte : "
                  f"reperes serve {(args.out or args.project / 'build')}")
        else:
            from .build import build

            out = build(args.project, args.edition, args.out, args.site_url)
            print(f"Site construit dans {out}. Pour le consulter : reperes serve {out}, puis http://localhost:8000/")
            if args.zip:
                from .archive import make_zip

                print(f"Archive : {make_zip(out)}")
        return 0
    except SourcesInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problème(s) ; rien n'a été écrit.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: say so plainly; REPERES_DEBUG=1 shows the traceback
        if os.environ.get("REPERES_DEBUG"):
            raise
        print(f"reperes: erreur interne ({type(exc).__name__}: {exc}). Relancez avec REPERES_DEBUG=1 "
              "pour le détail et signalez-la.", file=sys.stderr)
        return 2


def _serve(folder: Path, port: int) -> int:
    from .serve import server

    if not folder.is_dir():
        print(f"{folder} introuvable : lancez d'abord « reperes build ».", file=sys.stderr)
        return 1
    httpd = server(folder, port=port)
    print(f"Site {folder} servi sur http://localhost:{httpd.server_address[1]}/ (Ctrl+C pour arrêter)")
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
