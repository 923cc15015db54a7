"""The README's input table is generated from the schema; keep them equal."""

from pathlib import Path

from networks.schema import markdown_table


def test_readme_input_table_matches_schema() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme


def test_readme_quick_start_commands() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "pip install -e . && borderflow run" in readme
    assert 'pip install -e ".[test]" && pytest' in readme
