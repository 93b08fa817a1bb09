"""What an edition adds to the site: the « Écarts » page, notices, contacts, brand."""
from __future__ import annotations

import posixpath

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
        lines += ["    " + line if line else "" for line in _details(change, uri, provenance)]
    return "\n".join(lines) + "\n"


def _details(change: Change, uri: str, provenance) -> list[str]:
    """Rule differences then sources of one change, as Markdown lines (each block ends with a blank line)."""
    lines = [f"- {_md(detail)}" for detail in change.details] + ([""] if change.details else [])
    sources = provenance(uri, change.sources)
    if sources:
        lines += ["Sources : " + " ; ".join(f"[{s['label']}]({s['href']}), {_md(s['locator'])}" for s in sources), ""]
    return lines


def changes_page(edition: Edition, changes: list[Change], provenance) -> str:
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
        out += ["| Référentiel national | Cette édition |", "|---|---|"]
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
        out += [f"### {KIND[change.kind]} : {_md(change.title)}", "", f"{link}{suffix} — `{change.target}`", "",
                f"**Justification :** {change.justification}", ""]
        out += _details(change, CHANGES_URI, provenance)
    return "\n".join(out) + "\n"


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
