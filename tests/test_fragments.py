"""Sentences that are not whole statements give no card: no subject, no verb, cut off.

Each rule is tried on small sentences of its own (what it must reject, and the statements it
must leave alone), through :func:`deckgen.facts.judge` so that the rule's name is checked too,
then a deck is built from a note that mixes fragments and statements and imported into Anki.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ImportedCard

from deckgen import BuildOptions, build
from deckgen.facts import MID_PHRASE, NO_SUBJECT, NO_VERB, REJECTION_RULES, judge
from deckgen.grammar import has_finite_verb, is_verbless, opens_without_subject, tokens
from deckgen.types import Sentence


def sentence(text: str, label: str | None = None) -> Sentence:
    return Sentence(
        text=text,
        spans=(),
        timestamps=(),
        line=7,
        section=("Notes",),
        label=label,
        block_kind="item",
        index=0,
        starts_block=True,
    )


def rule_for(text: str, label: str | None = None) -> str:
    """The rule that decided the sentence ("card" when it became one)."""
    _fact, decision = judge(sentence(text, label), None)
    return decision.rule


def test_the_new_rules_are_named_rejection_rules() -> None:
    names = [rule.name for rule in REJECTION_RULES]
    assert {NO_SUBJECT, NO_VERB, MID_PHRASE} <= set(names)


# -- no subject ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Runs at 240 frames per second on the bigger screen.",
        "Boasts a 35% profit margin on its tablets.",
        "Has grown its orders by 12% each year since 2015.",
        "Can cut the drying time to 40 minutes in summer.",
        "Priced in London under the code KPL at £14 per share.",
        "Suitable when a hiker climbs above 2,500 m, or sleeps higher, after which rest is needed.",
        "Helps lower the boiling point by 3 degrees at altitude.",
        "Determine how many times 6 goes into 42: 6 x 7 = 42.",
        "Consider a bakery that sells 300 loaves a day at $4 each.",
        "Hit him 14 times before the bell rang in the fourth round.",
        "Grew from 120 members to over 900 in less than four years.",
    ],
)
def test_a_phrase_that_lost_its_subject_is_rejected(text: str) -> None:
    assert opens_without_subject(text)
    assert rule_for(text) == NO_SUBJECT


@pytest.mark.parametrize(
    "text",
    [
        "Herons hunt in water less than 50 cm deep at dawn.",
        "Tides rose 3 m above the mean during the storm.",
        "Sparrows often nest under roofs within 20 m of a road.",
        "Beetles that eat bark survive winters of -30 °C under the snow.",
        "Priced at £14 per share, the mill is the cheapest stock in its sector.",
        "Roast the chestnuts at 200 °C for 25 minutes.",
        "Studies of 400 runners show that sleep under 6 hours doubles injuries.",
        "Many species migrate more than 5,000 km each autumn.",
        "May 2021: 3 million downloads of the field guide.",
        "Will, the head ranger, counted 240 elk in the valley.",
        "Drew painted 40 herons along the river in 1998.",  # a name, then its verb
        "Built in 1931, the tower rises 381 m above the city.",
    ],
)
def test_a_statement_keeps_its_card(text: str) -> None:
    assert not opens_without_subject(text)
    assert rule_for(text) not in (NO_SUBJECT, NO_VERB, MID_PHRASE)


# -- no verb -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Tripling the harbour fee to 9% for every cruise ship.",
        "Turning the dial 45 degrees clockwise and then pressing it twice.",
        "A river length of 820 km, a basin of 41,000 km², but only 3 bridges.",
        "From 200 visitors to 9,000 visitors in a single summer.",
        "At least 12 million cups of tea per day in the capital.",
    ],
)
def test_a_phrase_without_a_verb_is_rejected(text: str) -> None:
    assert is_verbless(text)
    assert rule_for(text) == NO_VERB


@pytest.mark.parametrize(
    "text",
    [
        "Turning the dial 45 degrees clockwise opens the valve fully.",
        "The ferry crosses the 14 km strait in 35 minutes.",
        "Lichens grow about 1 mm per year on bare granite.",
        "Women ran 40% of the village's market stalls in 1900.",
        "The alpine hut, 2,300 m above the valley, sleeps 40 people.",
        "Bake the loaf for 35 minutes at 220 °C.",
        "For a crisp crust, bake for 10 more minutes with the door ajar.",
        "Boiling point at the summit: 71 °C (the air pressure is much lower there).",
        "Kettle Lake (surface area grew from 3 km² to 5 km² after the dam)",
        "In the field, we photograph each of the 12 quadrats at noon.",
        "They either tag the 30 calves or weigh them at the gate.",
        "Most field guides (two of the 3 editions) typically focus on 40 common species.",
        "\\(v = d / t\\) - speed from a 100 m split.",
    ],
)
def test_a_statement_or_an_instruction_has_a_verb(text: str) -> None:
    assert not is_verbless(text)


def test_the_value_under_a_bold_label_is_kept() -> None:
    # "**Battery**: A 5,000 mAh cell with 25 W charging." — the label is the key, and the card
    # shows it as its context.
    assert rule_for("A 5,000 mAh cell with 25 W charging.", label="Battery") != NO_VERB


def test_an_aside_in_brackets_is_not_the_verb() -> None:
    text = "Night ferry: 0% surcharge on weekdays (fees may apply at Easter)"
    assert has_finite_verb(tokens(text))
    assert is_verbless("Night ferry surcharge of 0% on weekdays (fees may apply at Easter).")


# -- stops mid-phrase -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Heating the rock to 600 °C changes its colour more than cooling it compared to",
        "The eastern ridge is 300 m higher than the western ridge and",
        "Glaciers in the south retreated 2 km faster than those in the north,",
    ],
)
def test_a_line_cut_off_mid_phrase_is_rejected(text: str) -> None:
    assert rule_for(text) == MID_PHRASE


@pytest.mark.parametrize(
    "text",
    [
        "The eastern ridge is 300 m higher than the western one",
        "The eastern ridge is 300 m higher than the western one.",
        'The guide calls the 300 m climb "the stairs to"',
    ],
)
def test_a_line_without_a_full_stop_is_not_cut_off(text: str) -> None:
    assert rule_for(text) != MID_PHRASE


# -- the same through a built deck --------------------------------------------------------------
NOTE = """---
title: Mountain huts
videoId: abcdefghijk
---

