"""The input schema as data: one declaration per table, from which loading, validation,
the Excel template and the README's input table are derived.

Units are in the column names (``_t``, ``_t_per_day``, ``_km``, ``_usd_per_t``, ``_days``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

NODE_KINDS = ("source", "port", "hub", "crossing", "demand", "warehouse")

# Upper bounds of the numbers, far above any real network and far below what the LP solver
# treats as infinite (HiGHS: 1e20), so that every accepted input solves.
MAX_T_PER_DAY = 1e9  # tonnes per day: a billion tonnes, ~1,000 × the world's daily food trade
MAX_TONNES = 1e12  # tonnes held: a thousand days at the largest daily flow
MAX_DAY = 36_500  # day numbers (start_day, end_day): a hundred years
MAX_DAYS = 3_650  # durations (transit_days, horizons, closure lengths): ten years
MAX_PEOPLE = 1e10  # people: above the world's population
MAX_PRIORITY = 1_000  # priority weights
MAX_USD_PER_T = 1e6  # transport cost per tonne
MAX_PRICE_USD_PER_T = 1e6  # normal price of a tonne of food: ~1,000 × a tonne of wheat
MIN_ELASTICITY = -20.0  # own-price elasticities: food demand is rarely beyond -2
MAX_KM = 40_000  # distance: the Earth's circumference
MAX_KCAL_PER_KG = 10_000  # energy density: pure fat is ~9,000 kcal/kg
ROUTE_MODES = ("road", "rail", "river", "air")


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    ``dtype`` is one of ``str``, ``float``, ``int``, ``bool``. ``default`` fills blank cells of
    optional columns (``None`` keeps them missing, e.g. ``storage_t`` blank = no limit). ``minimum``
    and ``maximum`` are inclusive bounds (every number must also be finite); ``choices`` the allowed
    values; ``ref`` names the table whose ids the value must be one of; ``pattern`` a regular
    expression the text must match.
    """

    name: str
    dtype: str
    unit: str = ""
    required: bool = False
    default: object = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    ref: str | None = None
    pattern: str | None = None
    hxl: str = ""


@dataclass(frozen=True)
class Table:
    """One input table: its columns, its id column (if ids must be unique) and whether it may be
    empty.
    """

    name: str
    columns: tuple[Column, ...]
    id_column: str | None = None
    required_file: bool = True
    may_be_empty: bool = False
    description: str = ""
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> Column:
        """Return the column declaration called ``name``."""
        return next(c for c in self.columns if c.name == name)


SOURCE = Column(
    "source",
    "str",
    description="URL or publication + date; 'estimate: <how>' where estimated",
    hxl="#meta+source",
)
START_DAY = Column(
    "start_day",
    "int",
    "day",
    default=0,
    minimum=0,
    maximum=MAX_DAY,
    description="first day (counted from 0)",
    hxl="#date+start",
)
END_DAY = Column(
    "end_day",
    "int",
    "day",
    default=None,
    minimum=1,
    maximum=MAX_DAY,
    description="first day no longer included (exclusive); blank = horizon end",
    hxl="#date+end",
)

