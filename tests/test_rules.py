"""Rule files: validation at load, matching by host and by platform fingerprint, dated layouts."""

from __future__ import annotations

from datetime import date

import pytest

from archiver.errors import RuleError
from archiver.rules import load_rule_file, load_rules, rules_for


def test_packaged_rule_files_load() -> None:
    names = [r.name for r in load_rules()]
    assert names[0] == "_generic"
    assert {"rebelmouse", "townhall"} <= set(names)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bodyy = ['p']", "unknown key 'bodyy'"),
        ("[match]\nhost = ['x']", "unknown key 'match.host'"),
        ("drop = ['div[[']", "bad CSS selector in 'drop'"),
        ("drop_text = ['(unclosed']", "bad regex in 'drop_text'"),
        ("[[layout]]\nvalid_until = 'soon'\nbody = ['p']", "must be a date"),
        ("drop = 3", "must be a string or a list"),
        ("not toml", "cannot read rule file"),
    ],
)
def test_bad_rule_files_name_the_file_and_key(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message) as info:
        load_rule_file("sites/example.toml", text)
    assert "sites/example.toml" in str(info.value)


def test_platform_matched_by_fingerprint_not_only_host() -> None:
    html = "<script>window.REBELMOUSE_LOWEST_TASKS_QUEUE = []</script>"
    assert "rebelmouse" in rules_for("https://some-new-site.example/x", html).names
    assert "rebelmouse" in rules_for("https://responsiblestatecraft.org/x", "<p></p>").names
    assert "rebelmouse" not in rules_for("https://other.example/x", "<p></p>").names


def test_fingerprints_match_the_raw_bytes_and_must_be_ascii() -> None:
    """extract() hands over the page's bytes in any ASCII-compatible charset: the marker reads the same there."""
    page = "<p>Grüße</p><script>window.REBELMOUSE_LOWEST_TASKS_QUEUE = []</script>"
    for charset in ("utf-8", "latin-1", "shift_jis"):
        assert "rebelmouse" in rules_for("https://new.example/x", page.encode(charset, "replace")).names
    assert "rebelmouse" not in rules_for("https://new.example/x", b"<p>REBELMOUSE</p>").names
    with pytest.raises(RuleError, match="must be ASCII"):
        load_rule_file("sites/example.toml", "[match]\nfingerprints = ['caf\u00e9-cdn']")


def test_dated_layouts_pick_the_one_in_force(tmp_path) -> None:
    (tmp_path / "site.toml").write_text(
        "[match]\nhosts = ['paper.example']\n"
        "[[layout]]\nvalid_from = 2025-01-01\nbody = ['.new-body']\n"
        "[[layout]]\nvalid_until = 2024-12-31\nbody = ['.old-body']\n"
    )
    new = rules_for("https://paper.example/a", "", date(2025, 6, 1), directory=str(tmp_path))
    old = rules_for("https://paper.example/a", "", date(2023, 6, 1), directory=str(tmp_path))
    assert [s for _, s in new.body] == [".new-body"]
    assert [s for _, s in old.body] == [".old-body"]
