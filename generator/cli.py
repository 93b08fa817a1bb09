"""Command line: ``reperes build``, ``check``, ``serve``, ``edition``… in French, argparse's own messages included.

A thin layer: each subcommand is one block below — a function that declares its options, a
function that runs it — registered in COMMANDS; adding a subcommand is adding one such block.
User errors are printed as ``path:line: code: message`` — never a traceback — and the exit code is 1.
The national project is found wherever the command runs (generator/sources/find_project.py), and every next step the
CLI prints is a command that works as printed, from where it was printed (generator/sources/invocation.py, shared with
the messages of the sources and editions).
Each subcommand imports the stages it runs when it runs: « reperes --help » and « reperes serve » start
in 0.04 s instead of 2 s (MkDocs, pydantic and Jinja are not loaded).
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .site import BACKENDS, DEFAULT_BACKEND
from .sources.errors import SourcesInvalid
from .sources.find_project import find_project, is_project, shown_path
from .sources.invocation import installed, next_step, program, quoted

# argparse's own texts (Python 3.11 to 3.13), in French. %r placeholders become « %s »: no Python repr.
# Section titles end with a space: argparse adds the colon, French typography wants « options : ».
FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments ",
    "options": "options ",
    "show this help message and exit": "afficher cette aide et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un de ces arguments est obligatoire : %s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur « %s » ignorée",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : « %(value)s »",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : « %(value)s » (possibles : %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande inconnue : « %(parser_name)s » (possibles : %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, n: int) -> str:
    return french(singular if n == 1 else plural)


@contextlib.contextmanager
def argparse_in_french() -> Iterator[None]:
    """argparse looks its texts up through its module's ``_`` and ``ngettext`` (gettext)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = french, french_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    needs_project: bool = True  # args.project is then the national project's folder, found before ``run``


COMMANDS: list[Command] = []


def command(name: str, help: str, options: Callable[[argparse.ArgumentParser], None], needs_project: bool = True):
    """Register the decorated function as ``reperes <name>``."""
    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS.append(Command(name, help, options, run, needs_project))
        return run
    return register


# ------------------------------------------------------------------------------------------ reperes build

def _build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--edition", type=Path, metavar="DOSSIER", help="dossier d'une édition régionale")
    p.add_argument("--out", type=Path, metavar="DOSSIER", help=(
        "dossier de sortie, nouveau, vide ou déjà écrit par Repères (défaut : site/, ou build/ avec --all, "
        "dans le dossier courant)"))
    p.add_argument("--site-url", metavar="ADRESSE",
                   help="adresse où le site sera servi (remplace site_url ; la navigation instantanée en dépend)")
    p.add_argument("--zip", action="store_true", help="produire aussi une archive .zip du site, prête pour un intranet")
    p.add_argument("--all", action="store_true",
                   help="construire en parallèle l'édition nationale et toutes les éditions de editions/ (dans build/<id>/)")
    p.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND,
                   help="générateur de site qui construit l'arborescence : mkdocs (défaut) ou zensical")
    p.add_argument("--docs-tree", type=Path, metavar="DOSSIER",
                   help="écrire seulement l'arborescence MkDocs du site (pages Markdown finales et mkdocs.yml, "
                        "sans greffon Repères) dans DOSSIER, sans construire le site")
    _strict_option(p)


@command("build", "construire le site (défaut : site/)", _build_options)
def _build(args: argparse.Namespace) -> int:
    warnings: list = []
    if args.docs_tree:
        return _docs_tree(args, warnings)
    if args.all:
        from .build import build_all

        if args.zip:
            print("--all construit plusieurs sites : sans --zip (construisez chacun avec --edition … --zip).", file=sys.stderr)
            return 2
        out = args.out or Path("build")
        built = build_all(args.project, out, args.strict, warnings, args.backend)
        print_warnings(warnings)
        for name, path in built.items():
            print(f"{name} : {shown_path(path)}")
        print(f"{len(built)} sites construits, chacun autonome. Pour les consulter côte à côte : {serve_hint(out)}")
        return 0
    from .site.archive import zip_path
    from .build import build

    out = build(args.project, args.edition, args.out or Path("site"), args.site_url, args.strict, warnings, zip=args.zip,
                backend=args.backend)
    print_warnings(warnings)
    print(f"Site construit dans {shown_path(out)}. Pour le consulter : {serve_hint(out)}, puis http://localhost:8000/")
    if args.zip:
        print(f"Archive : {shown_path(zip_path(out))}")
    return 0


def _docs_tree(args: argparse.Namespace, warnings: list) -> int:
    from .build import docs_tree

    if args.all or args.zip or args.out:
        print("--docs-tree écrit une seule arborescence : sans --all, --zip ni --out.", file=sys.stderr)
        return 2
    folder = docs_tree(args.project, args.edition, args.docs_tree, args.site_url, args.strict, warnings)
    print_warnings(warnings)
    print(f"Arborescence MkDocs écrite dans {shown_path(folder)}. Pour la construire sans Repères : "
          f"{installed('mkdocs')} build -f {quoted(folder / 'mkdocs.yml')} (le site ainsi construit n'a ni terminologie sur le texte, "
          "ni espaces insécables, ni politique de sécurité : « reperes build » les ajoute).")
    return 0