NODES = Table(
    "nodes",
    (
        Column("id", "str", required=True, description="unique node id", hxl="#loc+code"),
        Column("name", "str", required=True, description="name as users know it", hxl="#loc+name"),
        Column(
            "kind",
            "str",
            required=True,
            choices=NODE_KINDS,
            description="source, port, hub, crossing, demand or warehouse",
            hxl="#loc+type",
        ),
        Column(
            "country",
            "str",
            pattern=r"^[A-Z]{3}$",
            description="ISO 3166-1 alpha-3 code",
            hxl="#country+code",
        ),
        Column(
            "pcode",
            "str",
            pattern=r"^[A-Z]{2}[0-9]{2,}$",
            description="OCHA P-code of the admin area (e.g. AF01)",
            hxl="#adm1+code",
        ),
        Column("lat", "float", "degrees", minimum=-90, maximum=90, hxl="#geo+lat"),
        Column("lon", "float", "degrees", minimum=-180, maximum=180, hxl="#geo+lon"),
        Column(
            "storage_t",
            "float",
            "t",
            minimum=0,
            maximum=MAX_TONNES,
            description="stock the node can hold; blank = no limit, 0 = none",
            hxl="#capacity+storage+tonnes",
        ),
        Column(
            "throughput_t_per_day",
            "float",
            "t/day",
            minimum=0,
            maximum=MAX_T_PER_DAY,
            description="tonnes that may arrive per day (crossings); blank = no limit",
            hxl="#capacity+throughput+tonnes",
        ),
        Column("population", "float", "people", minimum=0, maximum=MAX_PEOPLE, hxl="#population"),
        Column(
            "priority",
            "float",
            default=1.0,
            minimum=1,
            maximum=MAX_PRIORITY,
            description="weight of this node's unmet need (≥ 1; higher is served first)",
            hxl="#priority",
        ),
        SOURCE,
    ),
    id_column="id",
    description="places: origins, ports, hubs, border crossings, provinces (demand) and warehouses",
)

ROUTES = Table(
    "routes",
    (
        Column("id", "str", required=True, description="unique route id", hxl="#route+code"),
        Column(
            "from",
            "str",
            required=True,
            ref="nodes",
            description="node id the route starts at",
            hxl="#loc+from",
        ),
        Column(
            "to",
            "str",
            required=True,
            ref="nodes",
            description="node id the route ends at",
            hxl="#loc+to",
        ),
        Column(
            "mode",
            "str",
            required=True,
            choices=ROUTE_MODES,
            description="road, rail, river or air",
            hxl="#route+mode",
        ),
        Column(
            "distance_km",
            "float",
            "km",
            required=True,
            minimum=0,
            maximum=MAX_KM,
            hxl="#distance+km",
        ),
        Column(
            "transit_days",
            "float",
            "days",
            required=True,
            minimum=0,
            maximum=MAX_DAYS,
            description="travel time; rounded up to whole days",
            hxl="#duration+days",
        ),
        Column(
            "capacity_t_per_day",
            "float",
            "t/day",
            required=True,
            minimum=0,
            maximum=MAX_T_PER_DAY,
            description="tonnes that may enter the route per day (each direction)",
            hxl="#capacity+tonnes",
        ),
        Column(
            "cost_usd_per_t",
            "float",
            "USD/t",
            default=0.0,
            minimum=0,
            maximum=MAX_USD_PER_T,
            hxl="#value+cost+usd",
        ),
        Column(
            "bidirectional",
            "bool",
            default=False,
            description="true = two arcs, one each way, same capacity each",
            hxl="#indicator+bidirectional",
        ),
        SOURCE,
    ),
    id_column="id",
    description="links between nodes; a closure may target a route id",
)

COMMODITIES = Table(
    "commodities",
    (
        Column("id", "str", required=True, description="unique commodity id", hxl="#item+code"),
        Column("name", "str", required=True, hxl="#item+name"),
        Column(
            "kcal_per_kg",
            "float",
            "kcal/kg",
            required=True,
            minimum=0,
            maximum=MAX_KCAL_PER_KG,
            hxl="#indicator+kcal",
        ),
        Column(
            "priority",
            "float",
            default=1.0,
            minimum=1,
            maximum=MAX_PRIORITY,
            description="weight of unmet need (≥ 1; higher is served first)",
            hxl="#priority",
        ),
        Column(
            "aid",
            "bool",
            default=False,
            description="true = humanitarian cargo, false = commercial trade",
            hxl="#indicator+aid",
        ),
        Column(
            "price_usd_per_t",
            "float",
            "USD/t",
            maximum=MAX_PRICE_USD_PER_T,
            description=(
                "normal price at the reference market (commercial goods); with price_elasticity "
                "it makes demand priced; blank = inelastic"
            ),
            hxl="#value+price+usd",
        ),
        Column(
            "price_elasticity",
            "float",
            minimum=MIN_ELASTICITY,
            description="own-price elasticity of demand (< 0; central estimate)",
            hxl="#indicator+elasticity",
        ),
        Column(
            "price_elasticity_low",
            "float",
            minimum=MIN_ELASTICITY,
            description="least responsive sourced elasticity (< 0); blank = central",
            hxl="#indicator+elasticity+low",
        ),
        Column(
            "price_elasticity_high",
            "float",
            minimum=MIN_ELASTICITY,
            description="most responsive sourced elasticity (< 0); blank = central",
            hxl="#indicator+elasticity+high",
        ),
        SOURCE,
    ),
    id_column="id",
    description="what moves: commercial food and humanitarian aid",
)

