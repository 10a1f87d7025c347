"""The licence pyproject.toml declares is the one in LICENSE, and the README says so (#22 point 6)."""

import hashlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# MD5 of https://www.apache.org/licenses/LICENSE-2.0.txt, the text as the Apache Software Foundation publishes it.
APACHE_2_0_MD5 = "3b83ef96387f14655fc854ddc3c6bd57"


def test_the_license_file_is_the_full_apache_2_0_text_that_pyproject_declares():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert declared == "Apache-2.0"
    text = (ROOT / "LICENSE").read_bytes()
    assert hashlib.md5(text, usedforsecurity=False).hexdigest() == APACHE_2_0_MD5


def test_the_readme_names_the_licence_and_links_the_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Licence" in readme
    assert "Apache License 2.0: see [LICENSE](LICENSE)" in readme
