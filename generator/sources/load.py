"""Stage 1 — load: find every source file and read it, keeping positions.

Nothing is interpreted here beyond YAML syntax and front matter; problems are
collected, never raised, so one run reports them all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import EmptyFile, MissingFile, NotUtf8, Problem, UnknownKey, UnsafeFile, YamlSyntax
from .invocation import next_step
from .models import COLLECTIONS
from .yamlpos import Located, parse_yaml

MAX_BYTES = 2_000_000  # a source file larger than this is a mistake, not content
YAML_SUFFIXES = {".yml", ".yaml"}
PUBLISHED_AS_IS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"}  # never SVG or HTML: they can carry script
# File and folder names end up in addresses, menus and messages: plain names only.
SAFE_NAME = re.compile(r"^\w[\w.-]*$")
# The ids a file that cannot be parsed seems to define: links to them are not reported as unknown too.
ID_LINE = re.compile(r"^[ -]*id: *[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']? *$", re.M)


@dataclass
class SourceFile:
    """One file of the project, read but not yet validated."""

    rel: str  # path shown in messages, relative to the project folder (or absolute when outside it)
    kind: str  # "collection", "criterion", "page" or "edition" (edition.yml)
    collection: str | None
    doc: Located | None  # YAML document, or a page's front matter
    body: str = ""  # Markdown body of a page
    body_line: int = 1  # line number of the body's first line
    problems: list[Problem] = field(default_factory=list)
    layer: str = "national"  # or "edition"
    page_uri: str | None = None  # for pages: path under content/pages
    path: Path | None = None  # where the file is
    guessed_ids: list[str] = field(default_factory=list)  # when it cannot be parsed: the ids it seems to define


@dataclass
class Sources:
    root: Path
    files: list[SourceFile]
    edition_root: Path | None = None

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]


def load(root: Path, edition: Path | None = None) -> Sources:
    """Read the national sources under ``root`` and, when given, an edition folder."""
    root = root.resolve()
    files = _layer(root, root, "national")
    edition_root = None
    if edition is not None:
        edition_root = edition.resolve()
        config = edition_root / "edition.yml"
        rel = _rel(config, root)
        if not (config.is_file() or config.is_symlink()):
            files.append(SourceFile(rel, "edition", None, None, layer="edition", problems=[
                MissingFile.at(rel, None, expected=_create(root, edition))]))
        else:
            loaded = _read_yaml(config, edition_root, root, "edition", None)
            loaded.layer = "edition"
            files.append(loaded)
        files += _layer(edition_root, root, "edition")
    return Sources(root, files, edition_root)


def _create(root: Path, edition: Path) -> str:
    """What to do about an edition folder without edition.yml: the command that creates one there, when it can."""
    expected = "un fichier edition.yml dans le dossier de l'édition"
    if edition.is_dir() and any(edition.iterdir()):  # « edition new » writes only into a new or empty folder
        return f"{expected} (ce dossier n'en a pas : désignez le dossier de l'édition, celui qui contient edition.yml)"
    return f"{expected} (« {next_step(root, None, 'edition', 'new', edition)} » en crée un)"


def _layer(base: Path, root: Path, layer: str) -> list[SourceFile]:
    """Every source file under ``base`` (the national folder or an edition's); paths shown relative to ``root``."""
    files = [*_collections(base, root), *_pages(base, root), *_criteria(base, root)]
    for f in files:
        f.layer = layer
    return files


def _collections(base: Path, root: Path) -> list[SourceFile]:
    content = base / "content"
    if not content.is_dir():
        return []
    if refused := _refused_dir(content, base, root):
        return [refused]
    files: list[SourceFile] = []
    for entry in sorted(content.iterdir()):
        rel = _rel(entry, root)
        if entry.name == "pages" or entry.name.startswith("."):
            continue
        if entry.is_dir() and entry.name in COLLECTIONS:
            if refused := _refused_dir(entry, base, root):
                files.append(refused)
                continue
            for path in _yaml_files(entry):
                files.append(_read_yaml(path, base, root, "collection", entry.name))
        elif entry.suffix in YAML_SUFFIXES or entry.is_dir():
            files.append(SourceFile(rel, "collection", None, None, problems=[
                UnknownKey.at(rel, None, key=entry.name, expected=", ".join(sorted(COLLECTIONS)) + " ou pages")
            ]))
    return files


def _pages(base: Path, root: Path) -> list[SourceFile]:
    """Markdown pages, walked by hand: MkDocs publishes whatever content/pages holds, links included."""
    pages = base / "content" / "pages"
    if not pages.is_dir():
        return []
    if refused := _refused_dir(pages, base, root):
        return [refused]
    out: list[SourceFile] = []
    folders = [pages]
    while folders:  # a loop, not recursion: folders may nest deeper than Python's stack
        for entry in sorted(folders.pop().iterdir()):
            if entry.name.startswith("."):
                continue  # MkDocs leaves hidden files out of the site
            if entry.is_dir():
                if refused := _refused_dir(entry, base, root) or _linked_dir(entry, root):
                    out.append(refused)
                else:
                    folders.append(entry)
            elif entry.suffix == ".md":
                page = _read_page(entry, base, root)
                page.page_uri = entry.relative_to(pages).as_posix()
                page.path = entry
                out.append(page)
            elif why := unsafe_path(entry, base) or (None if entry.suffix.lower() in PUBLISHED_AS_IS else (
                    "seules des pages Markdown (.md), des images (PNG, JPEG, GIF, WebP) et des PDF vont dans "
                    "content/pages : MkDocs publierait ce fichier tel quel")):
                rel = _rel(entry, root)
                out.append(SourceFile(rel, "page", None, None, problems=[UnsafeFile.at(rel, None, problem=why)]))
    return sorted(out, key=lambda f: PurePosixPath(f.rel).parts)  # the order of sorted(rglob(…))


def _linked_dir(folder: Path, root: Path) -> SourceFile | None:
    """A linked folder inside content/pages: MkDocs would follow it (and loop on a link to a parent)."""
    if not folder.is_symlink():
        return None
    rel = _rel(folder, root)
    return SourceFile(rel, "page", None, None, problems=[UnsafeFile.at(rel, None, problem=(
        f"lien symbolique vers un dossier ({_real(folder)}) : refusé dans content/pages ; déplacez-y les pages"))])


def _criteria(base: Path, root: Path) -> list[SourceFile]:
    criteria = base / "criteria"
    if not criteria.is_dir():
        return []
    if refused := _refused_dir(criteria, base, root):
        return [refused]
    return [_read_yaml(path, base, root, "criterion", "criteria") for path in _yaml_files(criteria)]


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.name.startswith("."))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()  # an edition kept in another repository: show where it is