SUPPLY = Table(
    "supply",
    (
        Column("node", "str", required=True, ref="nodes", hxl="#loc+code"),
        Column("commodity", "str", required=True, ref="commodities", hxl="#item+code"),
        Column(
            "t_per_day",
            "float",
            "t/day",
            required=True,
            minimum=0,
            maximum=MAX_T_PER_DAY,
            hxl="#supply+tonnes",
        ),
        START_DAY,
        END_DAY,
        Column(
            "month",
            "int",
            "month",
            minimum=1,
            maximum=12,
            description=(
                "calendar month (1 = January) the row offers its t_per_day in, within start_day "
                "and end_day; blank = every month. Day 0's date comes from the run "
                "(--start-date); without one a month row counts at its year-round average"
            ),
            hxl="#date+month",
        ),
        SOURCE,
    ),
    required_file=False,
    may_be_empty=True,
    description="availability at a node per day; unused supply is lost unless the node stores it",
)

DEMAND = Table(
    "demand",
    (
        Column("node", "str", required=True, ref="nodes", hxl="#loc+code"),
        Column("commodity", "str", required=True, ref="commodities", hxl="#item+code"),
        Column(
            "t_per_day",
            "float",
            "t/day",
            required=True,
            minimum=0,
            maximum=MAX_T_PER_DAY,
            hxl="#need+tonnes",
        ),
        START_DAY,
        END_DAY,
        Column(
            "people",
            "float",
            "people",
            minimum=0,
            maximum=MAX_PEOPLE,
            description="people whose need this row is",
            hxl="#affected",
        ),
        SOURCE,
    ),
    description="need per day at a node; need not met on its day is unmet (no backlog)",
)

STOCKS = Table(
    "stocks",
    (
        Column("node", "str", required=True, ref="nodes", hxl="#loc+code"),
        Column("commodity", "str", required=True, ref="commodities", hxl="#item+code"),
        Column(
            "tonnes",
            "float",
            "t",
            required=True,
            minimum=0,
            maximum=MAX_TONNES,
            hxl="#stock+tonnes",
        ),
        SOURCE,
    ),
    required_file=False,
    may_be_empty=True,
    description="stock on hand at the start of day 0",
)

TABLES: dict[str, Table] = {t.name: t for t in (NODES, ROUTES, COMMODITIES, SUPPLY, DEMAND, STOCKS)}