# ------------------------------------------------------------------------------------------ reperes check

def _check_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--edition", type=Path, metavar="DOSSIER", help="dossier d'une édition régionale")
    _strict_option(p)


@command("check", "vérifier toutes les sources sans construire", _check_options)
def _check(args: argparse.Namespace) -> int:
    from .build import check

    warnings: list = []
    summary = check(args.project, args.edition, args.strict, warnings)
    print_warnings(warnings)
    print(f"Sources valides : {summary}.")
    return 0


# ------------------------------------------------------------------------------------------ reperes edition

def _strict_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true",
                   help="traiter les avertissements (par ex. national-changed) comme des erreurs : code de sortie 1")


def print_warnings(warnings: list) -> None:
    for warning in sorted(warnings, key=lambda p: (p.path, p.line or 0, p.code)):
        print(warning, file=sys.stderr)
    if warnings:
        print(f"{len(warnings)} avertissement(s) (« --strict » pour les traiter comme des erreurs).", file=sys.stderr)


def _edition_options(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", required=True, title="actions ", metavar="ACTION")
    new_p = actions.add_parser("new", help="créer un dossier d'édition valide, commenté, avec des exemples")
    new_p.add_argument("dossier", type=Path, help="dossier à créer (il ne doit pas exister, ou être vide)")
    new_p.add_argument("--id", help="identifiant de l'édition (défaut : nom du dossier)")
    accept_p = actions.add_parser("accept", help=(
        "après relecture, enregistrer la version nationale de tout ce que l'édition remplace ou retire "
        "(fait disparaître les avertissements national-changed)"))
    accept_p.add_argument("dossier", type=Path, help="dossier de l'édition")
    accept_p.add_argument("--garder-edition", action="store_true", help=(
        "garder la valeur de l'édition dans chaque conflit (edition-conflict) signalé par « reperes check »"))
    update_p = actions.add_parser("update", help=(
        "écrire dans les fichiers de l'édition les changements nationaux des valeurs qu'elle n'a pas modifiées "
        "(affiche le diff)"))
    update_p.add_argument("dossier", type=Path, help="dossier de l'édition")


@command("edition", "créer une édition régionale, la mettre à jour, enregistrer la version nationale relue", _edition_options)
def _edition(args: argparse.Namespace) -> int:
    if args.action == "update":
        return _edition_update(args)
    if args.action == "new":
        from .editions.scaffold import scaffold

        try:
            created = scaffold(args.project, args.dossier, args.id)
        except FileExistsError as exc:
            print(f"reperes : {exc}", file=sys.stderr)
            return 1
        for path in created:
            print(f"créé : {shown_path(path)}")
        print(f"Édition créée. Vérifiez-la : {next_step(args.project, args.dossier, 'check', '--edition', args.dossier)}")
        from .site.output_guard import free_output

        out = free_output(args.project, args.dossier)
        print(f"Puis construisez-la : {next_step(args.project, args.dossier, 'build', '--edition', args.dossier, '--out', out)}")
        return 0
    from .editions.scaffold import accept

    accepted = accept(args.project, args.dossier, args.garder_edition)
    for target in accepted:
        print(f"version nationale enregistrée : {target}")
    print(f"{len(accepted)} version(s) nationale(s) enregistrée(s) dans {shown_path(args.dossier / 'versions-nationales.yml')}.")
    return 0


def _edition_update(args: argparse.Namespace) -> int:
    """« reperes edition update DOSSIER »: the national changes the edition inherits, written, diff shown."""
    from .editions.update import update_edition

    done, conflicts = update_edition(args.project, args.dossier)
    for diff in done.diffs:
        print(diff, end="" if diff.endswith("\n") else "\n")
    for problem in done.problems + conflicts:
        print(problem, file=sys.stderr)
    where = next_step(args.project, args.dossier, "edition", "accept", args.dossier)
    if done.values:
        print(f"{done.values} changement(s) national(aux) écrit(s) dans {len(done.written)} fichier(s) de l'édition.")
    else:
        print("Aucun changement national à écrire dans l'édition.")
    if conflicts:
        print(f"{len(conflicts)} conflit(s) : pour chacun, écrivez la valeur nationale ou gardez la vôtre, puis "
              f"« {where} --garder-edition » (garde la valeur de l'édition dans les conflits restants).")
    elif done.values:
        print(f"Relisez le diff ci-dessus, puis : {where}")
    return 1 if done.problems else 0


# ------------------------------------------------------------------------------------------ reperes schemas

def _schemas_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("schemas"), metavar="DOSSIER", help="dossier de sortie (défaut : schemas/)")


@command("schemas", "écrire les schémas JSON des sources (autocomplétion dans l'éditeur)", _schemas_options, needs_project=False)
def _schemas(args: argparse.Namespace) -> int:
    from .editions.scaffold import write_schemas

    print(f"{len(write_schemas(args.out))} schémas écrits dans {args.out}")
    return 0


# ------------------------------------------------------------------------------------------ reperes serve

