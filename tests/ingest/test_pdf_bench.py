"""bench/pdf_reading.py runs end to end: both libraries scored on the three layouts, and the ratio."""

from bench import pdf_reading as bench


def test_the_bench_scores_both_libraries_on_each_layout_and_prints_the_time_ratio(capsys):
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith(tuple(bench.LAYOUTS))]
    assert len(rows) == len(bench.LAYOUTS) * len(bench.LIBRARIES)
    assert "pdfminer.six as ingest reads / pypdf:" in out
    interleaved = next(row for row in rows if row.startswith("columns row by row") and " pdfminer.six " in row)
    assert " 14/14 " in interleaved and " 100% " in interleaved  # the measured reason for the choice