# The Scenarios sheet of an input workbook: closure scenarios written in Excel instead of YAML.
# One row per closure; rows with the same ``scenario`` name form one scenario. Its columns are the
# keys of ``networks.scenarios.Scenario`` (``scenario`` is its ``name``) and ``Closure``;
# demand, supply and cost factors stay in YAML. Not a network table, so not in TABLES: it is read
# by ``networks.load.read_scenario_sheet`` and checked by the scenario models (logistics).
SCENARIO_LEVEL_COLUMNS = ("description", "probability", "variant_of", "horizon_days", "title")
EXEMPT_SEPARATORS = "semicolons, commas or spaces"
SCENARIO_SHEET = Table(
    "scenarios",
    (
        Column(
            "scenario",
            "str",
            required=True,
            description="scenario name (unique, used in reports); "
            "rows with the same name form one scenario",
            hxl="#meta+scenario",
        ),
        Column(
            "description",
            "str",
            description="what the scenario is, in a sentence; "
            "scenario-level: give it on one of the scenario's rows",
            hxl="#description+scenario",
        ),
        Column(
            "probability",
            "float",
            minimum=0,
            maximum=1,
            description="analyst's probability of this alternative (0 to 1), for the "
            "probability-weighted view; scenario-level; blank = none",
            hxl="#indicator+probability",
        ),
        Column(
            "variant_of",
            "str",
            description="name of the scenario this one is a variant of "
            "(it then has no probability); scenario-level",
            hxl="#meta+scenario+variant",
        ),
        Column(
            "horizon_days",
            "int",
            "days",
            minimum=1,
            maximum=MAX_DAYS,
            description="days to model; scenario-level; "
            "blank = the run's horizon (--days, else 90)",
            hxl="#indicator+horizon+days",
        ),
        Column(
            "target",
            "str",
            description="node or route id to close (the drop-down lists crossings first); "
            "required on a closure row",
            hxl="#loc+code+target",
        ),
        Column(
            "start_day",
            "int",
            "day",
            minimum=0,
            maximum=MAX_DAY,
            description="first day of the closure (counted from 0); blank = 0",
            hxl="#date+start",
        ),
        Column(
            "end_day",
            "int",
            "day",
            minimum=1,
            maximum=MAX_DAY,
            description="first day open again (exclusive); blank = horizon end",
            hxl="#date+end",
        ),
        Column(
            "capacity_factor",
            "float",
            minimum=0,
            maximum=1,
            description="share of normal capacity left open: 0 = closed, 0.3 = 30 %; "
            "blank = 0 (closed)",
            hxl="#indicator+capacity+factor",
        ),
        Column(
            "exempt",
            "str",
            description="commodity ids let through at full capacity (a humanitarian corridor), "
            f"separated by {EXEMPT_SEPARATORS}",
            hxl="#item+code+exempt",
        ),
        Column(
            "title",
            "str",
            description='how reports name the scenario ("Intermittent closures"); '
            "scenario-level; blank = the name",
            hxl="#meta+scenario+title",
        ),
    ),
    required_file=False,
    may_be_empty=True,
    description="closure scenarios: one row per closure; rows with the same name form one scenario",
)


def bound_text(value: float) -> str:
    """Return a bound as a reader writes it: 40,000 or 1,000,000,000; 0.5; -90."""
    if float(value).is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    return f"{value:g}"


def range_text(column: Column) -> str:
    """Return a number column's range for the README ("0 to 1,000,000,000"), '' for text."""
    if column.dtype not in ("float", "int") or column.minimum is None:
        return ""
    if column.maximum is None:
        return f"≥ {bound_text(column.minimum)}"
    return f"{bound_text(column.minimum)} to {bound_text(column.maximum)}"


def markdown_table() -> str:
    """Return the input tables as a Markdown table for the README.

    Columns: table, column, type, unit, range, required, meaning.
    """
    lines = [
        "| table | column | type | unit | range | required | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for table in TABLES.values():
        for c in table.columns:
            meaning = c.description or ""
            if c.choices:
                meaning = meaning or "one of " + ", ".join(c.choices)
            if c.ref:
                meaning = (meaning + "; " if meaning else "") + f"an id from {c.ref}"
            if c.default is not None and not c.required:
                meaning = (meaning + "; " if meaning else "") + f"blank = {c.default}"
            required = "yes" if c.required else ""
            lines.append(
                f"| {table.name} | `{c.name}` | {c.dtype} | {c.unit} | {range_text(c)} | "
                f"{required} | {meaning} |"
            )
    return "\n".join(lines)
