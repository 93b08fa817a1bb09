"""Errors are data: a stable code, a message template and a location.

Tests assert codes and locations, never wording, so messages can improve
freely. The authors' reference page lists every code from ``ERROR_TYPES``.
Messages are in French (the authors are French-speaking) and say what was
expected and what was found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

MAX_SHOWN = 500  # characters of one message part (a source value quoted in it may be 100 000 characters long)
# Characters that would break the one-line « path:line: code: message » format, drive the terminal
# (escape sequences) or reorder what is read (bidi controls): line breaks become spaces, the others \uXXXX.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def shown(text: str, limit: int | None = MAX_SHOWN) -> str:
    """Source text as quoted in a message: invisible characters made visible, length bounded."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _INVISIBLE.sub(lambda m: " " if m.group(0) in "\t\n\r" else f"\\u{ord(m.group(0)):04x}", text)


def field_label(path: tuple) -> str:
    """A value's place as authors read it: « records[2].sources[1].ref »."""
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, int) else (("." if text else "") + str(step))
    return text or "(racine)"


@dataclass(frozen=True)
class Problem:
    """One problem found in the sources, printed as ``path:line: code: message``."""

    code: str
    message: str
    path: str
    line: int | None = None
    severity: str = "error"  # or "warning": reported, but fatal only with --strict (as in Sphinx -W)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "avertissement: " if self.is_warning else ""
        return f"{where}: {label}{self.code}: {self.message}"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"


class ErrorType:
    code: ClassVar[str]
    template: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[str] = "error"

    @classmethod
    def at(cls, path: str, line: int | None, **params: object) -> Problem:
        params = {k: shown(v) if isinstance(v, str) else v for k, v in params.items()}
        return Problem(cls.code, cls.template.format(**params), shown(path, None), line, cls.severity)


def _error(code: str, template: str, description: str, severity: str = "error") -> type[ErrorType]:
    cls = type(code.title().replace("-", ""), (ErrorType,),
               {"code": code, "template": template, "description": description, "severity": severity})
    ERROR_TYPES[code] = cls
    return cls


ERROR_TYPES: dict[str, type[ErrorType]] = {}

