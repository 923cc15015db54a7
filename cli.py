"""borderflow's command line: parse, call the library, print, exit.

Exit codes: 0 success; 1 bad input, a solve that is not optimal, or a case whose worker
processes kept dying (one line per problem on stderr, no traceback unless -v); 2 usage error
(click's default); 130 interrupted (Ctrl-C, SIGINT) and 143 stopped (SIGTERM), the workers
stopped and no partial output left.
"""

from __future__ import annotations

import functools
import math
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import click

from inputs import bundled_path
from logistics import (
    SOLVERS,
    load_risk_model,
    load_scenarios,
    run_criticality,
    run_montecarlo,
    write_analysis_report,
    write_report,
)
from logistics.analyses.criticality import competition_ranks
from logistics.analyses.run import run_analysis
from logistics.engine.engine import BOTH, FORESIGHTS, Options
from logistics.engine.pool import IncompleteSweep
from logistics.model.lp import ALLOCATIONS
from logistics.model.steps import DAILY_DAYS, DAILY_END_DAYS, STEP_RULES
from logistics.report.jsontext import dumps
from networks import ELASTICITY_CASES, BorderflowError, InputError, load_network
from networks.scenarios import check_scenarios, load_network_and_scenarios, load_overlay
from networks.schema import MAX_DAYS

BUNDLED_NETWORK = bundled_path("afghanistan")
BUNDLED_SCENARIOS = bundled_path("scenarios")
BUNDLED_RISK = bundled_path("risk", "afghanistan.yaml")
ALLOCATION_HELP = (
    "How unavoidable shortfall is shared: market (a spatial price equilibrium: goods go where "
    "they are worth most after delivery costs, on each good's demand curve; aid by priority), "
    "proportional (no province's unmet share of its total need can be lowered without raising "
    "a larger one), priority (the same with node priorities as weights) or least-cost (weighted "
    "unmet need, then transport cost: market's limit with perfectly inelastic demand)."
)
ELASTICITY_HELP = (
    "Which sourced own-price elasticities priced goods use: central, low (least responsive: "
    "larger price rises for the same shortage) or high."
)
# options that run and the sweeps share (defined once)
ALLOCATION_OPTION = click.option(
    "--allocation",
    type=click.Choice(ALLOCATIONS),
    default=ALLOCATIONS[0],
    show_default=True,
    help=ALLOCATION_HELP,
)
ELASTICITY_OPTION = click.option(
    "--elasticity",
    type=click.Choice(ELASTICITY_CASES),
    default=ELASTICITY_CASES[0],
    show_default=True,
    help=ELASTICITY_HELP,
)
TIME_STEPS_OPTION = click.option(
    "--time-steps",
    type=click.Choice(STEP_RULES),
    default=STEP_RULES[0],
    show_default=True,
    help="daily: one step per day; fitted: daily for the first "
    f"{DAILY_DAYS} and the last {DAILY_END_DAYS} days, weekly between, split at every day a "
    "closure starts or ends or a supply or demand rate changes (a smaller LP; see "
    "docs/time-steps.md for how far its figures move).",
)
FORESIGHT_WORDS = {
    "perfect": "perfect foresight",
    "none": "no foresight (rolling horizon)",
    "both": (
        "perfect foresight, and each closure scenario again with no foresight ('if surprise')"
    ),
}
OUTPUTS = Path("outputs")