## Huts

- The Col hut sleeps 48 climbers at 3,100 m above sea level \
<a class="yt-timestamp" data-t="00:01:10">[00:01:10]</a>.
- Opens in June and closes in late September after 95 days of service \
<a class="yt-timestamp" data-t="00:02:20">[00:02:20]</a>.
- Doubling the hut's water tank to 6,000 litres \
<a class="yt-timestamp" data-t="00:03:30">[00:03:30]</a>.
- Climbing from the valley takes 5 hours longer than the cable car compared to \
<a class="yt-timestamp" data-t="00:04:40">[00:04:40]</a>
"""


def test_fragments_give_no_card_and_the_statement_beside_them_does(
    tmp_path: Path, anki_import: Callable[[Path], list[ImportedCard]]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "huts.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "huts.apkg"
    result = build(BuildOptions(paths=(str(notes),), output=str(out)))
    rules = {d.sentence.text.split(" ", 1)[0]: d.rule for _path, d in result.decisions}
    assert rules["Opens"] == NO_SUBJECT
    assert rules["Doubling"] == NO_VERB
    assert rules["Climbing"] == MID_PHRASE

    cards = anki_import(out)
    texts = [card.fields["Text"] for card in cards]
    assert texts, "the statement about the Col hut should give a card"
    assert all("Col hut sleeps" in text for text in texts)
    assert not any(
        word in " ".join(texts) for word in ("Opens in June", "Doubling", "Climbing from")
    )
