"""An edition's SVG logo: a drawing, nothing more.

An SVG opened by itself (assets/edition/logo.svg) is a document of the site's
origin: a script in it runs with the site's rights, and the pages' policy (a
<meta> in each HTML page) does not cover it. A deny-list cannot keep up with
namespaces (« <x:script xmlns:x="…svg"> »), so the file is parsed as XML
(defusedxml: no DTD, hence no entity) and every element and attribute must be
on the allow-list below, by namespace. Links may only point inside the drawing
(« #id »); embedded bitmaps only as data: images.

Editors' bookkeeping (Inkscape's ``sodipodi:namedview`` and its ``pagecolor``, ``inkscape:*`` attributes,
``<metadata>``) is neither drawing nor code: it is not checked but dropped, and the site publishes the
drawing without it (``published_svg``), so an agency's logo saved by Inkscape is taken as it is.
"""
from __future__ import annotations

import re

from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, fromstring
from xml.etree.ElementTree import ParseError

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Editors' bookkeeping (Inkscape, Sodipodi, RDF metadata): never rendered, never run.
INERT = {"http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
         "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/", "http://creativecommons.org/ns#",
         "http://web.resource.org/cc/"}

ELEMENTS = set("""svg g defs title desc metadata symbol use path rect circle ellipse line polyline polygon text tspan
textPath linearGradient radialGradient stop clipPath mask pattern marker image style filter feBlend feColorMatrix
feComponentTransfer feComposite feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge
feMergeNode feMorphology feOffset""".split())
ATTRIBUTES = set("""id class style viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength
transform preserveAspectRatio version baseProfile role aria-label aria-hidden aria-labelledby aria-describedby focusable
lang tabindex fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit
stroke-dasharray stroke-dashoffset stroke-opacity opacity color display visibility overflow clip-path clip-rule
clipPathUnits mask maskUnits maskContentUnits filter filterUnits primitiveUnits vector-effect shape-rendering
text-rendering image-rendering color-interpolation color-interpolation-filters paint-order mix-blend-mode isolation
font-family font-size font-weight font-style font-variant font-stretch text-anchor dominant-baseline
alignment-baseline baseline-shift letter-spacing word-spacing text-decoration writing-mode direction unicode-bidi dx
dy rotate textLength lengthAdjust startOffset method spacing side offset stop-color stop-opacity gradientUnits
gradientTransform spreadMethod patternUnits patternContentUnits patternTransform refX refY markerWidth markerHeight
markerUnits orient marker-start marker-mid marker-end in in2 result stdDeviation edgeMode mode operator k1 k2 k3 k4
values type tableValues slope intercept amplitude exponent radius flood-color flood-opacity media href""".split())
XLINK_ATTRIBUTES = {"href", "title"}
XML_ATTRIBUTES = {"space", "lang"}

# Values are read as a browser would: entities are already decoded by the parser, blanks are dropped.
SCRIPT_URL = re.compile(r"(?i)(java|vb|live)script:|data:(?!image/(png|jpeg|gif|webp);base64,)")
CSS_REMOTE = re.compile(r"(?i)@import|url\((?!['\"]?#)|expression\(|-moz-binding|behavior:")
BITMAP = re.compile(r"(?i)data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=]*")
BLANKS = re.compile(r"[\x00-\x20]+")


