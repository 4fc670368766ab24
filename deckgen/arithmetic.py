"""Whether a hidden figure can be worked out from the other figures on its card: a helper of
stage 3 (:mod:`deckgen.facts`).

"20% of the lump sum is tax-free; the remaining [80%] is taxable" and "a $224 million shortfall
on a $650 million budget (a [35%] gap)" ask nothing of memory: the rest of the card gives the
answer by one sum, difference, product or ratio, or by the rest of a hundred per cent. Readers
judge such cards guessable, so the figure is never hidden. Years are left alone ("began in 2013,
halted in 2018" is two facts). Sums, differences and products must come out exactly; a ratio may
be rounded (by up to 1.5%, or just over half the figure's last digit) unless the figure is under
ten.
"""

from __future__ import annotations

import re
from itertools import permutations

_FIGURE = re.compile(
    r"(?<![\w.,])[$€£¥₹]?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(%|percent\b|per cent\b|trillion\b|billion\b|million\b|thousand\b|bn\b|k\b))?",
    re.IGNORECASE,
)
_SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "thousand": 1e3, "k": 1e3}
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_YEAR_IN = re.compile(r"(?<![\d,.])(?:1[5-9]|20)\d\d(?![\d,])")
"""A year standing alone in a hidden text ("in 2013", "May 2021"), not inside "150000"."""
MAX_OTHERS = 4
"""More figures than this on a card and some pair of them makes almost any number."""
TOLERANCE = 0.015
"""How far off a worked-out ratio may be, as a share of the hidden figure: the text rounds."""


def figures(text: str) -> list[tuple[float, bool]]:
    """Each figure of ``text`` as (value with its scale word applied, whether it is a percentage);
    years are left out."""
    return [(value, percent) for value, percent, _step in _read(text)]


def _read(text: str) -> list[tuple[float, bool, float]]:
    """:func:`figures`, each with the value of one unit of its last written digit ("$1.5
    billion": 0.1 billion)."""
    found = []
    for m in _FIGURE.finditer(text):
        written, unit = m.group(1), (m.group(2) or "").lower()
        if not unit and _YEAR.fullmatch(written) and not m.group().startswith(tuple("$€£¥₹")):
            continue  # "2013", but not "2,000"
        digits = written.replace(",", "")
        scale = _SCALES.get(unit, 1.0)
        step = 10.0 ** -len(digits.partition(".")[2]) * scale
        found.append((float(digits) * scale, unit in ("%", "percent", "per cent"), step))
    return found


def worked_out(text: str, start: int, end: int) -> bool:
    """Whether the one figure in ``text[start:end]`` follows from the figures around it."""
    shown = text[start:end]
    hidden = _read(shown)
    if len(hidden) != 1 or _YEAR_IN.search(shown):
        return False  # several figures, or a date: not one worked-out value
    answer, percent, last_digit = hidden[0]
    if answer == 0:
        return False
    # Rounded in the text: off by up to 1.5%, or by just over half its last digit (34.46 as "35").
    slack = max(TOLERANCE * abs(answer), 0.6 * abs(last_digit))
    others = figures(f"{text[:start]} ; {text[end:]}")
    if not others or len(others) > MAX_OTHERS:
        return False
    values = [v for v, _ in others]
    if answer in values:
        return False  # shown as it is: that is given_away's to judge
    exact = [100.0 - v for v, p in others if percent and p]
    ratios = []
    for x, y in permutations(values, 2):
        exact += [x + y, x - y, x * y]
        if y:
            ratios += [x / y, 100.0 * x / y]
    if any(abs(v - answer) <= 1e-9 * abs(answer) for v in exact):
        return True
    # A ratio is rounded in the text ("a 35% gap" for 224 / 650); a small one must come out whole.
    if abs(answer) < 10:
        return any(abs(v - answer) <= 1e-9 for v in ratios)
    return any(abs(v - answer) <= slack for v in ratios)
