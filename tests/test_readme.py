"""The README is the users' guide and a contract: the input table is generated from the schema,
every command and long option of the CLI is named, links into docs/ resolve, and it stays short.
"""

import re
from pathlib import Path

import pytest

import cli
from networks.schema import markdown_table

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
MAX_LINES = 400


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _long_options() -> list[tuple[str, str]]:
    """(command, option) for every option of every command that starts with "--"; of a
    boolean flag pair such as --criticality/--no-criticality only `opts` (the first) is taken.
    """
    return sorted(
        (name, opt)
        for name, command in cli.main.commands.items()
        for param in command.params
        for opt in param.opts
        if opt.startswith("--")
    )


def _heading_anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to -."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _docs_links() -> list[tuple[str, str]]:
    """(path, anchor) of every Markdown link in the README whose target is under docs/."""
    links = re.findall(r"\]\((docs/[^)\s]+)\)", _readme())
    return [(target.partition("#")[0], target.partition("#")[2]) for target in links]


def test_readme_input_table_matches_schema() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme


def test_readme_quick_start_commands() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "pip install -e . && borderflow run" in readme
    assert 'pip install -e ".[test]" && pytest' in readme


def test_readme_is_at_most_400_lines() -> None:
    lines = len(_readme().splitlines())
    assert lines <= MAX_LINES, f"README.md has {lines} lines; move details to docs/"


def test_the_cli_has_commands_and_long_options() -> None:
    # guards the two tests below against passing vacuously
    assert cli.main.commands
    assert ("run", "--days") in _long_options()


@pytest.mark.parametrize(("command", "option"), _long_options())
def test_readme_names_every_long_option(command: str, option: str) -> None:
    assert re.search(rf"{re.escape(option)}(?![\w-])", _readme()), (
        f"`borderflow {command} {option}` is not in README.md"
    )


@pytest.mark.parametrize("name", sorted(cli.main.commands))
def test_readme_names_every_command(name: str) -> None:
    assert f"borderflow {name}" in _readme()


def test_readme_links_into_docs_resolve() -> None:
    links = _docs_links()
    assert links, "README.md links to no file in docs/"
    for path, anchor in links:
        target = ROOT / path
        assert target.is_file(), f"README.md links to {path}, which does not exist"
        if anchor and target.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", target.read_text(encoding="utf-8"), re.M)
            anchors = {_heading_anchor(h) for h in headings}
            assert anchor in anchors, f"README.md links to {path}#{anchor}: no such heading"