class _TimeLimit(click.ParamType):
    """Seconds per solver call: a finite number above 0 (click's FloatRange lets NaN through)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds <= 0:
            self.fail(f"{value!r} is not a finite number of seconds above 0", param, ctx)
        return seconds


TIME_LIMIT = _TimeLimit()
TIME_LIMIT_HELP = (
    "Seconds allowed to each solver call (each stage of each scenario or case, on its own clock); "
    "a solve that runs out is an error, never a result."
)


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: unwind (workers stopped, temporary files removed), then exit
    128 + the signal's number.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


SIGNAL_WORDS = {signal.SIGINT: "interrupted (SIGINT, Ctrl-C)", signal.SIGTERM: "stopped (SIGTERM)"}


@contextmanager
def stop_on_signals():
    """Within the block, SIGINT and SIGTERM raise ``Stopped``; a second signal while the first
    unwinds is ignored, so that the clean-up (stopping the workers, removing temporary files)
    runs to its end. Only the main thread can take signals: elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        for s in SIGNAL_WORDS:
            signal.signal(s, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in SIGNAL_WORDS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def handle_errors(func):
    """Turn borderflow's errors into one line per problem on stderr and exit code 1; -v adds the
    traceback. SIGINT and SIGTERM stop the command cleanly: one line, exit code 130 or 143.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        verbose = kwargs.get("verbose", False)
        try:
            with stop_on_signals():
                return func(*args, **kwargs)
        except KeyboardInterrupt as exc:  # Stopped, or Ctrl-C before the handler was set
            signum = getattr(exc, "signum", signal.SIGINT)
            click.echo(
                f"error: {SIGNAL_WORDS[signum]}; the workers are stopped and no partial output "
                "is left",
                err=True,
            )
            sys.exit(128 + signum)
        except InputError as exc:
            click.echo(
                (
                    f"error: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} "
                    "in the input:"
                ),
                err=True,
            )
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            if verbose:
                traceback.print_exc()
            sys.exit(1)
        except (
            BorderflowError,
            OSError,
        ) as exc:  # OSError: a report or input we cannot write or read
            click.echo(f"error: {exc}", err=True)
            if verbose:
                traceback.print_exc()
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: say so in one line unless -v
            click.echo(
                (
                    f"internal error: {type(exc).__name__}: {exc} (please report it; run with -v "
                    "for the traceback)"
                ),
                err=True,
            )
            if verbose:
                traceback.print_exc()
            sys.exit(1)

    return wrapper


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        from tqdm import tqdm

        tqdm.write(message, file=sys.stderr)  # above a progress bar, if one is drawn


def _bar(total: int, label: str, unit: str, enabled: bool):
    """A tqdm bar on stderr, drawn only when ``enabled`` and stderr is a terminal, at the
    terminal's size (80 × 24 where it reports none: a new pseudo-terminal reports 0 × 0, and
    tqdm then hides its bar).
    """
    import shutil

    from tqdm import tqdm

    size = shutil.get_terminal_size((80, 24))
    return tqdm(
        total=total,
        desc=label,
        unit=unit,
        file=sys.stderr,
        disable=not (enabled and sys.stderr.isatty()),
        leave=False,
        ncols=size.columns,
        nrows=size.lines,
    )


@contextmanager
def progress_bar(total: int, label: str, enabled: bool):
    """A bar of ``total`` cases (``_bar``); yields the update callback (number of cases just
    finished).
    """
    bar = _bar(total, label, "case", enabled)
    try:
        yield bar.update
    finally:
        bar.close()


@contextmanager
def plan_bar(label: str, enabled: bool):
    """A bar (``_bar``) of the plans a run solves (scenarios, re-plans, ranking cases), with the
    time left. Yields the ``advance(done, total)`` callback; the bar starts on its first call,
    when the total is known.
    """
    bar = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = _bar(total, label, "plan", enabled)
        bar.update(done)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.close()


def _fmt(value, spec: str = ",.0f", none: str = "-") -> str:
    return none if value is None else format(value, spec)


def _basket_peak(totals: dict) -> str:
    """The basket's peak price change and its week, e.g. "+12.3 % wk 9"; "-" when none."""
    change, week = totals.get("basket_peak_price_change_pct"), totals.get("basket_peak_week")
    if change is None or week is None:
        return "-"
    return f"{change:+.1f} % wk {week + 1}"


