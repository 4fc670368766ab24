"""The ranking model: trained reproducibly from the labels kept in the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deckgen import training
from deckgen.candidates import UNIT_FILE, Candidate
from deckgen.ranking import MODEL_FILE, Model, default_model, features

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "labels"
PACKAGE = ROOT / "deckgen"


def test_the_committed_model_is_what_the_labels_train(capsys: pytest.CaptureFixture[str]) -> None:
    records = training.read_labels([LABELS])
    model = training.build_model(records)
    committed = (PACKAGE / MODEL_FILE).read_text(encoding="utf-8")
    assert training.model_text(model) == committed, (
        "deckgen/model.json is not what the labels train: run "
        "python -m deckgen.training train labels/"
    )
    meta = model.meta
    with capsys.disabled():
        print(
            f"\nranking model: {meta['labels']} labels from {meta['notes']} notes; "
            f"cross-validated at threshold {model.threshold}: precision {meta['cv_precision']}, "
            f"recall {meta['cv_recall']}"
        )
    assert 0.0 < model.threshold < 1.0


def test_labels_are_enough_and_well_formed() -> None:
    records = training.read_labels([LABELS])
    assert len(records) >= 2000
    assert len({r["note"] for r in records}) >= 150
    for r in records:
        assert r["verdict"] in ("GOOD", "WEAK", "BAD")
        c = Candidate.from_json(r["candidate"])
        assert 0 <= c.start < c.end <= len(c.text)


def test_the_unit_table_is_pints() -> None:
    pytest.importorskip("pint")
    assert training.unit_text() == (PACKAGE / UNIT_FILE).read_text(encoding="utf-8")


def test_the_frequency_table_is_wordfreqs() -> None:
    pytest.importorskip("wordfreq")
    import gzip

    from deckgen.candidates import FREQUENCY_FILE

    shipped = gzip.decompress((PACKAGE / FREQUENCY_FILE).read_bytes()).decode("utf-8")
    assert shipped == training.frequency_text()


def _candidate(text: str, answer: str, kind: str = "name") -> Candidate:
    start = text.index(answer)
    return Candidate(text, start, start + len(answer), kind, title="Trees")


def test_training_learns_what_the_labels_say_and_is_deterministic() -> None:
    good = [
        _candidate(f"The oak was planted in {1800 + i} by the river.", str(1800 + i), "year")
        for i in range(30)
    ]
    bad = [
        _candidate(f"People often say the oak is {w} in spring.", w, "rare")
        for w in ("lovely", "splendid", "gorgeous", "charming", "stunning") * 6
    ]
    records = [
        {"note": f"n{i % 7}", "verdict": "GOOD", "candidate": c.to_json()}
        for i, c in enumerate(good)
    ]
    records += [
        {"note": f"n{i % 7}", "verdict": "BAD", "candidate": c.to_json()} for i, c in enumerate(bad)
    ]
    first = training.build_model(records)
    assert training.model_text(first) == training.model_text(training.build_model(records))
    assert first.probability(good[0]) > 0.8
    assert first.probability(bad[0]) < 0.2


def test_the_shipped_model_prefers_a_fact_to_an_arbitrary_word() -> None:
    model = default_model()
    text = "Superconductivity was first seen in 1911 when mercury was cooled to 4 kelvin."
    year = _candidate(text, "1911", "year")
    verb = _candidate(text, "cooled", "rare")
    assert model.probability(year) > model.probability(verb)
    assert model.reasons(year)


def test_features_are_plain_numbers() -> None:
    f = features(_candidate("The Knudsen effect moves gas through pores.", "Knudsen effect"))
    assert f["bias"] == 1.0
    assert all(isinstance(v, float) for v in f.values())
    json.dumps(f)


def test_a_model_survives_its_file_form() -> None:
    model = Model({"bias": -1.0, "kind=year": 2.0}, 0.4, {"labels": 2})
    again = json.loads(training.model_text(model))
    assert again["weights"] == {"bias": -1.0, "kind=year": 2.0}
    assert again["threshold"] == 0.4


def test_the_common_name_table_is_what_its_writer_makes() -> None:
    from importlib import resources

    from deckgen.training import common_name_text

    text = resources.files("deckgen").joinpath("common_names.txt").read_text(encoding="utf-8")
    head, *rows = text.splitlines()
    least, notes = (int(w) for w in head.split() if w.isdigit())
    counts = {name: int(n) for name, n in (row.split("\t") for row in rows)}
    assert rows and min(counts.values()) >= least
    assert common_name_text(counts, notes) == text  # order, threshold and filter as written


def test_facts_listed_for_a_note_label_every_candidate(tmp_path: Path) -> None:
    note = tmp_path / "glaciers.md"
    note.write_text((ROOT / "tests" / "fixtures" / "glaciers.md").read_text(encoding="utf-8"))
    listed = {
        "must": [{"keys": ["valley glaciers advance"], "answers": ["10 and 300 m per year"]}],
        "reject": [{"keys": ["subscribe for more"]}],
    }
    records = training.gold_labels(note, listed)
    good = [Candidate.from_json(r["candidate"]) for r in records if r["verdict"] == "GOOD"]
    # The answer, or a span that holds most of it; not "10" alone or the sentence's term.
    assert sorted(c.answer for c in good) == ["10 and 300 m per year", "300 m per year"]
    others = [r for r in records if r["verdict"] == "BAD"]
    assert others and all(r["note"] == "glaciers.md" for r in records)
    same_sentence = [r for r in others if "valley glaciers advance" in r["candidate"]["text"]]
    assert all(r["category"].startswith("the sentence of a listed fact") for r in same_sentence)
    assert not training._same_answer("10", "10 and 300 m per year")
    assert training._same_answer("[[a_b | 300 m]] per year", "300 m per year")


def test_the_phrase_table_counts_the_reference_notes() -> None:
    from deckgen.candidates import notes_holding

    # Commonplaces of talks on AI and money are held by many notes; a made-up run by none.
    assert notes_holding("artificial intelligence") >= 30
    assert notes_holding("Artificial [[ai | Intelligence]]") == notes_holding(
        "artificial intelligence"
    )
    assert notes_holding("the stock market") >= 10
    assert notes_holding("zorbulon quintessence") == 0
    assert notes_holding("one two three four five six") == 0  # longer than five words


def test_labels_count_other_notes_only(tmp_path: Path) -> None:
    import collections

    note = tmp_path / "a.md"
    note.write_text("# T\n\nThe Kessler syndrome worries orbital planners.\n", encoding="utf-8")
    text = "The Kessler syndrome worries orbital planners."
    start = text.index("Kessler syndrome")
    record = {
        "note": "a.md",
        "verdict": "GOOD",
        "candidate": Candidate(text, start, start + 16, "term").to_json(),
    }
    counts = collections.Counter({"kessler syndrome": 4})
    [labelled] = training.with_elsewhere([record], counts, {"a.md": note})
    assert labelled["candidate"]["elsewhere"] == 3  # the note itself is one of the four
    counts["kessler syndrome"] = 3
    [labelled] = training.with_elsewhere([record], counts, {"a.md": note})
    assert labelled["candidate"]["elsewhere"] == 0  # two others: fewer than the table keeps


def test_the_phrase_table_is_what_the_label_pool_gives() -> None:
    bench = ROOT.parent / "shared" / "bench" / "tubegraph"
    if not bench.is_dir():
        pytest.skip("the bench notes are not beside this clone")
    import gzip
    import importlib.util

    spec = importlib.util.spec_from_file_location("pools", LABELS / "pools.py")
    assert spec is not None and spec.loader is not None
    pools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pools)
    real_dev = {p.name for p in (bench.parent.parent / "eval" / "real-dev" / "notes").glob("*.md")}
    notes = pools.notes(bench, "label", real_dev)
    shipped = gzip.decompress((PACKAGE / "phrases.txt.gz").read_bytes()).decode("utf-8")
    assert shipped == training.phrase_text(training.phrase_counts(notes))
