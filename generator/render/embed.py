"""What the embed pages (embed/<id>/, in trainers' iframes) need besides the form: links that open outside the
frame, and the iframe's height for platforms that strip scripts (no resizing message then)."""
from __future__ import annotations

import re

from ..french import french_spacing

# Every link of an embedded tool (the source's warnings, a result's next steps, « Page complète sur Repères ») opens
# in a new tab: followed inside the frame, the whole site would load in the course page's little window. A new tab
# (not « _top ») keeps the course page where the trainee left it. mailto: and tel: links open no page: left alone.
_LINK = re.compile(r'<a (?![^>]*\btarget=)(?=[^>]*\bhref="(?!mailto:|tel:))')


def links_outside(html: str) -> str:
    return _LINK.sub('<a target="_blank" rel="noopener" ', html)


# -- the iframe's height without scripts -------------------------------------------------------------------------
# Where the trainer's platform strips scripts (Moodle often does), the iframe keeps the height written in the code
# (the embed page cannot resize it). That height is computed here from the tool's own texts, laid out as the embed
# page lays them out (theme/assets/calculator.css, .reperes-embed: 16 px system font, line height 1.5) on a phone:
# the title, the source's territory, the status line and the first FIRST_QUESTIONS questions (those always asked: a follow-up question
# shows only once asked). Lines are counted by wrapping words with the advance widths of DejaVu Sans, the widest of
# the usual system fonts (Roboto on Android and San Francisco on iOS are narrower), so a real phone shows at least
# that much; tests/test_tools_ux_browser.py measures it in Chromium.
PHONE_FRAME = 360        # px: the iframe's width on a 390 px phone, inside the platform's margins
FIRST_QUESTIONS = 3
FONT = 16.0              # px (body)
# Advance widths in em (DejaVu Sans, measured in Chromium), by class of character: regular, then bold.
_CLASSES = [("ijlI'’.,;:!|\u00a0 ", 0.32, 0.37), ("frt()[]-/", 0.41, 0.48), ("mwMW—…%", 0.97, 1.04),
            ("ABCDEFGHKNOQRSUVXYZ«»<>=+?", 0.76, 0.82)]
_DEFAULT = (0.63, 0.71)  # lower-case letters, accented or not, and digits
PAGE_X = 2 * 16          # body padding (1rem each side)
PAGE_TOP = 8             # body padding (0.5rem)
TITLE = (20.8, 1.3, 4.8 + 16)        # h1: size, line height, margins (0.3rem, then the calculator's 1rem)
STATUS = (13.6, 1.4, 8 + 9.6, 4 + 2 * 9.6)  # status line: size, line height, padding + margin, border + padding (x)
GROUP = (2 * 2 + 2 * 12.8, 8 + 2, 12.8)     # group fieldset: horizontal border + padding, top, bottom margin
QUESTION = (2 * 1 + 2 * 12.8 + 2 * 4.8, 8 + 9.6 + 2, 12.8)  # question fieldset: x (border, padding, legend), y, margin
HELP = (14.4, 1.5, 2 * 14.4)          # help line: size, line height, margins
OPTION_ROW = (35.2, 6.4, 4.8)         # an options row (min-height 2.2rem), the gap between rows, margin above
RADIO = 18.4 + 5.6                    # a radio button and the gap to its label
MARGIN = 16                           # below the last question shown: its border is not cut


def _plain(text: str) -> str:
    """The text as the page shows it: Markdown links as their words, no emphasis, the site's French spacing."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(text)).replace("*", "").replace("`", "")
    return french_spacing(" ".join(text.split()))


def advance(text: str, size: float = FONT, bold: bool = False) -> float:
    """The width of ``text`` in px."""
    total = 0.0
    for char in text:
        width = next((w for chars, *w in _CLASSES if char in chars), _DEFAULT)
        total += width[1 if bold else 0]
    return total * size


def lines(text: str, width: float, size: float = FONT, bold: bool = False) -> int:
    """How many lines ``text`` takes at ``width`` px, words wrapped at spaces (a no-break space binds)."""
    count, used, space = 1, 0.0, advance(" ", size, bold)
    for word in _plain(text).split(" "):
        need = advance(word, size, bold)
        if used and used + space + need > width:
            count, used = count + 1, need
        else:
            used += (space if used else 0) + need
        while used > width:  # a word longer than a line breaks inside
            count, used = count + 1, used - width
    return count


def _options_height(options: list[str], width: float) -> float:
    """Radio options side by side while they fit (flex-wrap, 1.2rem apart); a long label takes a row of its own."""
    rows, used, extra = 1, 0.0, 0.0
    for label in options:
        natural = RADIO + advance(_plain(label))
        if used and used + 19.2 + natural > width:
            rows, used = rows + 1, 0.0
        if natural > width:  # wraps, alone on its row
            extra += (lines(label, width - RADIO) - 1) * FONT * 1.5
            natural = width
        used += (19.2 if used else 0) + natural
    return OPTION_ROW[2] + rows * OPTION_ROW[0] + (rows - 1) * OPTION_ROW[1] + extra


def no_script_height(calc: dict, frame: int = PHONE_FRAME) -> int:
    """The iframe's height (px) that shows the tool's title and first questions on a phone; ``calc``: the form's
    context (calculator.context)."""
    inner = frame - PAGE_X
    size, height, spacing = TITLE
    total = PAGE_TOP + spacing + lines(calc["title"], inner, size, bold=True) * size * height
    if calc.get("territory"):  # « Territoire de la source : … » (embed.html.j2): a paragraph, 1rem margins collapsed
        total += FONT + lines(f"Territoire de la source : {calc['territory']}.", inner, bold=True) * FONT * 1.5
    size, height, padding, x = STATUS
    status = "Calcul automatique prêt : le résultat se met à jour à chaque réponse."  # calculator.js, once started
    total += padding + lines(status, inner - x, size) * size * height
    shown = 0
    for section in calc["sections"]:
        width: float = inner
        if section["title"]:
            if section["gated"]:
                continue
            total += GROUP[1] + lines(section["title"], inner - GROUP[0], bold=True) * FONT * 1.5
            width = inner - GROUP[0]
        for entry in section["questions"]:
            if entry["q"].ask_if is not None:
                continue
            legend = f"{entry['number']}. {entry['text']}"
            total += QUESTION[1] + lines(legend, width - QUESTION[0], bold=True) * FONT * 1.5
            if entry["q"].help:
                total += HELP[2] + lines(entry["q"].help, width - QUESTION[0] + 9.6, HELP[0]) * HELP[0] * HELP[1]
            if entry["q"].answers == "entier":
                total += OPTION_ROW[2] + OPTION_ROW[0]
            else:
                total += _options_height([o["label"] for o in entry["options"]], width - QUESTION[0] + 9.6)
            shown += 1
            if shown == FIRST_QUESTIONS:
                return int(-(-(total + MARGIN) // 10) * 10)
            total += QUESTION[2]
        if section["title"]:
            total += GROUP[2]
    return int(-(-(total + MARGIN) // 10) * 10)