def comparison_table(results) -> str:
    """A short fixed-width table: one line per scenario under its whole name (t, % of need,
    people-days, first day and province), and, when the run solved both foresight bounds, the
    shortfall with no foresight (each closure a surprise) beside the perfect-foresight one.
    """
    names = results.network.node_table["name"]
    both = results.foresight == "both"
    surprise = f" {'if surprise t':>13}" if both else ""
    priced = bool(results.network.priced_commodity_ids())
    peak = f" {'basket peak':>14}" if priced else ""
    width = max(len("scenario"), *(len(s.name) for s in results.scenarios))  # whole names
    head = (
        f"{'scenario':<{width}} {'shortfall t':>12}{surprise} {'% need':>7} {'people-days':>13} "
        f"{'aid short t':>12}{peak} {'first day':>9}  first province short"
    )
    lines = [head, "-" * len(head)]
    for s in results.scenarios:
        t = s.totals
        province = names.get(t["first_province_short"], "-") if t["first_province_short"] else "-"
        rolling = (s.bounds.get("none") or t)["shortfall_t"]
        cell = f" {_fmt(rolling):>13}" if both else ""
        price = f" {_basket_peak(t):>14}" if priced else ""
        lines.append(
            f"{s.name:<{width}} {_fmt(t['shortfall_t']):>12}{cell} "
            f"{_fmt(t['shortfall_pct'], '.1f'):>7} "
            f"{_fmt(t['people_days_unmet']):>13} {_fmt(t['aid_shortfall_t']):>12}{price} "
            f"{_fmt(t['first_shortfall_day'], 'd'):>9}  {province}"
        )
    if priced:
        lines.append(
            "basket peak: the largest weekly price change of the national basket of priced goods "
            "against the baseline (week counted from 1), perfect foresight"
        )
    weighted = results.probability_weighted()
    if weighted:
        lines.append(
            f"probability-weighted: {weighted['expected_shortfall_t']:,.0f} t short "
            f"({weighted['expected_shortfall_pct']:.1f} % of need), "
            f"{weighted['expected_people_days_unmet']:,.0f} people-days, over "
            f"{len(weighted['scenarios'])} alternatives"
            + (
                ""
                if weighted["complete"]
                else f" whose probabilities sum to {weighted['probability_sum']:.2f}, not 1"
            )
        )
        if weighted["variants"]:
            lines.append(f"variants (not weighted): {', '.join(weighted['variants'])}")
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="borderflow")
def main() -> None:
    """borderflow: how much food and aid fails to reach Afghanistan's provinces when border
    crossings close, from which day, and what rerouting can save.
    """


