"""bench/ingest.py runs end to end, and fails when the reader fails."""

from bench import ingest as bench

DOCUMENT = "1. The Second Coordination Meeting was held in New York from 15 to 16 October 2003.\n"


def test_the_bench_prints_both_throughputs_and_their_ratio(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(DOCUMENT, encoding="utf-8")
    assert bench.main(["--quick", "--seeds", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "split_paragraphs only" in out and "read_document" in out and "ratio" in out


def test_the_bench_exits_non_zero_when_the_reader_raises(tmp_path, monkeypatch, capsys):
    (tmp_path / "one.txt").write_text(DOCUMENT, encoding="utf-8")

    def broken(text, organizations=None):
        raise ValueError("unreadable")

    monkeypatch.setattr(bench, "read_document", broken)
    assert bench.main(["--quick", "--seeds", str(tmp_path)]) == 1
    assert "reader failed on one.txt" in capsys.readouterr().err


def test_the_bench_needs_documents(tmp_path):
    assert bench.main(["--quick", "--seeds", str(tmp_path)]) == 2
