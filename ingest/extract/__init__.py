"""Files to text: what the reader (``ingest.reader``) reads, taken out of a PDF (pdfminer.six) or a
Word file (python-docx), without running heads and feet, with paragraph numbers (Word's automatic
numbering included) and footnotes.

Plain Python, no Django, no database: ``ingest.formats`` (the caller, with the settings) runs
``ingest.extract.child`` as a process of its own with a time and a memory limit, so that a crafted
file cannot hold a web or Celery worker. Modules: ``limits`` (what a file may hold; the refusal),
``pages`` (running heads and feet), ``pdf``, ``word``, ``child`` (the process's entry point).
See docs/decisions/0017-reading-pdf-and-word.md.
"""