@main.command()
@click.argument("scenario_files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--network",
    "network_path",
    type=click.Path(exists=True, path_type=Path),
    help="Network folder of CSV files or .xlsx workbook [default: bundled Afghanistan network].",
)
@click.option(
    "--days",
    type=click.IntRange(min=1, max=MAX_DAYS),
    help="Horizon in days (overrides the scenarios' horizon_days) [default: 90].",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Excel report to write [default: outputs/<network>.xlsx; none with --json].",
)
@click.option(
    "--solver", type=click.Choice(SOLVERS), default="highs", show_default=True, help="LP solver."
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document alone on stdout.")
@click.option("--time-limit", type=TIME_LIMIT, help=TIME_LIMIT_HELP)
@click.option(
    "--foresight",
    type=click.Choice((*FORESIGHTS, BOTH)),
    default=BOTH,
    show_default=True,
    help="perfect: the plan knows every closure from day 0; none: it learns of each on the day it "
    "starts (rolling horizon); both: each closure scenario both ways, the tables from perfect "
    "foresight and the shortfall range in the table, JSON bounds and report.",
)
@ALLOCATION_OPTION
@ELASTICITY_OPTION
@TIME_STEPS_OPTION
@click.option(
    "--overlay",
    "overlay_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Scenario YAML applied on top of every scenario, baseline included (e.g. a supply case).",
)
@click.option(
    "--criticality/--no-criticality",
    default=True,
    show_default=True,
    help="Also rank the crossings by the shortfall their closure over the horizon adds (report "
    "and JSON).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Local worker processes for the scenarios and the criticality ranking [default: all "
    "cores; a run of under 10,000 LP columns solves in this process].",
)
@click.option(
    "--start-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Calendar date of day 0 (YYYY-MM-DD): the report's dates, the JSON, and the months of "
    "seasonal supply rows [default: today].",
)
@click.option("-v", "--verbose", is_flag=True, help="More detail, and tracebacks on errors.")
@handle_errors
def run(
    scenario_files: tuple[Path, ...],
    network_path: Path | None,
    days: int | None,
    out: Path | None,
    solver: str,
    as_json: bool,
    time_limit: float | None,
    foresight: str,
    allocation: str,
    elasticity: str,
    time_steps: str,
    overlay_file: Path | None,
    criticality: bool,
    workers: int | None,
    start_date: datetime | None,
    verbose: bool,
) -> None:
    """Solve the baseline and each scenario; print a comparison and write an Excel report.

    With no arguments: the bundled Afghanistan network and every scenario in the bundled
    scenario folder. With --network and no SCENARIO_FILES: the baseline alone, or, for an
    .xlsx workbook, the scenarios of its Scenarios sheet. The sheet's scenarios run together
    with any SCENARIO_FILES given; names must be unique across both.
    SCENARIO_FILES may be YAML files or folders of them. --overlay applies one more
    scenario file on top of every scenario, the baseline included (e.g. a supply case); the
    crossing ranking is then left out (criticality does not take an overlay).

    \b
    Examples:
      borderflow run
      borderflow run --overlay inputs/supply/low.yaml
      borderflow run inputs/scenarios/torkham-chaman-30d.yaml --days 60 --out torkham.xlsx
      borderflow run --network my_network.xlsx my_scenarios.yaml --json > results.json
    """  # noqa: D301 (click needs a real \b, not a raw docstring)
    path = network_path or BUNDLED_NETWORK
    day_zero = start_date.date() if start_date else date.today()
    if scenario_files:
        files = list(scenario_files)
    else:
        files = [] if network_path else [BUNDLED_SCENARIOS]
    if not as_json:
        _progress(f"reading and checking {path}")
    network, scenarios = load_network_and_scenarios(path, files)
    network = network.on_calendar(day_zero)
    overlay = load_overlay(overlay_file) if overlay_file is not None else None
    for warning in network.warnings:
        click.echo(f"warning: {warning}", err=True)
    if verbose:
        click.echo(f"network: {network.describe()}", err=True)
    if criticality and overlay is not None:
        # The ranking would be of the network as given, not under the overlay: leave it out.
        click.echo(
            "note: no crossing ranking under an overlay (criticality does not take --overlay)",
            err=True,
        )
    elif criticality and not as_json:
        _progress("the crossings are ranked on the same workers (--no-criticality skips this)")
    options = Options(
        horizon_days=days,
        solver=solver,
        foresight=foresight,
        time_limit_s=time_limit,
        workers=workers,
        allocation=allocation,
        elasticity=elasticity,
        time_steps=time_steps,
    )
    progress = _progress if not as_json else None
    with plan_bar("run", enabled=not as_json) as advance:
        analysis = run_analysis(
            network, scenarios, options, overlay, criticality, progress, advance=advance
        )
    results, ranking = analysis.results, analysis.criticality
    if verbose:
        size = results.model_size
        click.echo(
            (
                f"LP: {size['columns']:,} columns, {size['rows']:,} rows, {size['nonzeros']:,} "
                f"non-zeros; build {results.build_seconds:.2f} s, total "
                f"{results.duration_seconds:.2f} s"
            ),
            err=True,
        )
    report = out
    if report is None and not as_json:
        report = OUTPUTS / f"{Path(path).stem}.xlsx"
    if report is not None:
        if not as_json:
            _progress(f"writing the report {report}")
        write_report(results, report, criticality=ranking, start_date=day_zero)
    if as_json:
        doc = results.to_dict()
        doc["start_date"] = day_zero.isoformat()
        if ranking is not None:
            doc["criticality"] = ranking.to_dict()
        click.echo(dumps(doc))
        return
    foresight_words = FORESIGHT_WORDS[results.foresight]
    settings = f"{results.horizon_days}-day horizon, {results.solver}, {foresight_words}"
    under = f"; overlay {overlay.name} ({overlay_file}) on every scenario" if overlay else ""
    click.echo(f"borderflow: {settings}; {network.describe()}{under}")
    click.echo(comparison_table(results))
    if ranking is not None:
        top = ranking.ranking[ranking.ranking["kind"] == "crossing"].iloc[0]
        click.echo(
            f"most critical crossing over {ranking.duration_days} days: {top['name']} (closing it "
            f"alone adds {top['added_shortfall_t']:,.0f} t)"
        )
    click.echo(f"report: {report}")


def sweep_options(func):
    """Options every sweep command shares."""
    options = [
        click.option(
            "--network",
            "network_path",
            type=click.Path(exists=True, path_type=Path),
            help="Network folder of CSV files or .xlsx workbook [default: bundled Afghanistan "
            "network].",
        ),
        click.option(
            "--days",
            type=click.IntRange(min=1, max=MAX_DAYS),
            help="Horizon in days [default: 90].",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            help="Local worker processes [default: all cores; a sweep of under 10,000 LP "
            "columns solves in this process].",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="Run on the Dask distributed cluster at ADDRESS (e.g. tcp://10.0.0.5:8786) "
            "instead of local processes.",
        ),
        click.option(
            "--solver",
            type=click.Choice(SOLVERS),
            default="highs",
            show_default=True,
            help="LP solver.",
        ),
        click.option(
            "--foresight",
            type=click.Choice(FORESIGHTS),
            default="perfect",
            show_default=True,
            help="perfect: closures known from day 0; none: learned on the day they start.",
        ),
        ALLOCATION_OPTION,
        ELASTICITY_OPTION,
        TIME_STEPS_OPTION,
        click.option(
            "--out",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Also write the results as an Excel workbook.",
        ),
        click.option(
            "--json", "as_json", is_flag=True, help="Print the JSON document alone on stdout."
        ),
        click.option(
            "--start-date",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Calendar date of day 0 (YYYY-MM-DD): the workbook's dates and the months of "
            "seasonal supply rows [default: today; the workbook then shows days only].",
        ),
        click.option("--time-limit", type=TIME_LIMIT, help=TIME_LIMIT_HELP),
        click.option(
            "-v", "--verbose", is_flag=True, help="More detail, and tracebacks on errors."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _load_network(network_path: Path | None, verbose: bool, start_date: datetime | None):
    _progress(f"reading and checking {network_path or BUNDLED_NETWORK}")
    day_zero = start_date.date() if start_date else date.today()
    network = load_network(network_path or BUNDLED_NETWORK).on_calendar(day_zero)
    for warning in network.warnings:
        click.echo(f"warning: {warning}", err=True)
    if verbose:
        click.echo(f"network: {network.describe()}", err=True)
    return network


def _emit_analysis(
    result, out: Path | None, as_json: bool, start_date: datetime | None, **analysis
) -> bool:
    """Write the analysis workbook if asked; print the JSON and return True in --json mode."""
    if out is not None:
        write_analysis_report(out, start_date=start_date.date() if start_date else None, **analysis)
    if as_json:
        click.echo(dumps(result.to_dict()))
    return as_json


def _incomplete(
    exc: IncompleteSweep, kind: str, out: Path | None, as_json: bool, start_date: datetime | None
) -> None:
    """A sweep that gave up cases: say which, write what it solved (marked incomplete) where an
    output was asked for, and exit 1.
    """
    click.echo(f"error: {exc}", err=True)
    result = exc.result
    if result is None:
        click.echo("note: nothing written: the baseline or every case was given up", err=True)
    elif out is not None or as_json:
        _emit_analysis(result, out, as_json, start_date, **{kind: result})
        where = " and ".join(
            [f"in {out}"] * (out is not None) + ["in the JSON on stdout"] * as_json
        )
        click.echo(
            f"note: the cases solved are {where}, marked incomplete ({len(result.missing)} "
            "missing)",
            err=True,
        )
    sys.exit(1)


def _timing_line(timing: dict) -> str:
    where = (
        f"Dask cluster {timing['scheduler']}"
        if timing["scheduler"]
        else f"{timing['workers']} worker{'s' if timing['workers'] != 1 else ''}"
    )
    paths = ", ".join(f"{n} {p}" for p, n in timing["paths"].items() if n)
    return (
        f"{timing['wall_seconds']:.1f} s on {where}; "
        f"mean case {timing['mean_case_seconds']:.3f} s = "
        f"{timing['mean_case_to_cold_ratio']:.2f}× one cold build + solve "
        f"({timing['cold_build_seconds'] + timing['cold_solve_seconds']:.2f} s); "
        f"cases by path: {paths}"
    )


@main.command()
@sweep_options
@click.option(
    "--duration",
    type=click.IntRange(min=1),
    help="Days each closure lasts [default: to the horizon's end].",
)
@click.option(
    "--start-day",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Day each closure starts.",
)
@click.option("--routes", is_flag=True, help="Also close each route in turn.")
@click.option("--pairs", is_flag=True, help="Also close each pair of crossings together.")
@handle_errors
def criticality(
    network_path: Path | None,
    days: int | None,
    workers: int | None,
    scheduler: str | None,
    solver: str,
    foresight: str,
    allocation: str,
    elasticity: str,
    time_steps: str,
    out: Path | None,
    as_json: bool,
    start_date: datetime | None,
    time_limit: float | None,
    verbose: bool,
    duration: int | None,
    start_day: int,
    routes: bool,
    pairs: bool,
) -> None:
    """Close each crossing in turn (and each route, each pair) and rank them by the shortfall added.

    \b
    Examples:
      borderflow criticality
      borderflow criticality --duration 30 --pairs --out criticality.xlsx
      borderflow criticality --network my_network.xlsx --routes --json > ranking.json
    """  # noqa: D301 (click needs a real \b, not a raw docstring)
    network = _load_network(network_path, verbose, start_date)
    from logistics.analyses.criticality import criticality_cases

    total = 1 + len(criticality_cases(network, 0, None, routes, pairs))
    with progress_bar(total, "criticality", enabled=not as_json) as update:
        options = Options(
            horizon_days=days,
            solver=solver,
            foresight=foresight,
            time_limit_s=time_limit,
            workers=workers,
            scheduler=scheduler,
            allocation=allocation,
            elasticity=elasticity,
            time_steps=time_steps,
        )
        try:
            result = run_criticality(
                network, duration_days=duration, start_day=start_day, routes=routes, pairs=pairs,
                progress=update, options=options,
            )  # fmt: skip
        except IncompleteSweep as exc:
            _incomplete(exc, "criticality", out, as_json, start_date)
    if _emit_analysis(result, out, as_json, start_date, criticality=result):
        return
    click.echo(
        f"borderflow criticality: closures of {result.duration_days} days from day "
        f"{result.start_day}, {result.horizon_days}-day horizon, "
        f"{FORESIGHT_WORDS[result.foresight]}; baseline shortfall "
        f"{result.baseline_shortfall_t:,.0f} t of {result.need_t:,.0f} t need"
    )
    head = (
        f"{'rank':>4}  {'closed':<42} {'kind':<8} {'added t':>12} {'% need':>7} "
        f"{'people-days':>13} {'provinces':>9}"
    )
    click.echo(head)
    click.echo("-" * len(head))
    ranks, tied = competition_ranks(result.ranking["added_shortfall_t"])
    for r, rank, is_tied in zip(result.ranking.itertuples(index=False), ranks, tied, strict=True):
        shown = f"={rank}" if is_tied else str(rank)
        click.echo(
            f"{shown:>4}  {r.name[:42]:<42} {r.kind:<8} {r.added_shortfall_t:>12,.0f} "
            f"{r.added_shortfall_pct:>7.2f} {r.added_people_days:>13,.0f} "
            f"{r.provinces_affected:>9}"
        )
    click.echo(_timing_line(result.sweep.timing()))
    if out is not None:
        click.echo(f"report: {out}")


@main.command()
@click.argument(
    "risk_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@sweep_options
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Closure samples to draw and solve.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed: the same seed gives the same numbers, locally or on a cluster.",
)
@handle_errors
def montecarlo(
    risk_file: Path | None,
    network_path: Path | None,
    days: int | None,
    workers: int | None,
    scheduler: str | None,
    solver: str,
    foresight: str,
    allocation: str,
    elasticity: str,
    time_steps: str,
    out: Path | None,
    as_json: bool,
    start_date: datetime | None,
    time_limit: float | None,
    verbose: bool,
    samples: int,
    seed: int,
) -> None:
    """Draw random closures from a risk model and give the spread of shortfall they cause.

    RISK_FILE is a YAML closure risk model [default: the bundled one for Afghanistan's
    Pakistani crossings, inputs/risk/afghanistan.yaml].

    \b
    Examples:
      borderflow montecarlo --samples 1000 --seed 7
      borderflow montecarlo my_risk.yaml --days 180 --out risk.xlsx
      borderflow montecarlo --scheduler tcp://10.0.0.5:8786 --samples 20000 --json > mc.json
    """  # noqa: D301 (click needs a real \b, not a raw docstring)
    network = _load_network(network_path, verbose, start_date)
    risk = load_risk_model(risk_file or BUNDLED_RISK)
    with progress_bar(samples + 1, "montecarlo", enabled=not as_json) as update:
        options = Options(
            horizon_days=days,
            solver=solver,
            foresight=foresight,
            time_limit_s=time_limit,
            workers=workers,
            scheduler=scheduler,
            allocation=allocation,
            elasticity=elasticity,
            time_steps=time_steps,
        )
        try:
            result = run_montecarlo(network, risk, samples, seed, progress=update, options=options)
        except IncompleteSweep as exc:
            _incomplete(exc, "montecarlo", out, as_json, start_date)
    if _emit_analysis(result, out, as_json, start_date, montecarlo=result):
        return
    s = result.summary()
    click.echo(
        f"borderflow montecarlo: {result.samples:,} samples of '{result.risk.name}' (seed "
        f"{result.seed}), {result.horizon_days}-day horizon, {FORESIGHT_WORDS[result.foresight]}"
    )
    click.echo(
        f"total shortfall t: expected {s['mean']:,.0f} (± {s['mean_standard_error'] or 0:,.0f} "
        f"standard error), P50 {s['p50']:,.0f}, P90 {s['p90']:,.0f}, P95 {s['p95']:,.0f}, worst "
        f"{s['max']:,.0f}; baseline {result.baseline_shortfall_t:,.0f}"
    )
    by_node = (
        result.by_node()
        .sort_values(["p_short_10pct", "mean_shortfall_t"], ascending=False, kind="stable")
        .head(10)
    )
    head = f"{'province':<24} {'pcode':<6} {'expected t':>12} {'P90 t':>12} {'P(>10 % short)':>15}"
    click.echo(head)
    click.echo("-" * len(head))
    for r in by_node.itertuples(index=False):
        click.echo(
            f"{str(r.name)[:24]:<24} {str(r.pcode or ''):<6} {r.mean_shortfall_t:>12,.0f} "
            f"{r.p90_shortfall_t:>12,.0f} {r.p_short_10pct:>15.1%}"
        )
    click.echo(_timing_line(result.sweep.timing()))
    if out is not None:
        click.echo(f"report: {out}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "from_path",
    type=click.Path(exists=True, path_type=Path),
    help="Pre-fill the workbook from this network (CSV folder or workbook).",
)
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors.")
@handle_errors
def template(file: Path, from_path: Path | None, verbose: bool) -> None:
    """Write an input workbook to fill in: one sheet per table, HXL row, drop-down lists and ranges.

    \b
    Examples:
      borderflow template my_network.xlsx
      borderflow template afghanistan.xlsx --from inputs/afghanistan
      borderflow validate afghanistan.xlsx && borderflow run --network afghanistan.xlsx
    """  # noqa: D301 (click needs a real \b, not a raw docstring)
    from networks.template import write_template

    if file.suffix.lower() != ".xlsx":
        msg = f"{file} does not end in .xlsx"
        raise click.BadParameter(msg, param_hint="FILE")
    network = _load_network(from_path, verbose, None) if from_path is not None else None
    write_template(file, network)
    what = f"pre-filled from {from_path} ({network.describe()})" if network is not None else "empty"
    click.echo(f"template: {file} ({what}); check it with: borderflow validate {file}")


def _scenario_names(scenarios) -> str:
    plural = "s" if len(scenarios) != 1 else ""
    return f"{len(scenarios)} scenario{plural}: {', '.join(s.name for s in scenarios)}"


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--network",
    "network_path",
    type=click.Path(exists=True, path_type=Path),
    help="Network to check scenario targets against [default: bundled Afghanistan network].",
)
@click.option("--json", "as_json", is_flag=True, help="Print {valid, problems, warnings} as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks on errors.")
@handle_errors
def validate(path: Path, network_path: Path | None, as_json: bool, verbose: bool) -> None:
    """Check a network (CSV folder or .xlsx workbook) or a scenario YAML file; list every problem.

    A workbook's Scenarios sheet is checked too, with the same rules as scenario YAML.

    \b
    Examples:
      borderflow validate inputs/afghanistan
      borderflow validate my_network.xlsx
      borderflow validate inputs/scenarios/torkham-chaman-30d.yaml --network inputs/afghanistan
    """  # noqa: D301 (click needs a real \b, not a raw docstring)
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            network = load_network(network_path or BUNDLED_NETWORK)
            scenarios = load_scenarios([path])
            check_scenarios(network, scenarios)
            summary = _scenario_names(scenarios)
        else:
            if not as_json:
                _progress(f"reading and checking {path}")
            network, scenarios = load_network_and_scenarios(path)
            summary = network.describe()
            if scenarios:
                summary += f"; Scenarios sheet: {_scenario_names(scenarios)}"
    except InputError as exc:
        if not as_json:
            raise
        click.echo(
            dumps({"valid": False, "problems": [str(p) for p in exc.problems], "warnings": []})
        )
        sys.exit(1)
    if as_json:
        click.echo(
            dumps(
                {
                    "valid": True,
                    "problems": [],
                    "warnings": list(network.warnings),
                    "summary": summary,
                }
            )
        )
        return
    for warning in network.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"OK: {path}: {summary}")


if __name__ == "__main__":
    main()
