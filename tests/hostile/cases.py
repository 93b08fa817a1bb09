"""The hostile-input corpus: each case breaks a copy of the mini project (or of its edition) one way.

A case is (id, file to write — relative to the project, or to the edition with « edition/ » —,
content (str, bytes, or a callable taking the folder), expected code, expected line or None).
"""
from __future__ import annotations

P = "content/programmes/p.yml"  # a valid one-record file, rewritten by most cases
HEAD = "reviewed: 2026-11-02\nrecords:\n"
REC = ("  - id: prog-un\n    name: Programme un\n    support_function: aide-a-la-pratique\n"
       "    description: {desc}\n    evaluation_status: evalue\n    sources:\n      - ref: doc-a\n        locator: x\n"
       "    jurisdiction: [france]\n")


def prog(desc: str = "Texte.", extra: str = "") -> str:
    return HEAD + REC.format(desc=desc) + extra


def page(body: str) -> str:
    return "---\ntitle: Accueil\nreviewed: 2026-11-05\nsources:\n  - ref: doc-a\n    locator: ensemble\n---\n\n" + body + "\n"


def laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return HEAD.replace("records:\n", "") + "\n".join(lines) + "\nrecords: []\n"


CASES = [
    # -- malformed YAML
    ("tab-indentation", P, HEAD + "  - id: prog-un\n\tname: x\n", "yaml-syntax", None),
    ("unclosed-quote", P, HEAD + '  - id: "prog-un\n', "yaml-syntax", None),
    ("unclosed-bracket", P, HEAD + "  - id: [prog-un\n", "yaml-syntax", None),
    ("bad-indentation", P, HEAD + "  - id: prog-un\n   name: x\n  description: y\n", "yaml-syntax", None),
    ("duplicate-key", P, prog(extra="    name: Autre\n"), "duplicate-key", 12),
    ("recursive-alias", P, "reviewed: 2026-11-02\nrecords: &r [*r]\n", "yaml-syntax", None),
    ("alias-bomb", P, laughs(), "unsafe-file", None),
    ("python-tag", P, HEAD + '  - !!python/object/apply:os.system ["echo hacked"]\n', "yaml-syntax", None),
    ("several-documents", P, prog() + "---\nreviewed: 2026-11-02\nrecords: []\n", "yaml-syntax", None),
    ("top-level-list", P, "- id: prog-un\n", "invalid-value", 1),
    ("top-level-scalar", P, "bonjour\n", "invalid-value", 1),
    # -- wrong types
    ("string-for-list", "content/profiles/p.yml",
     HEAD + "  - id: profil-un\n    name: P\n    target_groups: Personnes âgées\n    settings: [a]\n    qualifications: [a]\n"
     "    competences: [a]\n    responsibilities: [a]\n    sources: [{ref: doc-a, locator: x}]\n"
     "    jurisdiction: [france]\n", "invalid-value", 5),
    ("list-for-string", P, prog().replace("name: Programme un", "name: [Programme, un]"), "invalid-value", 4),
    ("number-for-date", P, prog().replace("reviewed: 2026-11-02", "reviewed: 12"), "invalid-value", 1),
    ("bool-for-id", P, prog().replace("id: prog-un", "id: true"), "invalid-value", 3),
    ("null-field", P, prog().replace("name: Programme un", "name:"), "invalid-value", 4),
    ("mapping-for-text", P, prog(desc="{a: 1}"), "invalid-value", 6),
    # -- huge values
    ("five-megabytes", P, lambda: prog() + "#" + "x" * 5_000_000 + "\n", "unsafe-file", None),
    ("huge-string", P, lambda: prog(desc="x" * 100_000), "invalid-value", 6),
    ("deep-nesting", P, lambda: HEAD + "  - id: prog-un\n    name: " + "[" * 1000 + "]" * 1000 + "\n", "yaml-syntax", None),
    ("giant-integer", "content/references/refs.yml",
     lambda: HEAD.replace("2026-11-02", "2026-11-01") + "  - id: doc-a\n    short: A\n    kind: document-source\n    title: T\n"
     "    year: 1" + "0" * 5000 + "\n    sources: [{ref: doc-a, locator: x}]\n    jurisdiction: [france]\n", "invalid-value", 7),
    ("impossible-date", P, prog().replace("2026-11-02", "2026-02-30"), "invalid-value", 1),
    # -- unknown ids
    ("unknown-see-also", P, prog(extra="    see_also: [programmes/prog-zero]\n"), "unknown-reference", 3),
    ("unknown-source", P, prog().replace("ref: doc-a", "ref: doc-zero"), "unknown-reference", 3),
    ("unknown-collection-link", P, prog(extra="    see_also: [recettes/gateau]\n"), "unknown-reference", 3),
    ("unknown-marker", "content/pages/index.md", page("[[programmes/prog-zero]]"), "unknown-reference", 9),
    ("bad-marker", "content/pages/index.md", page("[[ceci n'est pas un marqueur]]"), "invalid-markup", 9),
    ("unknown-question-in-rule", "criteria/grille.yml",
     lambda: None, "invalid-rule", 1),  # filled in by the test from the fixture (see REWRITES)
    # -- cycles in references are fine (see test), but a YAML structure that contains itself is not
    ("self-containing-mapping", P, "reviewed: 2026-11-02\nrecords:\n  - &r\n    id: prog-un\n    self: *r\n", "yaml-syntax", None),
    # -- duplicates
    ("duplicate-id-in-file", P, prog() + REC.format(desc="Autre."), "duplicate-id", 12),
    ("duplicate-id-across-files", "content/programmes/q.yml", prog(), "duplicate-id", 3),
    ("edition-adds-existing-id", "edition/content/glossary/g.yml",
     HEAD + "  - id: maia\n    term: MAIA\n    expansion: autre\n    edition: {action: ajoute, justification: x}\n"
     "    sources: [{ref: doc-a, locator: x}]\n    jurisdiction: [france]\n", "unknown-override", 3),
    # -- injection attempts
    ("script-tag", P, prog(desc="Un <script>alert(1)</script> programme."), "invalid-markup", 6),
    ("img-onerror", P, prog(desc="'<img src=x onerror=alert(1)>'"), "invalid-markup", 6),
    ("html-javascript-link", P, prog(desc="'<a href=\"javascript:alert(1)\">x</a>'"), "invalid-markup", 6),
    ("markdown-javascript-link", "content/pages/index.md", page("[clic](javascript:alert(1))"), "invalid-markup", 9),
    ("mixed-case-javascript", "content/pages/index.md", page("[clic]( JaVaScRiPt:alert(1))"), "invalid-markup", 9),
    ("data-url", "content/pages/index.md", page("[clic](data:text/html,<b>x</b>)"), "invalid-markup", 9),
    ("vbscript-url", "content/pages/index.md", page("[clic](vbscript:msgbox)"), "invalid-markup", 9),
    ("svg-onload", P, prog(desc="'<svg onload=alert(1)>'"), "invalid-markup", 6),
    ("attr-list-handler", "content/pages/index.md", page("Texte\n{: onclick=\"alert(1)\" }"), "invalid-markup", 10),
    ("attr-list-href", "content/pages/index.md", page("[x](y.md){: href=\"javascript:alert(1)\" }"), "invalid-markup", 9),
    ("iframe", "content/pages/index.md", page("<iframe src=\"https://example.org\"></iframe>"), "invalid-markup", 9),
    ("style-tag", "content/pages/index.md", page("<style>body{display:none}</style>"), "invalid-markup", 9),
    ("closing-script-in-criterion", "criteria/grille.yml", lambda: None, "invalid-markup", None),  # REWRITES
    ("bidi-override-in-id", P, prog().replace("id: prog-un", "id: prog\u202eun"), "invalid-value", 3),
    ("nul-byte", P, prog(desc="a\x00b"), "not-utf8", None),
    # -- encodings
    ("latin-1", P, lambda: prog(desc="Évalué").encode("latin-1"), "not-utf8", 6),
    ("utf-16", P, lambda: prog().encode("utf-16"), "not-utf8", 1),
    ("invalid-bytes", P, lambda: prog().encode() + b"\xff\xfe\xfa", "not-utf8", 12),
    # -- empty files
    ("zero-bytes", P, "", "empty-file", 1),
    ("only-comments", P, "# rien\n# toujours rien\n", "empty-file", 1),
    ("only-whitespace", P, "\n   \n\n", "empty-file", 1),
    ("page-only-dashes", "content/pages/index.md", "---\n", "yaml-syntax", 1),
    ("page-without-front-matter", "content/pages/index.md", "## Titre\n\nTexte.\n", "yaml-syntax", 1),
    ("front-matter-not-mapping", "content/pages/index.md", "---\n- a\n- b\n---\n\nTexte.\n", "invalid-value", 2),
    # -- files that lead outside the tree
    ("symlink-to-etc-passwd", "content/programmes/lien.yml", ("symlink", "/etc/passwd"), "unsafe-file", None),
    ("symlinked-directory", "content/glossary", ("symlink-dir", None), "unsafe-file", None),
    ("logo-path-traversal", "edition/edition.yml", ("replace", "branding:\n", "branding:\n  logo: ../../etc/passwd.svg\n"),
     "invalid-value", None),
    ("national-url-javascript", "edition/edition.yml",
     ("replace", "national_url: https://national.example.org/", "national_url: javascript:alert(1)"), "invalid-value", None),
]
