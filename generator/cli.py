"""Command line: ``reperes build`` and ``reperes check``.

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
    _edition_verbs(verbs, build_p, check_p)
    args = parser.parse_args(argv)
    warnings: list = []
    try:
        if args.verb == "edition":
            return _edition(args)
        if args.verb == "schemas":
            from .scaffold import write_schemas

            print(f"{len(write_schemas(args.out))} schémas écrits dans {args.out}")
            return 0
        if args.verb == "check":
            from .build import check

            summary = check(args.project, args.edition, args.strict, warnings)
            _print_warnings(warnings)
            print(f"Sources valides : {summary}.")
        elif args.all:
            from .build import build_all

            built = build_all(args.project, args.out or args.project / "build", args.strict, warnings)
            _print_warnings(warnings)
            for name, path in built.items():
                print(f"{name} : {path}")
            print(f"{len(built)} sites construits, chacun autonome. Pour les consulter côte à côte : "
                  f"python3 -m http.server -d {(args.out or args.project / 'build')} 8000")
        else:
            from .build import build

            out = build(args.project, args.edition, args.out, args.site_url, args.strict, warnings)
            _print_warnings(warnings)
            print(f"Site construit dans {out}. Pour le consulter : python3 -m http.server -d {out} 8000, puis http://localhost:8000/")
            if args.zip:
                from .archive import make_zip

                print(f"Archive : {make_zip(out)}")
        return 0
    except SourcesInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problème(s) ; rien n'a été écrit."
              + (" (--strict : les avertissements comptent comme des erreurs)" if getattr(args, "strict", False) else ""),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: say so plainly; REPERES_DEBUG=1 shows the traceback
        if os.environ.get("REPERES_DEBUG"):
            raise
        print(f"reperes: erreur interne ({type(exc).__name__}: {exc}). Relancez avec REPERES_DEBUG=1 "
              "pour le détail et signalez-la.", file=sys.stderr)
        return 2


# -- Regional editions: « --strict », « reperes edition new|accept » (kept together to ease merges) ----------

def _edition_verbs(verbs, build_p, check_p) -> None:
    for sub in (build_p, check_p):
        sub.add_argument("--strict", action="store_true",
                         help="traiter les avertissements (par ex. national-changed) comme des erreurs : code de sortie 1")
    edition_p = verbs.add_parser("edition", help="créer une édition régionale, ou enregistrer la version nationale relue")
    actions = edition_p.add_subparsers(dest="action", required=True)
    new_p = actions.add_parser("new", help="créer un dossier d'édition valide, commenté, avec des exemples")
    new_p.add_argument("dossier", type=Path, help="dossier à créer (il ne doit pas exister, ou être vide)")
    new_p.add_argument("--id", help="identifiant de l'édition (défaut : nom du dossier)")
    accept_p = actions.add_parser("accept", help=(
        "après relecture, enregistrer la version nationale de tout ce que l'édition remplace ou retire "
        "(fait disparaître les avertissements national-changed)"))
    accept_p.add_argument("dossier", type=Path, help="dossier de l'édition")
    schemas_p = verbs.add_parser("schemas", help="écrire les schémas JSON des sources (autocomplétion dans l'éditeur)")
    schemas_p.add_argument("--out", type=Path, default=Path("schemas"), help="dossier de sortie (défaut : schemas/)")


def _edition(args) -> int:
    if args.action == "new":
        from .scaffold import scaffold

        try:
            created = scaffold(args.project, args.dossier, args.id)
        except FileExistsError as exc:
            print(f"reperes: {exc}", file=sys.stderr)
            return 1
        for path in created:
            print(f"créé : {path}")
        print(f"Édition créée. Vérifiez-la : reperes check --edition {args.dossier}")
        return 0
    from .build import accept

    accepted = accept(args.project, args.dossier)
    for target in accepted:
        print(f"version nationale enregistrée : {target}")
    print(f"{len(accepted)} version(s) nationale(s) enregistrée(s) dans {args.dossier / 'versions-nationales.yml'}.")
    return 0


def _print_warnings(warnings: list) -> None:
    for warning in sorted(warnings, key=lambda p: (p.path, p.line or 0, p.code)):
        print(warning, file=sys.stderr)
    if warnings:
        print(f"{len(warnings)} avertissement(s) (« --strict » pour les traiter comme des erreurs).", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
