"""borderflow's command line: parse, call the library, print, exit.

Exit codes: 0 success; 1 bad input or a solve that is not optimal (one line per problem on
stderr, no traceback unless -v); 2 usage error (click's default).
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from pathlib import Path

import click

from inputs import bundled_path
from logistics import SOLVERS, load_scenarios, run_scenarios, write_report
from logistics.scenarios import check_scenarios
from networks import BorderflowError, InputError, load_network

BUNDLED_NETWORK = bundled_path("afghanistan")
BUNDLED_SCENARIOS = bundled_path("scenarios")
OUTPUTS = Path("outputs")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def handle_errors(func):
    """Turn borderflow's errors into one line per problem on stderr and exit code 1; -v adds the traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        verbose = kwargs.get("verbose", False)
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo(f"error: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} in the input:", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            if verbose:
                traceback.print_exc()
            sys.exit(1)
        except (BorderflowError, OSError) as exc:  # OSError: a report or input we cannot write or read
            click.echo(f"error: {exc}", err=True)
            if verbose:
                traceback.print_exc()
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: say so in one line unless -v
            click.echo(f"internal error: {type(exc).__name__}: {exc} (please report it; run with -v for the traceback)", err=True)
            if verbose:
                traceback.print_exc()
            sys.exit(1)

    return wrapper


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        click.echo(message, err=True)


def _fmt(value, spec: str = ",.0f", none: str = "-") -> str:
    return none if value is None else format(value, spec)


def comparison_table(results) -> str:
    """A short fixed-width table: one line per scenario (t, % of need, people-days, first day and province)."""
    names = results.network.node_table["name"]
    head = f"{'scenario':<28} {'shortfall t':>12} {'% need':>7} {'people-days':>13} {'aid short t':>12} {'first day':>9}  first province short"
    lines = [head, "-" * len(head)]
    for s in results.scenarios:
        t = s.totals
        province = names.get(t["first_province_short"], "-") if t["first_province_short"] else "-"
        lines.append(
            f"{s.name[:28]:<28} {_fmt(t['shortfall_t']):>12} {_fmt(t['shortfall_pct'], '.1f'):>7} {_fmt(t['people_days_unmet']):>13} "
            f"{_fmt(t['aid_shortfall_t']):>12} {_fmt(t['first_shortfall_day'], 'd'):>9}  {province}"
        )
    weighted = results.probability_weighted()
    if weighted:
        lines.append(
            f"probability-weighted: {weighted['expected_shortfall_t']:,.0f} t short ({weighted['expected_shortfall_pct']:.1f} % of need), "
            f"{weighted['expected_people_days_unmet']:,.0f} people-days, over {len(weighted['scenarios'])} alternatives"
            + ("" if weighted["complete"] else f" whose probabilities sum to {weighted['probability_sum']:.2f}, not 1")
        )
        if weighted["variants"]:
            lines.append(f"variants (not weighted): {', '.join(weighted['variants'])}")
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="borderflow")
def main() -> None:
    """borderflow: how much food and aid fails to reach Afghanistan's provinces when border
    crossings close, from which day, and what rerouting can save."""


@main.command()
@click.argument("scenario_files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--network", "network_path", type=click.Path(exists=True, path_type=Path), help="Network folder of CSV files or .xlsx workbook [default: bundled Afghanistan network].")
@click.option("--days", type=click.IntRange(min=1), help="Horizon in days (overrides the scenarios' horizon_days) [default: 90].")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Excel report to write [default: outputs/<network>.xlsx; none with --json].")
@click.option("--solver", type=click.Choice(SOLVERS), default="highs", show_default=True, help="LP solver.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document alone on stdout.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds allowed per solver call; a solve that runs out is an error, never a result.")
@click.option("-v", "--verbose", is_flag=True, help="More detail, and tracebacks on errors.")
@handle_errors
def run(scenario_files: tuple[Path, ...], network_path: Path | None, days: int | None, out: Path | None, solver: str, as_json: bool, time_limit: float | None, verbose: bool) -> None:
    """Solve the baseline and each scenario; print a comparison and write an Excel report.

    With no arguments: the bundled Afghanistan network and every scenario in the bundled
    scenario folder. With --network and no SCENARIO_FILES: the baseline alone.
    SCENARIO_FILES may be YAML files or folders of them.

    \b
    Examples:
      borderflow run
      borderflow run inputs/scenarios/torkham-chaman-30d.yaml --days 60 --out torkham.xlsx
      borderflow run --network my_network.xlsx my_scenarios.yaml --json > results.json
    """
    path = network_path or BUNDLED_NETWORK
    if scenario_files:
        files = list(scenario_files)
    else:
        files = [] if network_path else [BUNDLED_SCENARIOS]
    network = load_network(path)
    scenarios = load_scenarios(files)
    for warning in network.warnings:
        click.echo(f"warning: {warning}", err=True)
    if verbose:
        click.echo(f"network: {network.describe()}", err=True)
    results = run_scenarios(network, scenarios, horizon_days=days, solver=solver, progress=_progress if not as_json else None, time_limit_s=time_limit)
    if verbose:
        size = results.model_size
        click.echo(f"LP: {size['columns']:,} columns, {size['rows']:,} rows, {size['nonzeros']:,} non-zeros; build {results.build_seconds:.2f} s, total {results.duration_seconds:.2f} s", err=True)
    report = out
    if report is None and not as_json:
        report = OUTPUTS / f"{Path(path).stem}.xlsx"
    if report is not None:
        write_report(results, report)
    if as_json:
        click.echo(json.dumps(results.to_dict(), indent=1, ensure_ascii=False))
        return
    click.echo(f"borderflow: {results.horizon_days}-day horizon, {results.solver}, perfect foresight; {network.describe()}")
    click.echo(comparison_table(results))
    click.echo(f"report: {report}")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--network", "network_path", type=click.Path(exists=True, path_type=Path), help="Network to check scenario targets against [default: bundled Afghanistan network].")
@click.option("--json", "as_json", is_flag=True, help="Print {valid, problems, warnings} as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors.")
@handle_errors
def validate(path: Path, network_path: Path | None, as_json: bool, verbose: bool) -> None:
    """Check a network (CSV folder or .xlsx workbook) or a scenario YAML file; list every problem.

    \b
    Examples:
      borderflow validate inputs/afghanistan
      borderflow validate my_network.xlsx
      borderflow validate inputs/scenarios/torkham-chaman-30d.yaml --network inputs/afghanistan
    """
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            network = load_network(network_path or BUNDLED_NETWORK)
            scenarios = load_scenarios([path])
            check_scenarios(network, scenarios)
            summary = f"{len(scenarios)} scenario{'s' if len(scenarios) != 1 else ''}: {', '.join(s.name for s in scenarios)}"
        else:
            network = load_network(path)
            summary = network.describe()
    except InputError as exc:
        if not as_json:
            raise
        click.echo(json.dumps({"valid": False, "problems": [str(p) for p in exc.problems], "warnings": []}, indent=1))
        sys.exit(1)
    if as_json:
        click.echo(json.dumps({"valid": True, "problems": [], "warnings": list(network.warnings), "summary": summary}, indent=1))
        return
    for warning in network.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"OK: {path}: {summary}")


if __name__ == "__main__":
    main()
