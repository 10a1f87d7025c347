"""bench/ingest.py runs end to end, and fails when the reader fails."""

import re

from bench import ingest as bench

DOCUMENT = "1. The Second Coordination Meeting was held in New York from 15 to 16 October 2003.\n"


def test_the_bench_prints_both_throughputs_and_their_ratio(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(DOCUMENT, encoding="utf-8")
    assert bench.main(["--quick", "--seeds", str(tmp_path), "--worst-size", "4000"]) == 0
    out = capsys.readouterr().out
    assert "split_paragraphs only" in out and "read_document" in out and "ratio" in out
    # The worst case at two sizes, and the ratio for twice the size on its own line.
    assert "worst case: one paragraph of 4 kB" in out
    assert re.search(r"^worst case ratio +\d+\.\d\dx for twice the size$", out, re.MULTILINE), out


def test_the_worst_case_is_one_paragraph_of_the_size_asked_full_of_dates_sessions_and_symbols():
    text = bench.worst_case(20_000)
    assert 20_000 <= len(text) < 21_000
    result = bench.read_document(text)
    assert [p.key for p in result.paragraphs] == ["1"]
    kinds = {p.kind for p in result.proposals}
    assert {"mandate", "symbol", "meeting", "obligation"} <= kinds
    assert text.count(" session") > 50 and text.count("E/CN.9/") > 20


def test_the_bench_exits_non_zero_when_the_reader_raises(tmp_path, monkeypatch, capsys):
    (tmp_path / "one.txt").write_text(DOCUMENT, encoding="utf-8")

    def broken(text, organizations=None):
        raise ValueError("unreadable")

    monkeypatch.setattr(bench, "read_document", broken)
    assert bench.main(["--quick", "--seeds", str(tmp_path)]) == 1
    assert "reader failed on one.txt" in capsys.readouterr().err


def test_the_bench_needs_documents(tmp_path):
    assert bench.main(["--quick", "--seeds", str(tmp_path)]) == 2