YamlSyntax = _error("yaml-syntax", "YAML illisible : {problem}", "Le fichier n'est pas du YAML valide (indentation, deux-points, guillemets).")
DuplicateKey = _error("duplicate-key", "la clé « {key} » apparaît deux fois dans le même bloc (première fois ligne {first})", "Une même clé est écrite deux fois : la seconde écraserait la première en silence.")
NotUtf8 = _error("not-utf8", "le fichier n'est pas encodé en UTF-8 ({problem})", "Les fichiers sources doivent être enregistrés en UTF-8.")
EmptyFile = _error("empty-file", "le fichier est vide ; attendu : {expected}", "Un fichier source ne contient rien.")
MissingFile = _error("missing-file", "fichier introuvable ; attendu : {expected}", "Un fichier obligatoire manque (par ex. edition.yml dans le dossier d'une édition).")
UnsafeFile = _error("unsafe-file", "{problem}", "Fichier refusé : lien symbolique vers l'extérieur du projet, fichier trop gros, etc.")
UnknownKey = _error("unknown-key", "clé inconnue « {key} » ; clés possibles ici : {expected}", "Une clé n'appartient pas au format (faute de frappe ?).")
MissingField = _error("missing-field", "champ obligatoire « {field} » absent", "Un champ obligatoire manque.")
InvalidValue = _error("invalid-value", "« {field} » : attendu {expected}, trouvé {found}", "Une valeur n'a pas le type ou la forme attendus.")
MissingSource = _error("missing-source", "la fiche « {id} » n'indique aucune source : chaque fiche doit avoir « sources: » avec au moins une référence et son localisateur{hint}", "Une fiche n'a pas de source.")
MissingJurisdiction = _error("missing-jurisdiction", "la fiche « {id} » ne dit pas où s'applique sa source : ajoutez « jurisdiction: » avec une ou plusieurs valeurs parmi france, quebec, international (par exemple « jurisdiction: [france] »)", "Une fiche ou un outil ne dit pas où s'applique sa source (France, Québec, international).")
DuplicateId = _error("duplicate-id", "identifiant « {id} » déjà utilisé dans {other}", "Deux fiches d'une même collection ont le même identifiant.")
UnknownReference = _error("unknown-reference", "« {target} » ne correspond à aucune fiche connue{hint}", "Un lien, une source ou une question désigne un identifiant qui n'existe pas.")
InvalidMarkup = _error("invalid-markup", "{problem}", "Balisage refusé dans un texte : HTML brut, lien « javascript: », marqueur mal formé.")
InvalidRule = _error("invalid-rule", "{problem}", "Une règle de grille est incohérente (question inconnue, option absente, cas d'exemple qui cite une question ou une réponse impossible).")
ExampleMismatch = _error("example-mismatch", "cas d'exemple « {name} » : {problem}", "Un cas d'exemple d'un outil n'obtient pas, avec la règle de l'outil, le résultat qu'il annonce (résultat, repérage ou score).")
UnknownOverride = _error("unknown-override", "« {target} » : {problem}", "Une édition remplace ou retire une fiche ou une page qui n'existe pas dans le référentiel national.")
UnjustifiedOverride = _error("unjustified-override", "« {target} » : {problem}", "Une édition modifie une règle ou un seuil sans justification ni source propre à l'édition.")
TerminologyUnused = _error("terminology-unused", "le terme « {term} » n'apparaît nulle part dans le texte publié : remplacement sans effet", "Une entrée de la table de terminologie ne correspond à aucun texte.")
LowContrast = _error("low-contrast", "couleur {color} : contraste {ratio:.2f}:1 avec le texte blanc (4,5:1 au minimum)", "La couleur principale d'une édition rend le texte blanc illisible.")
InvalidTerm = _error("invalid-term", "terme « {term} » refusé : {problem}", "Une entrée de la table de terminologie est refusée : alphabets mélangés (caractères trompeurs), libellé de réponse d'un outil, aucun mot.")
PathCollision = _error("path-collision", "« {page} » : {problem}", "Deux pages auraient la même adresse sur un hébergement qui ne distingue pas majuscules et minuscules.")
NationalChanged = _error("national-changed", "« {target} » : {problem}", "Avertissement : la fiche, la page ou l'outil national que l'édition remplace ou retire a changé depuis sa dernière relecture (« reperes edition accept »).", "warning")
NationalUnrecorded = _error("national-unrecorded", "« {target} » : {problem}", "Avertissement : aucune version nationale n'est enregistrée pour ce remplacement ou ce retrait (« reperes edition accept »).", "warning")
InheritedStale = _error("inherited-stale", "« {target} », {where} : {change} — {next}", "Avertissement : une valeur que l'édition n'a pas modifiée a changé dans le référentiel national ; le site suit la valeur nationale, « reperes edition update » l'écrit dans le fichier de l'édition. « reperes edition accept » refuse tant qu'il en reste.", "warning")
EditionConflict = _error("edition-conflict", "« {target} », {where} : le référentiel national et l'édition ont changé la même valeur — national avant : {base} ; national maintenant : {national} ; édition : {edition}. La valeur de l'édition est gardée. {next}", "Avertissement : le référentiel national et l'édition ont changé la même valeur ; la valeur de l'édition est gardée. Le message donne les trois valeurs (national avant, national maintenant, édition). « reperes edition accept » refuse tant que l'agence n'a pas choisi.", "warning")
Placeholder = _error("placeholder", "{problem}", "Avertissement : une adresse, un numéro ou un texte d'exemple (example.org, « à remplacer »…) est resté dans l'édition ; à remplacer avant publication.", "warning")
BuildFailed = _error("build-failed", "{problem}", "Le générateur de site (MkDocs, ou Zensical avec « --backend zensical ») a signalé un problème pendant la construction (lien cassé, avertissement en mode strict).")
ThemeMismatch = _error("theme-mismatch", "étape « {step} » de la finition du site : {problem}", "Une étape de la finition du site (generator/site/postpass.py) ne trouve pas le fichier ou le motif du thème qu'elle attend : le thème ou le générateur de site a changé. Le site n'est pas publié à moitié fini.")
# Where a command runs and where it writes (generator/sources/find_project.py, generator/site/output_guard.py): reported
# before anything is read or built, so a refusal costs nothing and touches nothing.
ProjectNotFound = _error("project-not-found", "aucun projet national trouvé ({searched}) : {how}", "Aucun projet national (dossier qui contient mkdocs.yml et content/) n'est désigné, ni trouvé au-dessus du dossier courant ou du dossier de l'édition.")
NotAProject = _error("not-a-project", "{folder} n'est pas un projet Repères (il y faut mkdocs.yml et content/) : {how}", "Le dossier désigné comme projet national (--project, REPERES_PROJECT ou « national: » dans edition.yml) n'en est pas un.")
OutputInSources = _error("output-in-sources", "{problem} : la construction le remplacerait ; {how}", "Le dossier de sortie est le projet, un dossier au-dessus de lui, un dossier de sources (content/, criteria/, editions/, le dossier de l'édition) ou un dossier qui en contient ou qui s'y trouve.")
OutputProtected = _error("output-protected", "{problem} : la construction le remplacerait ; {how}", "Le dossier de sortie est le dossier personnel ou la racine du système.")
OutputNotOurs = _error("output-not-ours", "{problem} ; {how}", "Le dossier de sortie n'est pas vide et n'a pas été écrit par Repères (ou c'est un fichier) : il n'est jamais remplacé.")


@dataclass
class Report:
    """Collects every problem of a run, so one run reports them all."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for p in problems:
            self.add(p)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.code))


def split(problems: list[Problem], strict: bool = False) -> tuple[list[Problem], list[Problem]]:
    """(fatal, warnings): with ``strict``, every warning is fatal too (as Sphinx -W, MkDocs --strict)."""
    fatal = [p for p in problems if strict or not p.is_warning]
    return fatal, [p for p in problems if p.is_warning and not strict]


class SourcesInvalid(Exception):
    """Raised by a stage when the sources have problems; carries them all (warnings included)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.code))
        super().__init__("\n".join(str(p) for p in self.problems))