def _real(path: Path) -> str:
    try:
        return str(path.resolve(strict=True))
    except (OSError, RuntimeError):
        return "introuvable"


def unsafe_path(path: Path, base: Path) -> str | None:
    """Why ``path`` may not be read as a source of the folder ``base``; None when it may."""
    if not SAFE_NAME.match(path.name):
        return ("nom de fichier refusé : lettres, chiffres, « . », « - » et « _ » seulement "
                "(ni espace, ni guillemet, ni « < »)")
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, or links that point at each other
        return "lien symbolique cassé ou qui boucle sur lui-même"
    if not real.is_relative_to(base):
        return f"lien symbolique vers l'extérieur du dossier ({real}) : refusé"
    return None


def _refused_dir(folder: Path, base: Path, root: Path) -> SourceFile | None:
    if why := unsafe_path(folder, base):
        rel = _rel(folder, root)
        return SourceFile(rel, "collection", None, None, problems=[UnsafeFile.at(rel, None, problem=why)])
    return None


def _read_text(path: Path, base: Path, rel: str) -> tuple[str | None, list[Problem]]:
    if why := unsafe_path(path, base):
        return None, [UnsafeFile.at(rel, None, problem=why)]
    real = path.resolve()
    if not real.is_file():
        return None, [UnsafeFile.at(rel, None, problem="ce n'est pas un fichier ordinaire")]
    size = real.stat().st_size
    if size > MAX_BYTES:
        return None, [UnsafeFile.at(rel, None, problem=f"fichier trop gros ({size} octets ; maximum {MAX_BYTES})")]
    try:
        with real.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except OSError as exc:
        return None, [UnsafeFile.at(rel, None, problem=f"fichier illisible ({exc.strerror})")]
    if len(raw) > MAX_BYTES:
        return None, [UnsafeFile.at(rel, None, problem=f"fichier trop gros (plus de {MAX_BYTES} octets)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [NotUtf8.at(rel, line, problem=f"octet 0x{raw[exc.start]:02x} à la position {exc.start}")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [NotUtf8.at(rel, line, problem="caractère nul : fichier binaire ?")]
    return text, []


def _read_yaml(path: Path, base: Path, root: Path, kind: str, collection: str | None) -> SourceFile:
    rel = _rel(path, root)
    text, problems = _read_text(path, base, rel)
    if text is None:
        return SourceFile(rel, kind, collection, None, problems=problems)
    doc, problems = parse_yaml(text, rel)
    if doc is not None and doc.data is None:
        expected = {"collection": "un bloc « reviewed: » et « records: »", "criterion": "une fiche de grille"}.get(kind, "une édition")
        return SourceFile(rel, kind, collection, None, problems=[EmptyFile.at(rel, 1, expected=expected)])
    guessed = ID_LINE.findall(text) if doc is None else []
    return SourceFile(rel, kind, collection, doc, problems=problems, guessed_ids=guessed)


def _read_page(path: Path, base: Path, root: Path) -> SourceFile:
    rel = _rel(path, root)
    text, problems = _read_text(path, base, rel)
    if text is None:
        return SourceFile(rel, "page", None, None, problems=problems)
    if not text.strip():
        return SourceFile(rel, "page", None, None, problems=[
            EmptyFile.at(rel, 1, expected="un bloc « --- » (title, reviewed, sources) puis le texte de la page")])
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        return SourceFile(rel, "page", None, None, body=text, problems=[
            YamlSyntax.at(rel, 1, problem="la page doit commencer par un bloc « --- » (title, reviewed, sources)")
        ])
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        return SourceFile(rel, "page", None, None, problems=[YamlSyntax.at(rel, 1, problem="bloc « --- » jamais refermé")])
    doc, problems = parse_yaml("".join(lines[1:end]), rel, offset=1)
    if doc is not None and doc.data is None:
        problems = problems + [EmptyFile.at(rel, 1, expected="title, reviewed et sources dans le bloc « --- »")]
        doc = None
    return SourceFile(rel, "page", None, doc, body="".join(lines[end + 1 :]), body_line=end + 2, problems=problems)