class _Checker:
    """ElementTree parser target: checks each element as the parser meets it, where the parser knows its line."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self.parser: DefusedXMLParser | None = None
        self.depth = 0
        self.in_style = False

    def line(self) -> int:
        assert self.parser is not None, "line() is called while parsing only"
        return self.parser.parser.CurrentLineNumber

    def refuse(self, what: str) -> None:
        self.problems.append((self.line(), what))

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        ns, name = _split(tag)
        if self.depth == 0 and (ns, name) != (SVG, "svg"):
            self.refuse(f"l'élément racine doit être <svg> (espace de noms SVG), trouvé « {name} »")
        self.depth += 1
        if ns in INERT:
            return  # an editor's element: dropped from the published logo with its attributes and content
        if ns == SVG and name not in ELEMENTS:
            self.refuse(f"élément <{name}> refusé (script, contenu étranger, lien ou animation)")
        elif ns != SVG:
            self.refuse(f"élément <{name}> d'un espace de noms non autorisé ({ns or 'aucun'})")
        self.in_style = (ns, name) == (SVG, "style")
        for key, value in attrs.items():
            self.attribute(name, key, value)

    def attribute(self, element: str, key: str, value: str) -> None:
        ns, name = _split(key)
        allowed = {"": ATTRIBUTES, XLINK: XLINK_ATTRIBUTES, XML: XML_ATTRIBUTES}.get(ns)
        if ns in INERT:
            return
        if allowed is None or name not in allowed or name.lower().startswith("on"):
            self.refuse(f"attribut « {name} » refusé sur <{element}>")
            return
        plain = BLANKS.sub("", value)
        if name == "href":
            if not (plain.startswith("#") or (element == "image" and BITMAP.fullmatch(plain))):
                self.refuse(f"lien « {value[:60]} » refusé sur <{element}> : seuls les liens internes « #… » sont permis")
        elif SCRIPT_URL.search(plain) or CSS_REMOTE.search(value):
            self.refuse(f"valeur « {value[:60]} » refusée dans « {name} » (adresse de script ou chargement extérieur)")

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.in_style = False

    def data(self, text: str) -> None:
        if self.in_style and (CSS_REMOTE.search(text) or SCRIPT_URL.search(BLANKS.sub("", text))):
            self.refuse("feuille de style refusée : elle charge une ressource extérieure ou une adresse de script")

    def pi(self, target: str, text: str) -> None:
        self.refuse(f"instruction de traitement « <?{target} … ?> » refusée (elle peut charger une feuille de style)")

    def close(self) -> None:
        return None


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def svg_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, description) of everything in the SVG that is not plain drawing; [] when it is one."""
    checker = _Checker()
    parser = DefusedXMLParser(target=checker, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    checker.parser = parser
    try:
        parser.feed(data)
        parser.close()
    except DefusedXmlException:
        return checker.problems + [(checker.line(), "déclaration <!DOCTYPE …> ou entité refusée (supprimez-la)")]
    except ParseError as exc:
        return checker.problems + [(exc.position[0], f"XML illisible : {exc}")]
    return checker.problems


def published_svg(data: bytes) -> bytes:
    """The logo as the site publishes it: the drawing, without editors' bookkeeping (call only when
    ``svg_problems(data)`` is empty). Comments go too; namespace prefixes may be renamed (same meaning)."""
    root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    for parent in list(root.iter()):
        for child in list(parent):
            ns, name = _split(child.tag)
            if ns in INERT or (ns, name) == (SVG, "metadata"):
                parent.remove(child)
        for key in [k for k in parent.attrib if _split(k)[0] in INERT]:
            del parent.attrib[key]
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, out, top=True)
    return "".join(out).encode("utf-8")


PREFIXES = {"": "", XLINK: "xlink:", XML: "xml:"}  # every attribute namespace svg_problems lets through


def _write(element: ElementTree.Element, out: list[str], top: bool = False) -> None:
    """Every element left is an SVG one (svg_problems refuses the others): plain names, SVG as default namespace."""
    name = _split(element.tag)[1]
    attrs = [("xmlns", SVG), ("xmlns:xlink", XLINK)] if top else []
    attrs += [(PREFIXES[_split(k)[0]] + _split(k)[1], v) for k, v in element.attrib.items()]
    out.append(f"<{name}" + "".join(f" {k}={quoteattr(v)}" for k, v in attrs) + ">")
    out.append(escape(element.text or ""))
    for child in element:
        _write(child, out)
        out.append(escape(child.tail or ""))
    out.append(f"</{name}>")
