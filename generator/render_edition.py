"""What an edition adds to the site: the « Écarts » page, notices, contacts, brand."""
from __future__ import annotations

import posixpath
import re

from markupsafe import escape

from .editions import Change
from .links import href, record_uri
from .models.edition import Contact, Edition

CHANGES_URI = "edition/ecarts.md"
KIND = {"remplacee": "Remplacée", "ajoutee": "Ajoutée", "retiree": "Retirée"}


def page_url(src_uri: str) -> str:
    """Directory URL of the page built from ``src_uri`` (relative to the site root)."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def national_link(edition: Edition, src_uri: str, from_uri: str) -> str:
    base = edition.national_url
    if not base.endswith("/"):
        base += "/"
    if "://" in base:
        return base + page_url(src_uri)
    # Relative national URL (editions published beside the national site): from this page's folder.
    depth = len(page_url(from_uri).split("/")) - 1 if page_url(from_uri) else 0
    return "../" * depth + base + page_url(src_uri)


def target_uri(change: Change) -> str:
    if change.target.startswith("page:"):
        return change.target[5:]
    collection, _, rid = change.target.partition("/")
    return record_uri(collection, rid)[0]


def notice(changes: list[Change], edition: Edition, uri: str, provenance) -> str:
    """The admonition at the top of a page that differs from the national reference."""
    lines = ['!!! info "Écarts par rapport au référentiel national"', ""]
    for change in changes:
        verb = {"remplacee": "remplace la version nationale", "ajoutee": "est propre à cette édition",
                "retiree": "est retirée de cette édition"}[change.kind]
        lines += [f"    **{_md(change.title)}** {verb}. Justification : {change.justification}", ""]
        lines += ["    " + line if line else "" for line in _review(change) + _details(change, uri, provenance)]
    return "\n".join(lines) + "\n"


def _review(change: Change) -> list[str]:
    """« À revoir » when the national version changed since the edition last accepted it."""
    if change.review is None:
        return []
    from .render import french_date

    lines = [f"**À revoir depuis la mise à jour nationale du {french_date(change.review.since)}** : l'édition n'a pas "
             "encore relu ce que le référentiel national a changé.", ""]
    lines += [f"- {_md(line)}" for line in change.review.lines] + [""]
    return lines


def _details(change: Change, uri: str, provenance) -> list[str]:
    """Rule differences then sources of one change, as Markdown lines (each block ends with a blank line)."""
    lines = [f"- {_md(detail)}" for detail in change.details] + ([""] if change.details else [])
    sources = provenance(uri, change.sources)
    if sources:
        lines += ["Sources : " + " ; ".join(f"[{s['label']}]({s['href']}), {_md(s['locator'])}" for s in sources), ""]
    return lines


def changes_page(edition: Edition, changes: list[Change], provenance, titles: dict[str, str] | None = None,
                 terminology_pages: list[tuple[str, str]] | None = None) -> str:
    """Markdown of the edition-wide list of differences."""
    out = [f"Cette page liste tout ce en quoi l'édition **{_md(edition.name)}** ({_md(edition.publisher)}) diffère du "
           "référentiel national : fiches et pages remplacées, ajoutées ou retirées, règles et seuils modifiés, "
           "vocabulaire. Chaque page de l'édition signale aussi ses propres écarts et renvoie à sa version nationale.", ""]
    if edition.demonstration:
        out += ['!!! warning "Édition de démonstration"', "",
                "    Cette édition est fictive : elle montre ce qu'une agence peut adapter. Ses contacts et ses "
                "formations locales ne sont pas réels.", ""]
    out += ["## Vocabulaire", ""]
    if edition.terminology:
        out += ["Les titres, la navigation et la table des matières emploient le terme de l'édition. Le texte, qui "
                "reprend les sources, garde le terme national suivi de sa glose (« terme national [… : terme local] ») ; "
                "les outils de repérage (questions, réponses, règles) ne changent jamais.", "",
                "| Référentiel national | Cette édition |", "|---|---|"]
        # Code spans: the terminology map never rewrites code, so the national term stays visible here.
        out += [f"| `{_cell(r.national)}` | {_cell(r.local)} |" for r in edition.terminology]
    else:
        out.append("Aucun terme n'est remplacé.")
    out += ["", "## Fiches, pages et outils", ""]
    if not changes:
        out.append("Aucune fiche ni page ne diffère du référentiel national.")
    for change in changes:
        uri = target_uri(change)
        if change.kind == "retiree":
            link = f'<a href="{escape(national_link(edition, uri, CHANGES_URI))}">{escape(change.title)}</a>'
            suffix = " (version nationale)"
        else:
            link = f"[{_md(change.title)}]({posixpath.relpath(uri, posixpath.dirname(CHANGES_URI))})"
            suffix = ""
        out += [f"### {KIND[change.kind]} : {_md(change.title)}", "", f"{link}{suffix}", "",
                f"**Justification :** {change.justification}", ""]
        out += _review(change) + _details(change, CHANGES_URI, provenance)
    out += _contacts(edition, titles or {})
    out += _terminology_only(terminology_pages or [], {c.target for c in changes})
    return "\n".join(out) + "\n"


def _contacts(edition: Edition, titles: dict[str, str]) -> list[str]:
    out = ["", "## Contacts locaux", ""]
    if not edition.resources:
        return out + ["Aucun contact local n'est ajouté aux résultats des outils.", ""]
    out += ["Affichés avec le résultat de l'outil (et repris par « Copier le résultat ») :", ""]
    for resource in edition.resources:
        where = titles.get(f"criteria/{resource.criterion}", resource.criterion)
        c = resource.contact
        reach = " ; ".join(x for x in (c.phone, c.email, c.url) if x)
        out.append(f"- **{_md(c.name)}** — {_md(where)}" + (f" ({_md(reach)})" if reach else ""))
    return out + [""]


def _terminology_only(pages: list[tuple[str, str]], changed: set[str]) -> list[str]:
    """Pages whose only difference is the vocabulary: said, so readers know nothing else changed."""
    pages = [(uri, title) for uri, title in pages if f"page:{uri}" not in changed]
    if not pages:
        return []
    out = ["## Pages modifiées par le seul vocabulaire", "",
           "Le contenu de ces pages est celui du référentiel national : dans le texte, le terme national est suivi de "
           "sa glose ; dans les titres, le terme de l'édition le remplace.", ""]
    out += [f"- [{_md(title)}]({posixpath.relpath(uri, posixpath.dirname(CHANGES_URI))})" for uri, title in pages]
    return out + [""]


WORDING_NOTICE = ('!!! note "Vocabulaire de cette édition"\n\n'
                  "    Cette page ne diffère du référentiel national que par le vocabulaire : dans le texte, le terme "
                  "national est suivi de sa glose ; dans les titres, le terme de l'édition le remplace.\n")


def terminology_pages(project, terminology, changed: set[str]) -> list[tuple[str, str]]:
    """(src_uri, title) of the pages the vocabulary alone changes (tool pages excepted: never touched)."""
    if not terminology:
        return []
    from .links import record_title, record_uri
    from .models import COLLECTIONS, CRITERIA
    from .validate import strings

    found: dict[str, str] = {}
    for page in project.pages:
        if terminology.pattern.search(page.meta.title + "\n" + page.body):
            found[page.src_uri] = page.meta.title
    for collection, entries in project.records.items():
        if collection == CRITERIA.name:
            continue
        for rid, entry in entries.items():
            data = entry.record.model_dump(mode="json", exclude={"id", "sources", "see_also", "edition"})
            if any(terminology.pattern.search(text) for _, text in strings(data, ())):
                uri, anchor = record_uri(collection, rid)
                found.setdefault(uri, COLLECTIONS[collection].title if anchor else record_title(collection, entry.record))
    return sorted((uri, title) for uri, title in found.items() if uri not in changed)


def contact_texts(edition: Edition, criterion_id: str) -> dict[str, list[str]]:
    """outcome id (or "*") → local contacts as plain text, for the copied summary."""
    out: dict[str, list[str]] = {}
    for resource in edition.resources:
        if resource.criterion == criterion_id:
            c = resource.contact
            text = " — ".join(x for x in (c.name, c.role, c.address, c.phone and f"tél. {c.phone}", c.email, c.url) if x)
            for outcome in resource.outcomes or ["*"]:
                out.setdefault(outcome, []).append(" ".join(text.split()))
    return out


HOME_NATIONAL = re.compile(r"Rien n'y est ajouté\s*:\s*")


def edition_home(markdown: str) -> str:
    """The national home page says nothing is added to the sources; an edition adds its own, and says so."""
    return HOME_NATIONAL.sub("Cette édition y ajoute ses propres contenus, chacun signalé et justifié (voir les écarts "
                             "par rapport au référentiel national) ; ailleurs, rien n'est ajouté aux sources : ", markdown)


def contact_html(contact: Contact) -> str:
    """A local contact for the calculator result (HTML; every value escaped)."""
    from markupsafe import escape

    parts = [f"<strong>{escape(contact.name)}</strong>"]
    if contact.role:
        parts.append(str(escape(contact.role)))
    if contact.address:
        parts.append(str(escape(contact.address)))
    if contact.phone:
        tel = "".join(c for c in contact.phone if c.isdigit() or c == "+")
        parts.append(f'Téléphone : <a href="tel:{escape(tel)}">{escape(contact.phone)}</a>')
    if contact.email:
        parts.append(f'Courriel : <a href="mailto:{escape(contact.email)}">{escape(contact.email)}</a>')
    if contact.url:
        parts.append(f'<a href="{escape(contact.url)}">{escape(contact.url)}</a>')
    if contact.note:
        parts.append(str(escape(contact.note)))
    return "<br>".join(parts)


def brand_css(edition: Edition) -> bytes:
    color = edition.branding.primary_color
    # The header (white text on the colour) uses it in both schemes; links use it only on the light
    # background, where its contrast is the one checked; the dark scheme keeps its own link colour.
    return (f"/* Édition {edition.id} : couleur principale (contraste vérifié avec le texte blanc). */\n"
            f"[data-md-color-scheme] {{ --md-primary-fg-color: {color}; --md-primary-fg-color--dark: {color}; }}\n"
            f"[data-md-color-scheme=\"default\"] {{ --md-primary-fg-color--light: {color}; --md-typeset-a-color: {color}; }}\n"
            ".reperes-edition-banner { padding: 0.4rem 0.8rem; border-left: 4px solid var(--md-primary-fg-color); }\n").encode()


def _md(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _cell(text: str) -> str:
    return _md(" ".join(text.split()).replace("|", "\\|"))


__all__ = ["CHANGES_URI", "brand_css", "changes_page", "contact_html", "href", "national_link", "notice", "page_url"]