def _serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("dossier", type=Path, nargs="?", default=Path("site"), help="site construit (défaut : site/)")
    p.add_argument("--port", type=int, default=8000, help="port d'écoute (défaut : 8000)")


@command("serve", "prévisualiser un site construit (fichiers .br/.gz compris), comme un hébergeur bien réglé", _serve_options,
         needs_project=False)
def _serve(args: argparse.Namespace) -> int:
    from .site.serve import server

    folder = args.dossier
    if not folder.is_dir():
        print(f"{shown_path(folder)} introuvable : {_build_first(args.project, folder)}", file=sys.stderr)
        return 1
    try:
        httpd = server(folder, port=args.port)
    except OSError as exc:
        print(f"Port {args.port} indisponible ({exc.strerror}) : choisissez-en un autre, par ex. "
              f"{program()} serve {quoted(folder)} --port {args.port + 1}", file=sys.stderr)
        return 1
    print(f"Site {folder} servi sur http://localhost:{httpd.server_address[1]}/ (Ctrl+C pour arrêter)")
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
    return 0


# ------------------------------------------------------------------------------------------ shared

def _build_first(project: Path | None, folder: Path) -> str:
    """What to do when the site to serve is missing: the build that makes it, when it works from here."""
    from .site.output_guard import SITE, refusal

    edition = edition_here()
    try:
        project = find_project(project, edition)
    except SourcesInvalid:
        return f"donnez le dossier d'un site construit ({program()} serve DOSSIER)"
    if refusal(folder, SITE, "--out", project, edition, None) is not None:
        return f"donnez le dossier d'un site construit ({program()} serve DOSSIER)"
    words: list[str | Path] = ["--out", folder]
    if edition is not None:
        words = ["--edition", edition, *words]
    return f"construisez-le d'abord : {next_step(project, edition, 'build', *words)}"


def edition_here() -> Path | None:
    """The current folder, when it is an edition's (it holds edition.yml and is not a project): ``check`` and
    ``build`` then work on it without --edition."""
    return Path(".") if Path("edition.yml").is_file() and not is_project(Path.cwd()) else None


def serve_hint(folder: Path) -> str:
    return f"{program()} serve {quoted(folder)}"


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="reperes", description="Repères : construire et vérifier le référentiel.")
    main_parser.add_argument("--project", type=Path, metavar="DOSSIER", help=(
        "dossier du projet national (défaut : REPERES_PROJECT, « national: » de edition.yml, "
        "ou le dossier courant ou le plus proche au-dessus qui contient mkdocs.yml et content/)"))
    verbs = main_parser.add_subparsers(dest="verb", required=True, title="commandes ", metavar="COMMANDE")
    for cmd in COMMANDS:
        cmd.options(verbs.add_parser(cmd.name, help=cmd.help, description=cmd.help[:1].upper() + cmd.help[1:] + "."))
    return main_parser


# The system's refusals, in French (its own words are the C library's, in English).
SYSTEM_ERRORS = {errno.EACCES: "permission refusée", errno.EPERM: "opération non permise", errno.ENOENT: "introuvable",
                 errno.ENOTDIR: "un élément du chemin n'est pas un dossier", errno.EISDIR: "c'est un dossier",
                 errno.EEXIST: "existe déjà", errno.ENOSPC: "plus de place sur le disque",
                 errno.EROFS: "système de fichiers en lecture seule", errno.EXDEV: "autre système de fichiers",
                 errno.ENAMETOOLONG: "nom trop long", errno.EADDRINUSE: "adresse déjà utilisée"}


def _find_project(args: argparse.Namespace) -> None:
    """args.project becomes the national project's folder; run from inside an edition's folder, ``check`` and
    ``build`` work on that edition."""
    if args.verb in ("check", "build") and args.edition is None and not getattr(args, "all", False):
        args.edition = edition_here()
    edition = args.edition if args.verb in ("check", "build") else getattr(args, "dossier", None)
    args.project = find_project(args.project, edition)


def main(argv: list[str] | None = None) -> int:
    with argparse_in_french():
        args = parser().parse_args(argv)
    cmd = next(cmd for cmd in COMMANDS if cmd.name == args.verb)
    try:
        if cmd.needs_project:
            _find_project(args)
        return cmd.run(args)
    except SourcesInvalid as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problème(s) ; rien n'a été écrit."
              + (" (--strict : les avertissements comptent comme des erreurs)" if getattr(args, "strict", False) else ""),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the machine refused (rights, full disk, a file where a folder was expected): not a bug
        where = f"{exc.filename} : " if exc.filename else ""
        print(f"reperes : {where}{SYSTEM_ERRORS.get(exc.errno or 0, exc.strerror or type(exc).__name__)}. "
              "Vérifiez ce chemin et vos droits, puis relancez.", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug of ours: say so plainly; REPERES_DEBUG=1 shows the traceback
        if os.environ.get("REPERES_DEBUG"):
            raise
        print(f"reperes : erreur interne ({type(exc).__name__} : {exc}). Relancez avec REPERES_DEBUG=1 "
              "pour le détail et signalez-la.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
