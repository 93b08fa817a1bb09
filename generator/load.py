"""Stage 1 — load: find every source file and read it, keeping positions.

Nothing is interpreted here beyond YAML syntax and front matter; problems are
collected, never raised, so one run reports them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import EmptyFile, NotUtf8, Problem, UnknownKey, UnsafeFile, YamlSyntax
from .models import COLLECTIONS
from .yamlpos import Located, parse_yaml

MAX_BYTES = 2_000_000  # a source file larger than this is a mistake, not content
YAML_SUFFIXES = {".yml", ".yaml"}


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
        if not config.is_file():
            files.append(SourceFile(rel, "edition", None, None, layer="edition", problems=[
                EmptyFile.at(rel, None, expected="un fichier edition.yml dans le dossier de l'édition")]))
        else:
            loaded = _read_yaml(config, root, "edition", None)
            loaded.layer = "edition"
            files.append(loaded)
        files += _layer(edition_root, root, "edition")
    return Sources(root, files, edition_root)


def _layer(folder: Path, root: Path, layer: str) -> list[SourceFile]:
    files = [*_collections(folder, root), *_pages(folder, root), *_criteria(folder, root)]
    for f in files:
        f.layer = layer
    return files


def _collections(base: Path, root: Path) -> list[SourceFile]:
    files: list[SourceFile] = []
    content = base / "content"
    if content.is_dir():
        for entry in sorted(content.iterdir()):
            rel = _rel(entry, root)
            if entry.name == "pages" or entry.name.startswith("."):
                continue
            if entry.is_dir() and entry.name in COLLECTIONS:
                for path in _yaml_files(entry):
                    files.append(_read_yaml(path, root, "collection", entry.name))
            elif entry.suffix in YAML_SUFFIXES or entry.is_dir():
                files.append(SourceFile(rel, "collection", None, None, problems=[
                    UnknownKey.at(rel, None, key=entry.name, expected=", ".join(sorted(COLLECTIONS)) + " ou pages")
                ]))
    return files


def _pages(base: Path, root: Path) -> list[SourceFile]:
    pages = base / "content" / "pages"
    if not pages.is_dir():
        return []
    out = []
    for path in sorted(pages.rglob("*.md")):
        page = _read_page(path, root)
        page.page_uri = path.relative_to(pages).as_posix()
        page.path = path
        out.append(page)
    return out


def _criteria(base: Path, root: Path) -> list[SourceFile]:
    criteria = base / "criteria"
    return [_read_yaml(path, root, "criterion", "criteria") for path in _yaml_files(criteria)] if criteria.is_dir() else []


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.name.startswith("."))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()  # an edition kept in another repository: show where it is


def _read_text(path: Path, root: Path, rel: str) -> tuple[str | None, list[Problem]]:
    real = path.resolve()
    if path.is_symlink() and not real.is_relative_to(root):
        return None, [UnsafeFile.at(rel, None, problem=f"lien symbolique vers l'extérieur du projet ({real}) : refusé")]
    if not real.is_file():
        return None, [UnsafeFile.at(rel, None, problem="ce n'est pas un fichier ordinaire")]
    size = real.stat().st_size
    if size > MAX_BYTES:
        return None, [UnsafeFile.at(rel, None, problem=f"fichier trop gros ({size} octets ; maximum {MAX_BYTES})")]
    raw = real.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [NotUtf8.at(rel, line, problem=f"octet 0x{raw[exc.start]:02x} à la position {exc.start}")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        return None, [NotUtf8.at(rel, None, problem="caractère nul : fichier binaire ?")]
    return text, []


def _read_yaml(path: Path, root: Path, kind: str, collection: str) -> SourceFile:
    rel = _rel(path, root)
    text, problems = _read_text(path, root, rel)
    if text is None:
        return SourceFile(rel, kind, collection, None, problems=problems)
    doc, problems = parse_yaml(text, rel)
    if doc is not None and doc.data is None:
        expected = {"collection": "un bloc « reviewed: » et « records: »", "criterion": "une fiche de grille"}.get(kind, "une édition")
        return SourceFile(rel, kind, collection, None, problems=[EmptyFile.at(rel, 1, expected=expected)])
    return SourceFile(rel, kind, collection, doc, problems=problems)


def _read_page(path: Path, root: Path) -> SourceFile:
    rel = _rel(path, root)
    text, problems = _read_text(path, root, rel)
    if text is None:
        return SourceFile(rel, "page", None, None, problems=problems)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
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
