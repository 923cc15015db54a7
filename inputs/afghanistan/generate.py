"""Generate the bundled Afghanistan network (34 provinces) next to this file.

    python inputs/afghanistan/generate.py
    python inputs/afghanistan/generate.py --trader-days 7 --out /tmp/variant   # a stock variant elsewhere

rewrites nodes.csv, routes.csv, commodities.csv, supply.csv, demand.csv and stocks.csv (and the
sourced ranges of calibration_targets.csv) in the folder that holds this script. Every number is written here once, with its source string; every
derived figure is computed here and the arithmetic is copied into the row's ``source``.
Figures from sources are cited; anything else is marked ``estimate: <how it was made>``.
The output is deterministic (fixed order, fixed rounding). Needs pandas only.
See README.md beside this file for the derivations in prose.
"""

# ruff: noqa: E501  (source strings are long by nature: they carry the citation and the arithmetic)

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent
TRADER_DAYS = (
    14  # estimate: traders' working stock of every commercial good, in days of need (see README)
)
# `--trader-days N --out DIR` write a variant elsewhere (the stock sensitivity of sensitivity.py);
# `--corridors low|high --out DIR` the Pakistani corridors' share of each import at the low or high
# end of its sourced range (the corridor sensitivity of sensitivity.py); "central" is the bundled case
CORRIDOR_CASES = ("low", "central", "high")
CORRIDOR_CASE = "central"
if "--out" in sys.argv:
    OUT = Path(sys.argv[sys.argv.index("--out") + 1])
if "--trader-days" in sys.argv:
    TRADER_DAYS = int(sys.argv[sys.argv.index("--trader-days") + 1])
if "--corridors" in sys.argv:
    CORRIDOR_CASE = sys.argv[sys.argv.index("--corridors") + 1]
    assert CORRIDOR_CASE in CORRIDOR_CASES, CORRIDOR_CASE
DB = "data brief"  # shared/data-brief.md, which cites the original publications

# =============================================================================================
# 1. Sourced parameters (each with its source string)
# =============================================================================================
S_NSIA1400 = "NSIA 1400 (2021-22) provincial estimates via Pajhwok (pajhwok.com/?p=401812)"
S_IPC_POP = "IPC population basis 46 M (Flowminder), data brief §4; UN: 'population of around 45 million' (AFP via TRT, 11 Apr 2025)"
S_FEWS = "FEWS NET 2007 (data brief §3)"
S_NSIA_WHEAT = "NSIA 2025 (1404) wheat: 4.54 Mt produced (4.13 Mt irrigated + 0.404 Mt rain-fed) against a need of 6.87 Mt (NSIA via DID Press, 5 Nov 2025; Pajhwok via MENAFN)"
S_RICE = "MAIL: 383 kt rice produced in 18 provinces in 2019 against a need of 588 kt/yr; Kunduz 30–35 % of output (MAIL via Ariana News, 10 Jan 2020)"
S_FRANK = "flour exports to Afghanistan in 2024: Uzbekistan 1.2 Mt, Kazakhstan 1.1 Mt, Russia 0.237 Mt (Frank.uz, 2025)"
S_PAK_FLOUR = "Pakistani flour exports to Afghanistan fell to zero (republicpk.com, 2025); Pakistani crossings carry <10 % of flour (data brief §1)"
S_USDA_RICE = "Pakistan holds 95 % of Afghan rice imports (USDA 2013 via foodmate; data brief §1)"
S_IPC_DEC25 = "IPC Dec 2025: >17 M people IPC3+ Nov 2025–Mar 2026; food assistance reaches only 2.7 % of the population (IPC via AP/Millennium Post, 17 Dec 2025)"
S_RAIL_WEEK = "one week of rail imports: 113,142 t, of which 12,844 t wheat + 33,946 t flour + 2,753 t oil (Afghanistan Railway Authority via Azadi Radio, da.azadiradio.com/amp/30694784.html)"
S_KAZ_GRAIN = "Kazakh grain carried by rail to Afghanistan Sep 2024–early Mar 2025: 256,000 t (Kazakhstan Temir Zholy via WNAM, Mar 2025)"
KAZ_GRAIN_DAYS = 185  # 1 Sep 2024 – ~5 Mar 2025
S_TERMEZ = "WFP Termez hub (Uzbekistan): >1,000 t of food crossing to Afghanistan per day in 2022–23, when WFP distributed 1.1 Mt/yr (WFP via Amu TV, amu.tv/38038)"

POP_TOTAL_TABLE = None  # computed below: sum of the 34 NSIA 1400 figures (32.62 M)
POP_BASIS = 46.0e6  # IPC / Flowminder basis (S_IPC_POP)
WHEAT_KG_PER_YR = 160.0  # S_FEWS
NSIA_WHEAT_PROD_T = 4.54e6
NSIA_WHEAT_NEED_T = 6.87e6
NSIA_IRRIGATED_T = 4.13e6
NSIA_RAINFED_T = 0.404e6
RICE_NEED_2019_T = 588_000.0  # S_RICE (MAIL's need; kept for the record: imports since are larger)
RICE_PROD_T = 383_000.0  # S_RICE
RICE_KUNDUZ_SHARE = 0.325  # midpoint of 30–35 %, S_RICE
RATION_KG = 0.495  # 400 g flour + 60 g pulses + 30 g oil + 5 g salt (data brief §5 [E])
AID_REACH_SHARE = 0.027  # S_IPC_DEC25
FOOD_SHARE = (12_844 + 33_946 + 2_753) / 113_142  # S_RAIL_WEEK: 49,543 / 113,142 = 0.438
T_PER_TRUCK = 25.0  # Islam Qala: 2,500 t from 100 trucks (Financial Tribune 2021, data brief §1)
INBOUND = 0.5  # estimate: half of a two-way truck count is loaded and inbound

# ---- the wider food basket (issue 10): per-person food supply from FAO's food balance sheet
S_FBS = "FAO Food Balance Sheet 2017, Afghanistan, food supply per person per year (CSV copy: raw.githubusercontent.com/hrpunio/Data/master/fao-food-balance-2017/fb2017.csv; the file states no unit, its cereals row of 177.3 fits kg/person/yr)"
S_NRVA = "NRVA 2011-12 Table 7.7, national averages per person per day: oil and fats 40 g, sugar 37 g, pulses 25 g (CSO; text-id.123dok.com/document/4zp1j5o4z)"
# cooking oil: the need is what is imported (domestic output, 3,200 t in 2019, is left out of need and supply)
S_OIL_BRIEF = (
    "edible-oil market brief, 2019 (a Malaysian palm-oil market brief, text without URL): 'Palm oil consists of 72% or 160,700 MT of its total edible oil import followed by 21% or 46,900MT of sunflower oil', "
    "'sunflower oil ... mainly imported from Russian Federation', domestic production 'around 3,200 MT in 2019', more than 94 % import-dependent"
)
OIL_IMPORT_T = 160_700 / 0.72  # 223,194 t/yr, S_OIL_BRIEF
OIL_KG_PER_YR = OIL_IMPORT_T * 1000 / POP_BASIS  # 4.85 kg (FBS 2017 'Vegetable Oils': 3.82 kg)
# rice: the need is domestic output plus what Pakistan exports to Afghanistan ÷ Pakistan's share
RICE_USD_PER_T = 634  # Pakistani non-basmati export price, Jul 2024: $113.214 M ÷ 178,617 t (PBS via UrduPoint, 20 Aug 2024)
PAK_RICE_LOW_T_DAY = (
    97.6e6 / RICE_USD_PER_T / 243
)  # Jul 2022–Feb 2023 (243 days), $97.6 M (The Nation, 13 Mar 2023)
PAK_RICE_HIGH_T_DAY = 19.44e6 / RICE_USD_PER_T / 31  # Jul 2025, $19.44 M (Ariana News, 20 Aug 2025)
PAK_RICE_T_DAY = (PAK_RICE_LOW_T_DAY + PAK_RICE_HIGH_T_DAY) / 2
S_PAK_RICE = (
    f"Pakistani rice exports to Afghanistan: $97.6 M in Jul 2022–Feb 2023 (The Nation, 13 Mar 2023) and $19.44 M in Jul 2025 (Ariana News, 20 Aug 2025) at $634/t "
    f"(Pakistan's non-basmati export price, Jul 2024: $113.214 M ÷ 178,617 t, PBS via UrduPoint 20 Aug 2024) = {PAK_RICE_LOW_T_DAY:,.0f} t/day (÷ 243 days) and {PAK_RICE_HIGH_T_DAY:,.0f} t/day (÷ 31 days); "
    f"central = their mean {PAK_RICE_T_DAY:,.0f} t/day"
)
RICE_PAK_SHARE = 0.90  # central of 0.75–0.95 (see CORRIDORS)
RICE_IMPORT_T = PAK_RICE_T_DAY / RICE_PAK_SHARE * 365
RICE_NEED_T = (
    RICE_PROD_T + RICE_IMPORT_T
)  # 383 kt + 329 kt = 712 kt (FBS 2017: 19.77 kg × 46 M = 909 kt)
SUGAR_KG_PER_YR = 9.12  # FBS 2017 'Sugar (Raw Equivalent)'
PULSES_KG_PER_YR = 2.11  # FBS 2017 'Pulses'
# WFP specialised nutritious foods (SNF) handed out per month: 489 t (Aug 2019), 353 t (Jul 2019), 329 t (Feb 2020)
SNF_T_PER_MONTH = (489 + 353 + 329) / 3
S_SNF = "WFP Afghanistan Country Briefs: 489 t of specialized nutritious foods in Aug 2019, 353 t in Jul 2019, 329 t in Feb 2020 (reliefweb.int/report/afghanistan/wfp-afghanistan-country-brief-august-2019, -july-2019, -february-2020)"

# speeds and classes of road (all estimates, stated in README)
ROAD_CLASS = {
    # class: (trucks per day each direction, km per day, description)
    "hwy": (1000, 400, "paved highway or ring road"),
    "sec": (500, 300, "paved secondary road"),
    "mtn": (100, 150, "mountain or partly unpaved road"),
}
RAIL_KM_DAY = 250
RATE_ROAD, RATE_IRN, RATE_RAIL = 0.055, 0.15, 0.04
RATE_SRC = {
    RATE_ROAD: "road rate $0.055/t-km (≈$2,000 per 20' container of ~20 t Karachi–Kabul = $100/t over ~1,825 km, Metro Morning Nov 2025)",
    RATE_IRN: "Iranian road rate $0.15/t-km (Chabahar–Kabul ≈$4,000/container = $200/t, Metro Morning Nov 2025; minus ~1,040 Afghan km at $0.055 leaves $143 over 950 km)",
    RATE_RAIL: "rail rate $0.04/t-km (estimate: ~0.7 × road rate; no sourced tariff)",
}
DETOUR = {
    "plain": 1.3,
    "mountain": 1.6,
    "indirect": 1.6,
    "rail": 1.4,
}  # road km ÷ great-circle km (estimates)


def r1(x: float) -> float:
    """Round to 0.1 t."""
    return round(x + 0.0, 1)


def fmt(x: float, nd: int = 0) -> str:
    """Format with thousands separators."""
    return f"{x:,.{nd}f}"


def gc_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine, R = 6,371 km)."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# =============================================================================================
# 2. Provinces: data brief §4 (P-codes per OCHA COD-AB / REACH MEB 2025; names as in that data set)
# =============================================================================================
# id, name, pcode, capital, lat, lon, NSIA 1400 population (M), population is estimate?
PROVINCES = [
    ("KABUL", "Kabul", "AF01", "Kabul", 34.53, 69.17, 5.38, False),
    ("KAPISA", "Kapisa", "AF02", "Mahmud-i-Raqi", 35.02, 69.34, 0.47, True),
    ("PARWAN", "Parwan", "AF03", "Charikar", 35.01, 69.17, 0.75, False),
    ("MAIDAN_WARDAK", "Maidan Wardak", "AF04", "Maidan Shahr", 34.40, 68.87, 0.67, False),
    ("LOGAR", "Logar", "AF05", "Pul-i-Alam", 33.99, 69.02, 0.44, False),
    ("NANGARHAR", "Nangarhar", "AF06", "Jalalabad", 34.43, 70.45, 1.75, False),
    ("LAGHMAN", "Laghman", "AF07", "Mihtarlam", 34.67, 70.21, 0.50, False),
    ("PANJSHER", "Panjsher", "AF08", "Bazarak", 35.31, 69.52, 0.17, False),
    ("BAGHLAN", "Baghlan", "AF09", "Pul-i-Khumri", 35.94, 68.71, 1.01, True),
    ("BAMYAN", "Bamyan", "AF10", "Bamyan", 34.82, 67.83, 0.50, False),
    ("GHAZNI", "Ghazni", "AF11", "Ghazni", 33.55, 68.42, 1.38, False),
    ("PAKTIKA", "Paktika", "AF12", "Sharana", 33.14, 68.79, 0.79, False),
    ("PAKTYA", "Paktya", "AF13", "Gardez", 33.60, 69.23, 0.62, False),
    ("KHOST", "Khost", "AF14", "Khost", 33.34, 69.92, 0.65, False),
    ("KUNAR", "Kunar", "AF15", "Asadabad", 34.87, 71.15, 0.51, False),
    ("NURISTAN", "Nuristan", "AF16", "Parun", 35.42, 70.92, 0.17, False),
    ("BADAKHSHAN", "Badakhshan", "AF17", "Faizabad", 37.12, 70.58, 1.72, False),
    ("TAKHAR", "Takhar", "AF18", "Taloqan", 36.74, 69.53, 1.11, False),
    ("KUNDUZ", "Kunduz", "AF19", "Kunduz", 36.73, 68.86, 1.16, False),
    ("SAMANGAN", "Samangan", "AF20", "Aybak", 36.26, 68.02, 0.44, False),
    ("BALKH", "Balkh", "AF21", "Mazar-i-Sharif", 36.71, 67.11, 1.54, False),
    ("SAR_E_PUL", "Sar-e-Pul", "AF22", "Sar-e-Pul", 36.22, 65.93, 0.63, False),
    ("GHOR", "Ghor", "AF23", "Chaghcharan", 34.52, 65.25, 0.78, False),
    ("DAYKUNDI", "Daykundi", "AF24", "Nili", 33.72, 66.13, 0.52, False),
    ("URUZGAN", "Uruzgan", "AF25", "Tarinkot", 32.63, 65.87, 0.44, False),
    ("ZABUL", "Zabul", "AF26", "Qalat", 32.11, 66.91, 0.39, False),
    ("KANDAHAR", "Kandahar", "AF27", "Kandahar", 31.61, 65.71, 1.43, False),
    ("JAWZJAN", "Jawzjan", "AF28", "Sheberghan", 36.67, 65.75, 0.61, False),
    ("FARYAB", "Faryab", "AF29", "Maimana", 35.92, 64.78, 1.13, False),
    ("HELMAND", "Helmand", "AF30", "Lashkar Gah", 31.59, 64.37, 1.47, False),
    ("BADGHIS", "Badghis", "AF31", "Qala-i-Naw", 34.98, 63.13, 0.56, False),
    ("HERAT", "Herat", "AF32", "Herat", 34.35, 62.20, 2.19, False),
    ("FARAH", "Farah", "AF33", "Farah", 32.37, 62.11, 0.57, False),
    ("NIMROZ", "Nimroz", "AF34", "Zaranj", 30.96, 61.86, 0.17, False),
]
PROV = {p[0]: p for p in PROVINCES}
POP = {p[0]: p[6] * 1e6 for p in PROVINCES}
POP_TOTAL_TABLE = sum(POP.values())
BASIS = POP_BASIS / POP_TOTAL_TABLE  # 46 M / 32.62 M = 1.410
AID_PEOPLE_TOTAL = AID_REACH_SHARE * POP_BASIS  # 1.242 M

# ------------------------------------------------------------------ where aid goes: IPC phase 3+ by province
# The IPC Mar–Oct 2025 analysis names provincial shares for some provinces only; the rest share what is left
# of the national 12.6 M. Aid (WFP baskets) goes to provinces in proportion to these IPC3+ people.
S_IPC_MAR25 = (
    "IPC Afghanistan, Mar–Apr 2025 (issued 4 Jun 2025): 12.6 M people in Phase 3+ (27 % of 46 M); 'worst in Badakhshan with 40 percent of the population classified in IPC Phase 3 and above, "
    "followed by Balkh, Bamyan, Daykundi, Ghor, Jawzjan, Nimroz, and Sar-e-Pul all with 35 percent'; 'only three - Kandahar, Khost, and Paktya - are classified in IPC Phase 2' "
    "(IPC snapshot and report, reliefweb.int/report/afghanistan/afghanistan-ipc-acute-food-insecurity-snapshot-l-march-october-2025)"
)
IPC3_NATIONAL = 12.6e6
IPC3_SHARE_NAMED = {"BADAKHSHAN": 0.40} | {
    p: 0.35 for p in ("BALKH", "BAMYAN", "DAYKUNDI", "GHOR", "JAWZJAN", "NIMROZ", "SAR_E_PUL")
}
IPC_PHASE2 = ("KANDAHAR", "KHOST", "PAKTYA")
IPC3_SHARE_PHASE2 = (
    0.15  # estimate: an area is Phase 2 when fewer than 20 % are in Phase 3+; 15 % taken
)
_named_people = sum(
    POP[p] * BASIS * IPC3_SHARE_NAMED.get(p, IPC3_SHARE_PHASE2)
    for p in (*IPC3_SHARE_NAMED, *IPC_PHASE2)
)
_rest_people = sum(POP[p] * BASIS for p in POP if p not in IPC3_SHARE_NAMED and p not in IPC_PHASE2)
IPC3_SHARE_REST = (IPC3_NATIONAL - _named_people) / _rest_people  # the other 23 provinces: 25.8 %
IPC3_SHARE = {
    p: IPC3_SHARE_NAMED.get(p, IPC3_SHARE_PHASE2 if p in IPC_PHASE2 else IPC3_SHARE_REST)
    for p in POP
}
IPC3 = {p: POP[p] * BASIS * IPC3_SHARE[p] for p in POP}
IPC_TOTAL = sum(IPC3.values())  # 12.6 M by construction
assert abs(IPC_TOTAL - IPC3_NATIONAL) < 1.0


def largest_remainder(weights: dict[str, float], total: float, unit: float) -> dict[str, float]:
    """Split ``total`` (a multiple of ``unit``) in proportion to ``weights``, in whole units, summing exactly."""
    units = round(total / unit)
    raw = {k: units * w / sum(weights.values()) for k, w in weights.items()}
    out = {k: math.floor(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (out[k] - raw[k], k))[: units - sum(out.values())]:
        out[k] += 1
    return {k: v * unit for k, v in out.items()}


AID_PEOPLE = largest_remainder(IPC3, AID_PEOPLE_TOTAL, 100.0)  # sums to 1,242,000 exactly

# nutrition products go where acute malnutrition is: population × the GAM prevalence at the middle of the
# province's IPC acute-malnutrition phase
S_IPC_AMN = (
    "IPC Afghanistan acute malnutrition, Jun 2024–May 2025 (published 7 Jan 2025): Phase 4 (Critical) Hilmand, Kandahar, Nuristan, Paktika; 24 provinces Phase 3 (Serious); "
    "'the remaining six provinces' Phase 2 (Alert): Baghlan, Balkh, Bamyan, Laghman, Samangan, Wardak by elimination "
    "(reliefweb.int/report/afghanistan/afghanistan-ipc-acute-malnutrition-analysis-june-2024-may-2025-published-7-january-2025); "
    "phase → GAM prevalence (IPC AMN reference table: Phase 2 5–9.9 %, Phase 3 10–14.9 %, Phase 4 15–29.9 %), midpoints 7.5, 12.5 and 22.5 % (estimate: the midpoint)"
)
AMN_PHASE4 = ("HELMAND", "KANDAHAR", "NURISTAN", "PAKTIKA")
AMN_PHASE2 = ("BAGHLAN", "BALKH", "BAMYAN", "LAGHMAN", "SAMANGAN", "MAIDAN_WARDAK")
GAM_MID = {2: 0.075, 3: 0.125, 4: 0.225}
AMN_PHASE = {p: 4 if p in AMN_PHASE4 else 2 if p in AMN_PHASE2 else 3 for p in POP}
AMN_WEIGHT = {p: POP[p] * GAM_MID[AMN_PHASE[p]] for p in POP}
AMN_TOTAL = sum(AMN_WEIGHT.values())

# ------------------------------------------------------------------ need per province
need: dict[str, dict[str, float]] = {}
for pid, *_ in PROVINCES:
    people = POP[pid] * BASIS
    aid_people = AID_PEOPLE[pid]
    market_people = people - aid_people
    need[pid] = {
        "people": people,
        "aid_people": aid_people,
        "market_people": market_people,
        "wheat_flour": market_people * WHEAT_KG_PER_YR / 365 / 1000,
        "rice": market_people * (RICE_NEED_T * 1000 / POP_BASIS) / 365 / 1000,
        "cooking_oil": market_people * OIL_KG_PER_YR / 365 / 1000,
        "sugar": market_people * SUGAR_KG_PER_YR / 365 / 1000,
        "pulses": market_people * PULSES_KG_PER_YR / 365 / 1000,
        "wfp_basket": aid_people * RATION_KG / 1000,
        "nutrition": SNF_T_PER_MONTH / (365 / 12) * AMN_WEIGHT[pid] / AMN_TOTAL,
    }
RICE_KG_PER_YR = RICE_NEED_T * 1000 / POP_BASIS  # 15.5 kg
COMMERCIAL = ("wheat_flour", "rice", "cooking_oil", "sugar", "pulses")
AID_GOODS = ("wfp_basket", "nutrition")
GOODS = COMMERCIAL + AID_GOODS
TOT = {k: sum(n[k] for n in need.values()) for k in (*GOODS, "people", "aid_people")}
WHEAT_NEED_ALL = POP_BASIS * WHEAT_KG_PER_YR / 365 / 1000  # incl. aid recipients: 20,164 t/day
DOM_RICE_TOTAL = RICE_PROD_T / 365  # 1,049 t/day

# ------------------------------------------------------------------ domestic wheat: production shares
NAMED_IRRIGATED = {
    "HELMAND": 848e3,
    "KUNDUZ": 478e3,
    "HERAT": 410e3,
    "KANDAHAR": 366e3,
    "FARAH": 237e3,
}
RAINFED_TOP = ["BADGHIS", "TAKHAR", "HERAT"]
KABUL_CITY = 4.6e6  # 'at least 4.6 million live in the city of Kabul' (NSIA 1400 via TOLOnews)
rest_irrigated = NSIA_IRRIGATED_T - sum(NAMED_IRRIGATED.values())  # 1,791 kt
weight = {}
for pid, *_ in PROVINCES:
    if pid in NAMED_IRRIGATED:
        continue
    weight[pid] = (POP[pid] - KABUL_CITY) if pid == "KABUL" else POP[pid]
wsum = sum(weight.values())
prod_t: dict[str, float] = {}
prod_how: dict[str, str] = {}
for pid, *_ in PROVINCES:
    parts, how = 0.0, []
    if pid in NAMED_IRRIGATED:
        parts += NAMED_IRRIGATED[pid]
        how.append(f"irrigated {fmt(NAMED_IRRIGATED[pid] / 1e3)} kt (NSIA 2025 via DID Press)")
    else:
        x = rest_irrigated * weight[pid] / wsum
        parts += x
        wdesc = (
            f"rural population {fmt((POP[pid] - KABUL_CITY) / 1e6, 2)} M (5.38 M less 4.6 M in Kabul city, NSIA 1400 via TOLOnews)"
            if pid == "KABUL"
            else f"population {fmt(POP[pid] / 1e6, 2)} M"
        )
        how.append(
            f"estimate: irrigated {fmt(x / 1e3, 1)} kt = the 1,791 kt of irrigated wheat not in NSIA's named provinces (4,130 − 2,339 kt) × {wdesc} ÷ {fmt(wsum / 1e6, 2)} M"
        )
    if pid in RAINFED_TOP:
        x = NSIA_RAINFED_T / len(RAINFED_TOP)
        parts += x
        how.append(
            f"estimate: rain-fed {fmt(x / 1e3, 1)} kt = 404 kt ÷ 3 (NSIA names Badghis, Takhar and Herat as the largest rain-fed producers; other provinces' rain-fed wheat is inside their irrigated share)"
        )
    prod_t[pid] = parts
    prod_how[pid] = "; ".join(how)
PROD_SUM = sum(prod_t.values())  # 4,534 kt: NSIA's 4.13 + 0.404 Mt (its 4.54 Mt total is rounded)
assert abs(PROD_SUM - (NSIA_IRRIGATED_T + NSIA_RAINFED_T)) < 1.0
DOM_WHEAT_TOTAL = (
    PROD_SUM / 365
)  # 12,422 t/day: all of NSIA's 2025 harvest, spread evenly over the year

# ------------------------------------------------------------------ domestic rice
RICE_OTHERS = [
    "BAGHLAN",
    "TAKHAR",
    "BALKH",
    "NANGARHAR",
    "LAGHMAN",
    "KUNAR",
    "HELMAND",
    "BADAKHSHAN",
]
rice_w = sum(POP[p] for p in RICE_OTHERS)
rice_prod: dict[str, float] = {"KUNDUZ": RICE_PROD_T * RICE_KUNDUZ_SHARE}
for p in RICE_OTHERS:
    rice_prod[p] = RICE_PROD_T * (1 - RICE_KUNDUZ_SHARE) * POP[p] / rice_w

# ------------------------------------------------------------------ import gaps (for supply sizing)
FLOUR_GAP = TOT["wheat_flour"] - DOM_WHEAT_TOTAL
RICE_GAP = TOT["rice"] - DOM_RICE_TOTAL
AID_NEED = TOT["wfp_basket"]
# oil, sugar and pulses: no domestic production is counted (estimate: oil 3,200 t in 2019, no URL;
# the Baghlan sugar mill's 56 t/day runs only in the beet campaign (Amu TV, Jan 2024); mung beans are
# grown but mostly exported (Univ. Nebraska); no production figure found), so the whole need is imported
GAP = {
    "wheat_flour": FLOUR_GAP,
    "rice": RICE_GAP,
    "cooking_oil": TOT["cooking_oil"],
    "sugar": TOT["sugar"],
    "pulses": TOT["pulses"],
}

# ------------------------------------------------------------------ day-0 stocks (t), used for storage too
WFP_HUBS = {"KABUL", "NANGARHAR", "KANDAHAR", "HERAT", "BALKH", "BADAKHSHAN", "BAMYAN"}
S_RESERVE = (
    "MAIL strategic reserve: wheat worth over 1 bn AFN (≈38,000 t) bought from farmers in Dec 2024; 17,000 t stored in Kabul's central silo, "
    "the rest in six other silos; 'all provincial warehouses are now full' (MAIL via TOLOnews/Tridge, 24 Dec 2024)"
)
RESERVE_T = 38_000
RESERVE = {"KABUL": 17_000}
RESERVE_SILOS = ["BALKH", "HERAT", "KANDAHAR", "NANGARHAR", "KUNDUZ", "BAGHLAN"]
for p_ in RESERVE_SILOS:
    RESERVE[p_] = (RESERVE_T - 17_000) / len(RESERVE_SILOS)
KABUL_SILO_T = (
    20_000  # 'The Central Silo, with the capacity of up to 20,000 tons of wheat' (Kabul Times)
)
WFP_STOCK_DAYS = {True: 30, False: 7}  # WFP area hub or not (estimate)
day0: dict[str, dict[str, float]] = {}
for pid, *_ in PROVINCES:
    n = need[pid]
    day0[pid] = {c: n[c] * TRADER_DAYS for c in COMMERCIAL}
    day0[pid]["wheat_flour"] += RESERVE.get(pid, 0.0)
    for c in AID_GOODS:
        day0[pid][c] = n[c] * WFP_STOCK_DAYS[pid in WFP_HUBS]

# =============================================================================================
# 3. Nodes
# =============================================================================================
COLS_N = "id,name,kind,country,pcode,lat,lon,storage_t,throughput_t_per_day,population,priority,source".split(
    ","
)
nodes: list[dict] = []
COORD = {}


def node(**kw) -> None:
    """Add one node row (missing columns blank) and remember its coordinates."""
    nodes.append({c: kw.get(c, "") for c in COLS_N})
    COORD[kw["id"]] = (kw["lat"], kw["lon"])


S_COORD = "estimate: coordinates of the city or port, approximate (±0.05°), general knowledge"
node(
    id="KARACHI",
    name="Karachi / Port Qasim",
    kind="port",
    country="PAK",
    lat=24.84,
    lon=66.99,
    source=f"{S_COORD}; sea port for Afghan transit trade and WFP's international purchases (Karachi–Kabul 3–4 days, ≈$2,000/container, Metro Morning Nov 2025; 600–800 Karachi containers/month to Afghanistan after 2024, Nangarhar Chamber via Baaghi TV); storage blank = not limited",
)
node(
    id="BANDAR_ABBAS",
    name="Bandar Abbas (Shahid Rajaee)",
    kind="port",
    country="IRN",
    lat=27.18,
    lon=56.27,
    source=f"{S_COORD}; origin of the Bandar Abbas–Dogharoun/Islam Qala route ({DB} §2); storage blank = not limited",
)
node(
    id="CHABAHAR",
    name="Chabahar",
    kind="port",
    country="IRN",
    lat=25.30,
    lon=60.63,
    source=f"{S_COORD}; Chabahar–Milak/Zaranj route, Chabahar–Kabul 7–8 days, ≈$4,000/container ({DB} §2, Metro Morning Nov 2025); storage blank = not limited",
)
node(
    id="PESHAWAR",
    name="Peshawar (Pakistani goods for Torkham, Ghulam Khan, Kharlachi, Nawa)",
    kind="source",
    country="PAK",
    lat=34.01,
    lon=71.58,
    source=f"{S_COORD}; Pakistani supply of Punjab/KP rice and WFP in-country purchases, 55 km from Torkham (PTI, Mar 2025); 47 WFP trucks (1,200 t) stuck at Peshawar in 2025 (KabulNow, {DB} §6); offers no flour: {S_PAK_FLOUR}; storage blank = not limited",
)
node(
    id="QUETTA",
    name="Quetta (Pakistani goods for Chaman, Badini, Angoor Adda)",
    kind="source",
    country="PAK",
    lat=30.18,
    lon=67.00,
    source=f"{S_COORD}; Pakistani supply of Sindh/Balochistan rice trucked via Quetta to Chaman–Spin Boldak (Karachi–Quetta–Chaman ~820 km, {DB} §2); storage blank = not limited",
)
node(
    id="KAZ_UZB_RAIL",
    name="Kazakh/Uzbek/Russian flour by rail (Tashkent rail junction)",
    kind="source",
    country="UZB",
    lat=41.30,
    lon=69.24,
    source=f"{S_COORD}; aggregated rail origin of the {S_FRANK}; Kazakh flour enters Uzbekistan at Saryagash–Keles north of Tashkent; the ~2,000 km from Kazakh mills is upstream of this node; storage blank = not limited",
)
node(
    id="UZB_ROAD",
    name="Termez (WFP logistics hub; road over the Friendship Bridge)",
    kind="source",
    country="UZB",
    lat=37.22,
    lon=67.28,
    source=f"{S_COORD}; {S_TERMEZ}; WFP established the Termez hub in Sep 2021 (WFP via UrduPoint/Sputnik, 14 Sep 2021); storage blank = not limited",
)
node(
    id="TKM_ORIGIN",
    name="Turkmenabat rail junction (Turkmenistan route to Serhetabat–Torghundi and Kerki–Imamnazar–Aqina)",
    kind="source",
    country="TKM",
    lat=39.08,
    lon=63.58,
    storage_t=0,
    source=f"{S_COORD}; transit gateway: Kazakh grain and flour reach Torghundi via Turkmenistan (Kazakhstan Railways talks on Serkhetabad–Torghundi shipments, newscentralasia 6 Nov 2024; Kerki–Imamnazar–Aqina line, TCA 2016, {DB} §2); no own supply: no Turkmen food export volume found (Turkmenistan itself imported 259 kt of Kazakh grain in H1 2023, Kazinform); storage 0 = transit only (a 100,000 t elevator at Serhetabat is planned, newscentralasia 2024)",
)
node(
    id="TJK_ROAD",
    name="Tajikistan road origin (Dushanbe)",
    kind="source",
    country="TJK",
    lat=38.56,
    lon=68.78,
    source=f"{S_COORD}; road origin for Sher Khan Bandar–Panji Poyon and Ishkashim ({DB} §1); WFP positioned stocks at Tajik border points (WFP via UrduPoint, 14 Sep 2021); storage blank = not limited",
)
S_SPARE = (
    "spare supply that traders can buy when the Pakistani routes close (rice, cooking oil, sugar, pulses); it enters through its origin's normal route and crossings; "
    "storage 0: an offer not taken on its day is not carried over. How much and from when: see supply.csv and the data README ('Alternative supply')"
)
node(
    id="IRN_SPARE",
    name="Spare supply through Iran (Bandar Abbas and Chabahar markets)",
    kind="source",
    country="IRN",
    lat=27.20,
    lon=56.30,
    storage_t=0,
    source=f"{S_COORD} (placed at Bandar Abbas); {S_SPARE}",
)
node(
    id="CA_SPARE",
    name="Spare supply from Central Asia (Kazakh and Uzbek markets)",
    kind="source",
    country="KAZ",
    lat=41.32,
    lon=69.26,
    storage_t=0,
    source=f"{S_COORD} (placed at the Tashkent rail junction); {S_SPARE}",
)


# ------------------------------------------------------------------ crossings
def trucks_to_food(trucks_two_way: float) -> float:
    """Food t/day from a two-way truck count: inbound share × t per truck × food share."""
    return trucks_two_way * INBOUND * T_PER_TRUCK * FOOD_SHARE


FS = f"food share {FOOD_SHARE:.3f} (rail imports: (12,844 t wheat + 33,946 t flour + 2,753 t oil) ÷ 113,142 t in one week, ARA via Azadi Radio)"
TRUCK_RULE = f"× {INBOUND:.0%} inbound loaded × {T_PER_TRUCK:g} t/truck (Islam Qala: 2,500 t from 100 trucks, Financial Tribune 2021) × {FS}"
HAIRATAN_RAIL_WEEK = (
    105_615  # ARA via Bakhtar News (one week: Hairatan 105,615, Aqina 4,670, Torghundi 25,926 t)
)
TORGHUNDI_RAIL_WEEK = 25_926
AQINA_RAIL_WEEK = 7_795  # 1–7 Jun 2024, Ministry of Public Works via AVA (incl. some exports)
WFP_TERMEZ_T_DAY = 1000.0  # S_TERMEZ
PAK_FOOD_SHARE = 0.5  # estimate, see S_PAK_MIX
IRN_FOOD_SHARE = 0.25  # estimate, see S_IRN_MIX
TJK_FOOD_SHARE = 0.25  # estimate, see S_TJK_MIX
S_PAK_MIX = (
    "food share 0.5 of inbound loads (estimate: no share found; inbound cargo named as rice, cement, construction material, medicines and 'other edibles' "
    "(AFP via Gulf Times, Feb 2023) and cement, machinery, appliances, rice, maize, fruit, vegetables, chicken (The Nation, 3 Sep 2024); by value rice $97.6 M and pharmaceuticals $89.6 M "
    "of $658 M of Pakistani exports in Jul–Feb FY23 (The Nation, 13 Mar 2023))"
)
S_IRN_MIX = (
    "food share 0.25 of inbound tonnes (estimate: no share found; key Iranian exports are construction materials, iron, fuel and LPG (Afghanistan International, 3 Mar 2025), "
    "food is the second export group after tiles and ceramics (Ceramland, 1403); transit includes cooking oil, sugar, flour (Mehr News, 6 Oct 2025))"
)
S_TJK_MIX = "food share 0.25 (estimate: inbound is cement and coal (Ittiloot, May 2022), sugar, steel, gas, construction materials (Caravanserai, 26 May 2022))"
S_TRUCK = "25 t per truck (Islam Qala: 2,500 t on 100 trucks, Financial Tribune 2021; WFP: 1,200 t on 47 trucks = 25.5 t, KabulNow Mar 2025)"
S_RAIL_FS = f"rail food share {FOOD_SHARE:.3f} ((12,844 t wheat + 33,946 t flour + 2,753 t oil) ÷ 113,142 t in one rail week, ARA via Azadi Radio)"
HAIRATAN_RAIL_MONTH = (
    349_599  # Qaws 1404 (22 Nov–21 Dec 2025), MoPW via Jomhor News (jomhornews.org/fa/news/178805)
)
HAIRATAN_NORMAL_MONTHS = (
    237_166,
    245_480,
    302_327,
)  # Hamal 1404, Mizan 1403, Jadi 1403 (MoPW via Pajhwok, South Asian Correspondent, Amu TV)
HAIRATAN_RAIL_FOOD = HAIRATAN_RAIL_MONTH / 30 * FOOD_SHARE
ISLAM_QALA_T_DAY = (
    471_746 + 858_979
) / 186  # exports + transit in H1 1404 (21 Mar–22 Sep 2025), YJC 11 Oct 2025
MILAK_T_DAY = 649_467 / 215  # first 7 months of 1404 (21 Mar–~22 Oct 2025), YJC 30 Oct 2025
CROSS = [
    # id, name, lat, lon, neighbour, throughput (t/day of food), source (status, then arithmetic)
    (
        "TORKHAM",
        "Torkham (AF) – Torkham (PAK)",
        34.10,
        71.09,
        "PAK",
        300 * T_PER_TRUCK * PAK_FOOD_SHARE,
        "status: open in normal times; closed 21 Feb–19 Mar 2025 (Daily Times, 19 Mar 2025) and from 12 Oct 2025 with every Pakistani crossing, still shut to trade in Feb 2026 (NPR; AFP 27 Feb 2026). "
        "Capacity: 300 loaded trucks/day into Afghanistan, the upper end of 250–300 export containers/day in 2025 (FreshPlaza/Dawn, 2025; cf. 236/day in Aug–Oct 2022, Dawn 21 Oct 2022; 275–375/day in Aug–Sep 2021, Business Recorder 5 Sep 2021) "
        f"× {S_TRUCK} × {S_PAK_MIX} = {fmt(300 * T_PER_TRUCK * PAK_FOOD_SHARE)} t/day of food; {DB} §1: lat/lon",
    ),
    (
        "SPIN_BOLDAK",
        "Spin Boldak/Wesh (AF) – Chaman (PAK)",
        30.92,
        66.44,
        "PAK",
        1094 / 3 * INBOUND * T_PER_TRUCK * PAK_FOOD_SHARE,
        "status: open in normal times; closed from 12 Oct 2025 with every Pakistani crossing (customs stopped 15 Oct; Business Recorder 25 Oct 2025). "
        "Capacity: 1,094 trucks in 3 days both ways, loaded or empty (TOLOnews via globalnewsviews, ~2021) = 365/day × 50 % inbound (estimate) = 182 "
        f"× {S_TRUCK} × {S_PAK_MIX} = {fmt(1094 / 3 * INBOUND * T_PER_TRUCK * PAK_FOOD_SHARE)} t/day of food; {DB} §1: lat/lon",
    ),
    (
        "GHULAM_KHAN",
        "Ghulam Khan / Gurbuz (AF, Khost) – Ghulam Khan (PAK)",
        33.23,
        70.28,
        "PAK",
        618 / 3 * INBOUND * T_PER_TRUCK * PAK_FOOD_SHARE,
        "status: reopened 9 Mar 2018 after a closure since 2014 (TNN); closed a month in Aug 2025 (Dawn, 1 Sep 2025); sealed 12 Oct 2025 with the other crossings. "
        "Its ~500 trucks/day are mostly perishables (Khost Chamber via Wesal, 21 Oct 2025) leaving Afghanistan; inbound are cement, rice and sugar (Naya Daur, 26 Aug 2019; TNN 2018). "
        "Capacity: 618 trucks in 3 days both ways (TOLOnews via globalnewsviews, ~2021) = 206/day × 50 % inbound (estimate) = 103 "
        f"× {S_TRUCK} × {S_PAK_MIX} = {fmt(618 / 3 * INBOUND * T_PER_TRUCK * PAK_FOOD_SHARE)} t/day of food; lat/lon estimate ~35 km ESE of Khost on the Khost–Miranshah road",
    ),
    (
        "KHARLACHI",
        "Kharlachi (AF, Paktya) – Kurram (PAK)",
        33.90,
        69.90,
        "PAK",
        60 * T_PER_TRUCK * PAK_FOOD_SHARE,
        "status: closed 21 Sep–1 Oct 2024 (Pajhwok via MENAFN) and from Oct 2024 to 9 May 2025 (The Leading News; 'eight-month closure', The News TNS); sealed 12 Oct 2025 with the other crossings. "
        "Capacity: 60 trucks/day with Pakistani exports into Afghanistan (cement, rice), while ~80/day bring coal out (The News TNS, ~2022; the data brief had the directions reversed) "
        f"× {S_TRUCK} × {S_PAK_MIX} = {fmt(60 * T_PER_TRUCK * PAK_FOOD_SHARE)} t/day of food; lat/lon [E] {DB} §1",
    ),
    (
        "ANGOOR_ADDA",
        "Angoor Adda (AF, Paktika) – South Waziristan (PAK)",
        32.30,
        69.30,
        "PAK",
        410 / 3 * INBOUND * T_PER_TRUCK * PAK_FOOD_SHARE,
        "status: trade from 23 Sep 2020 (The News); closed ~Nov 2023 ('closed for the last 5 months', The Nation 14 Apr 2024) until ~30 Sep 2025 (Dawn 1945691: 'after a two-year-long closure'); "
        "sealed again 12 Oct 2025 ('closed for the eighth consecutive day', Dawn 20 Oct 2025). Capacity: 410 trucks in 3 days both ways (TOLOnews via globalnewsviews, ~2021) = 137/day × 50 % inbound (estimate) = 68 "
        f"× {S_TRUCK} × {S_PAK_MIX} = {fmt(410 / 3 * INBOUND * T_PER_TRUCK * PAK_FOOD_SHARE)} t/day of food; lat/lon [E] {DB} §1",
    ),
    (
        "BADINI",
        "Badini (AF, Zabul) – Qila Saifullah (PAK)",
        31.00,
        68.20,
        "PAK",
        0.0,
        "status: non-functional: 'inaugurated in September 2020, has remained non-functional due to poor road conditions' (Hum News, Oct 2025); the nearest road is ~130 km away (Daily Pakistan, 6 Oct 2025); "
        "open to people only, 150 a day each way (Pajhwok, 8 Jan 2023). Capacity 0 t/day of food (no cargo traffic found); kept so that a scenario or an edited copy can open it; lat/lon [E] data brief §1",
    ),
    (
        "NAWA_PASS",
        "Nawa Pass (AF, Kunar) – Bajaur (PAK)",
        34.70,
        71.30,
        "PAK",
        0.0,
        "status: closed to trade since 2007 ('the route had been closed since 2007 over security issues', Dawn, 11 Jun 2023; still closed, Dawn 1898998, ~Mar 2025). "
        "Capacity 0 t/day of food; kept so that an edited copy can open it; lat/lon [E] data brief §1",
    ),
    (
        "ISLAM_QALA",
        "Islam Qala (AF) – Dogharoun (IRN)",
        34.66,
        61.07,
        "IRN",
        ISLAM_QALA_T_DAY * IRN_FOOD_SHARE,
        "status: open; short closures only (fire of 13 Feb 2021, ~7 days; Taliban capture Jul 2021; May 2023 clash). "
        f"Capacity: 471,746 t of Iranian exports + 858,979 t of transit into Afghanistan in H1 1404 (21 Mar–22 Sep 2025; YJC, 11 Oct 2025) ÷ 186 days = {fmt(ISLAM_QALA_T_DAY)} t/day "
        f"(≈800 vehicles/day, peak 1,384) × {S_IRN_MIX} = {fmt(ISLAM_QALA_T_DAY * IRN_FOOD_SHARE)} t/day of food; {DB} §1: lat/lon",
    ),
    (
        "MILAK",
        "Zaranj (AF) – Milak (IRN), Silk Bridge",
        30.99,
        61.82,
        "IRN",
        MILAK_T_DAY * IRN_FOOD_SHARE,
        "status: open; closed 'until further notice' after clashes in May 2023 (IFP News, 28 May 2023). "
        f"Capacity: 649,467 t on 24,727 trucks in the first 7 months of 1404 (21 Mar–~22 Oct 2025; YJC, 30 Oct 2025) ÷ 215 days = {fmt(MILAK_T_DAY)} t/day × {S_IRN_MIX} = {fmt(MILAK_T_DAY * IRN_FOOD_SHARE)} t/day of food; "
        "lat/lon estimate: the Silk Bridge over the Helmand, a few km north-west of Zaranj (30.96, 61.86)",
    ),
    (
        "TORGHUNDI",
        "Torghundi (AF) – Serhetabat (TKM)",
        35.25,
        62.28,
        "TKM",
        TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE,
        f"status: open; imports 'doubled' after the Oct 2025 Pakistan closure (RFE/RL via NewsGram, 16 Nov 2025). Capacity: peak rail week 25,926 t (ARA via Bakhtar News) ÷ 7 = {fmt(TORGHUNDI_RAIL_WEEK / 7)} t/day × {S_RAIL_FS} "
        f"= {fmt(TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE)} t/day of food (the month to 21 Dec 2025, 74,701 t (MoPW via Jomhor News), gives {fmt(74_701 / 30 * FOOD_SHARE)}); mostly fuel and gas, so its food share is probably lower; {DB} §1: lat/lon",
    ),
    (
        "AQINA",
        "Aqina (AF) – Imamnazar (TKM)",
        37.23,
        65.26,
        "TKM",
        AQINA_RAIL_WEEK / 7 * FOOD_SHARE,
        f"status: open. Capacity: 7,795 t by rail in 1–7 Jun 2024 (Ministry of Public Works via AVA, 11 Jun 2024) ÷ 7 = {fmt(AQINA_RAIL_WEEK / 7)} t/day × {S_RAIL_FS} = {fmt(AQINA_RAIL_WEEK / 7 * FOOD_SHARE)} t/day of food; {DB} §1: lat/lon (Wikipedia)",
    ),
    (
        "HAIRATAN",
        "Hairatan (AF) – Termez (UZB), Friendship Bridge (rail and road)",
        37.22,
        67.42,
        "UZB",
        HAIRATAN_RAIL_FOOD + WFP_TERMEZ_T_DAY,
        f"status: open (cargo halted ~14–19 Aug 2021 only). Capacity: the busiest month in the Ministry of Public Works' monthly series, 349,599 t in Qaws 1404 (22 Nov–21 Dec 2025), after the Pakistan closure "
        f"(MoPW spokesman via Jomhor News, jomhornews.org/fa/news/178805: four ports 452,133 t, Aqina 25,630, Torghundi 74,701, Khaf–Herat 2,202; Pajhwok's '~490,000 t' for the same month does not add up: its parts sum to 1.12 Mt against its own 684,000 t total); "
        f"normal months 237,166 t (Hamal 1404), 245,480 t (Mizan 1403) and 302,327 t (Jadi 1403); 349,599 t ÷ 30 = {fmt(HAIRATAN_RAIL_MONTH / 30)} t/day × {S_RAIL_FS} "
        f"= {fmt(HAIRATAN_RAIL_FOOD)} t/day (AFP c.2022: 3,500 t flour + 1,500 t wheat unloaded per day) + road {fmt(WFP_TERMEZ_T_DAY)} t/day of WFP food ({S_TERMEZ}) = {fmt(HAIRATAN_RAIL_FOOD + WFP_TERMEZ_T_DAY)} t/day; {DB} §1: lat/lon",
    ),
    (
        "SHER_KHAN_BANDAR",
        "Sher Khan Bandar (AF) – Panji Poyon (TJK)",
        37.23,
        68.35,
        "TJK",
        72 * T_PER_TRUCK * TJK_FOOD_SHARE,
        "status: open; closed by Tajikistan from 8 May 2022 for a time (Caravanserai). Capacity: 72 trucks into Afghanistan on 13 Jul 2021 (51 out; Asia-Plus, 14 Jul 2021) "
        f"× {S_TRUCK} × {S_TJK_MIX} = {fmt(72 * T_PER_TRUCK * TJK_FOOD_SHARE)} t/day of food; lat/lon estimate: the dry port ~8 km north-west of the town (37.18, 68.42, Wikipedia)",
    ),
    (
        "ISHKASHIM",
        "Ishkashim (AF) – Ishkashim (TJK)",
        36.71,
        71.57,
        "TJK",
        trucks_to_food(10),
        f"status: no trade traffic found; the cross-border market closed in 2021; 'small volumes', a winter access option for Badakhshan (Logistics Cluster LCA, {DB} §1). "
        f"Capacity estimate: 10 trucks/day {TRUCK_RULE} = {fmt(trucks_to_food(10))} t/day of food; {DB} §1: lat/lon",
    ),
]
CROSS_CAP = {c[0]: round(c[5]) for c in CROSS}
for cid, name, lat, lon, _nb, thr, src in CROSS:
    node(
        id=cid,
        name=name,
        kind="crossing",
        country="AFG",
        lat=lat,
        lon=lon,
        storage_t=0,
        throughput_t_per_day=int(round(thr)),
        source=src + "; storage 0: nothing is stored at the border",
    )

node(
    id="DELARAM",
    name="Delaram junction (Nimroz)",
    kind="hub",
    country="AFG",
    lat=32.17,
    lon=63.43,
    storage_t=0,
    source=f"{S_COORD}; ring-road junction with the road to Zaranj (Delaram–Zaranj 215 km, Delaram–Farah 120 km, Kandahar–Delaram 330 km, {DB} §4); storage 0 = transit only",
)

STORE_FACTOR = 2.0  # estimate: warehouses have room for as much again as the day-0 working stock
for pid, name, pc, cap, lat, lon, popm, _est in PROVINCES:
    held = sum(day0[pid].values())
    room = KABUL_SILO_T - RESERVE["KABUL"] if pid == "KABUL" else 0.0
    store = int(math.ceil((STORE_FACTOR * held + room) / 1000.0) * 1000)
    store_src = (
        f"storage estimate: {STORE_FACTOR:g} × the day-0 stock it holds ({fmt(held)} t: traders', WFP's and the reserve's, see stocks.csv)"
        + (
            f" + {fmt(room)} t of free room in Kabul's central silo (capacity 20,000 t, Kabul Times; 17,000 t of reserve wheat in it)"
            if room
            else ""
        )
        + ", rounded up to 1,000 t: no warehouse capacity was found, so a plan may pre-position at most as much again as it holds on day 0"
    )
    pop_src = (
        f"population {fmt(popm * 1e6)}: estimate ({DB} §4 [E]; Kapisa is missing from the NSIA 1400 list)"
        if pid == "KAPISA"
        else f"population {fmt(popm * 1e6)}: estimate ({DB} §4 [E]; NSIA 1400 gives only 'over a million')"
        if pid == "BAGHLAN"
        else f"population {fmt(popm * 1e6)} ({S_NSIA1400})"
    )
    node(
        id=pid,
        name=name,
        kind="demand",
        country="AFG",
        pcode=pc,
        lat=lat,
        lon=lon,
        storage_t=store,
        population=int(round(popm * 1e6)),
        priority=1,
        source=(
            f"{pop_src}; P-code OCHA COD-AB as in the REACH/CVWG MEB 2025 data set ({DB} §4); lat/lon of the provincial capital {cap} ({DB} §4); "
            f"the node is the provincial hub; {store_src}"
        ),
    )

# =============================================================================================
# 4. Routes
# =============================================================================================
COLS_R = "id,from,to,mode,distance_km,transit_days,capacity_t_per_day,cost_usd_per_t,bidirectional,source".split(
    ","
)
routes: list[dict] = []


def est_km(a: str, b: str, terrain: str) -> tuple[int, str]:
    """Road or rail km between two nodes: great-circle km × the terrain's detour factor, rounded to 5 km."""
    g = gc_km(COORD[a], COORD[b])
    f = DETOUR[terrain]
    km = int(round(g * f / 5.0) * 5) if g * f > 20 else int(round(g * f))
    return max(km, 1), f"estimate: great-circle {fmt(g)} km × detour {f} ({terrain}) ≈ {km} km"


def split_km(total: int, a: str, mid: str, b: str) -> tuple[int, int]:
    """Split a sourced a–b distance at mid in proportion to the great-circle legs."""
    g1, g2 = gc_km(COORD[a], COORD[mid]), gc_km(COORD[mid], COORD[b])
    k1 = int(round(total * g1 / (g1 + g2) / 5.0) * 5)
    return k1, total - k1


def route(
    frm: str,
    to: str,
    mode: str,
    km: int,
    dist_src: str,
    cls: str | None = None,
    cap_t: float | None = None,
    cap_src: str = "",
    rate: float = RATE_ROAD,
    bidir: bool = False,
    rid: str | None = None,
    speed: float | None = None,
) -> None:
    """Add one route row: transit days from the speed, capacity from the road class unless given, cost from the rate."""
    if mode == "rail":
        speed = speed or RAIL_KM_DAY
    else:
        trucks, cspeed, cdesc = ROAD_CLASS[cls]
        speed = speed or cspeed
        if cap_t is None:
            cap_t = trucks * T_PER_TRUCK * FOOD_SHARE
            cap_src = f"capacity estimate: {cdesc}, {trucks:,} trucks/day each way × {T_PER_TRUCK:g} t × {FOOD_SHARE:.3f} food share = {fmt(cap_t)} t/day of food"
    days = max(1, math.ceil(km / speed))
    cost = round(km * rate, 1)
    rid = rid or f"R_{frm}_{to}"
    routes.append(
        {
            "id": rid,
            "from": frm,
            "to": to,
            "mode": mode,
            "distance_km": km,
            "transit_days": days,
            "capacity_t_per_day": int(round(cap_t)),
            "cost_usd_per_t": cost,
            "bidirectional": "true" if bidir else "false",
            "source": f"{dist_src}; transit {km:,} km ÷ {speed:g} km/day rounded up = {days} d (estimate); {cap_src}; cost {km:,} km × {RATE_SRC[rate]} = ${cost:g}/t",
        }
    )


UP = 1.5  # upstream links are given 1.5 × the capacity of the crossing they feed, so the crossing is the bottleneck


def up_cap(*crossings: str) -> tuple[float, str]:
    """Capacity of an approach: UP × the throughput of the crossings it feeds, with its source text."""
    c = sum(CROSS_CAP[x] for x in crossings)
    return (
        c * UP,
        f"capacity estimate: {UP} × the throughput of {' + '.join(crossings)} ({fmt(c)} t/day) so that the crossing, not the approach, is the bottleneck",
    )


# ---- Pakistan: origins -> hubs -> crossings (one way, towards Afghanistan)
def pak_leg(a: str, b: str, km: int, src: str, *feeds: str) -> None:
    """Add a one-way highway leg in Pakistan, sized by the crossings it feeds."""
    cap, csrc = up_cap(*feeds)
    route(a, b, "road", km, src, cls="hwy", cap_t=cap, cap_src=csrc)


qc_km, qc_src = est_km("QUETTA", "SPIN_BOLDAK", "plain")
pak_leg(
    "KARACHI",
    "PESHAWAR",
    1600 - 55,
    f"Karachi–Peshawar = [E] ~1,600 km Karachi–Peshawar–Torkham less 55 km Peshawar–Torkham (PTI, Mar 2025) ({DB} §2)",
    "TORKHAM",
    "GHULAM_KHAN",
    "KHARLACHI",
    "NAWA_PASS",
)
pak_leg(
    "KARACHI",
    "QUETTA",
    820 - qc_km,
    f"Karachi–Quetta = [E] ~820 km Karachi–Quetta–Chaman ({DB} §2) less Quetta–Chaman {qc_km} km ({qc_src})",
    "SPIN_BOLDAK",
    "BADINI",
    "ANGOOR_ADDA",
)
pak_leg(
    "PESHAWAR", "TORKHAM", 55, "Peshawar–Torkham 55 km (PTI, Mar 2025, data brief §2)", "TORKHAM"
)
for cid in ("GHULAM_KHAN", "KHARLACHI", "NAWA_PASS", "ANGOOR_ADDA"):
    km, s = est_km("PESHAWAR", cid, "mountain")
    pak_leg("PESHAWAR", cid, km, s + " (via Kohat/Bannu or Bajaur hill roads)", cid)
pak_leg("QUETTA", "SPIN_BOLDAK", qc_km, qc_src, "SPIN_BOLDAK")
for cid in ("BADINI", "ANGOOR_ADDA"):
    km, s = est_km("QUETTA", cid, "plain")
    pak_leg("QUETTA", cid, km, s + " (via Qila Saifullah / Zhob)", cid)

# ---- Iran (one way)
cap, csrc = up_cap("ISLAM_QALA")
route(
    "BANDAR_ABBAS",
    "ISLAM_QALA",
    "road",
    1450,
    f"[E] ~1,450 km Bandar Abbas–Dogharoun, [E] 4–5 days to Herat ({DB} §2)",
    cls="hwy",
    cap_t=cap,
    cap_src=csrc,
    rate=RATE_IRN,
)
km, s = est_km("BANDAR_ABBAS", "MILAK", "indirect")
cap, csrc = up_cap("MILAK")
route(
    "BANDAR_ABBAS",
    "MILAK",
    "road",
    km,
    s + " (via Kerman–Zahedan–Zabol)",
    cls="hwy",
    cap_t=cap,
    cap_src=csrc,
    rate=RATE_IRN,
)
route(
    "CHABAHAR",
    "MILAK",
    "road",
    950,
    f"[E] ~950 km Chabahar–Milak/Zaranj; Chabahar–Kabul 7–8 days ({DB} §2, Metro Morning Nov 2025)",
    cls="hwy",
    cap_t=cap,
    cap_src=csrc,
    rate=RATE_IRN,
)

# ---- Central Asia (one way)
km, s = est_km("KAZ_UZB_RAIL", "HAIRATAN", "rail")
cap, csrc = up_cap("HAIRATAN")
route(
    "KAZ_UZB_RAIL",
    "HAIRATAN",
    "rail",
    km,
    s + " (Tashkent–Samarkand–Karshi–Termez–Hairatan)",
    cap_t=cap,
    cap_src=csrc,
    rate=RATE_RAIL,
)
km, s = est_km("KAZ_UZB_RAIL", "UZB_ROAD", "rail")
route(
    "KAZ_UZB_RAIL",
    "UZB_ROAD",
    "rail",
    km,
    s + " (Tashkent–Termez, for transhipment to trucks at the Termez hub)",
    cap_t=cap,
    cap_src=csrc,
    rate=RATE_RAIL,
)
km, s = est_km("UZB_ROAD", "HAIRATAN", "plain")
route(
    "UZB_ROAD",
    "HAIRATAN",
    "road",
    km,
    s + " (Termez–Friendship Bridge–Hairatan)",
    cls="hwy",
    cap_t=cap,
    cap_src=csrc,
)
km, s = est_km("KAZ_UZB_RAIL", "TKM_ORIGIN", "rail")
cap, csrc = up_cap("TORGHUNDI", "AQINA")
route(
    "KAZ_UZB_RAIL",
    "TKM_ORIGIN",
    "rail",
    km,
    s + " (Tashkent–Samarkand–Bukhara–Turkmenabat)",
    cap_t=cap,
    cap_src=csrc,
    rate=RATE_RAIL,
)
for cid, via in (
    ("TORGHUNDI", "Turkmenabat–Mary–Serhetabat"),
    ("AQINA", "Turkmenabat–Kerki–Imamnazar; Kerki–Imamnazar–Aqina 88 km of new line, TCA 2016"),
):
    km, s = est_km("TKM_ORIGIN", cid, "rail")
    cap, csrc = up_cap(cid)
    route("TKM_ORIGIN", cid, "rail", km, f"{s} ({via})", cap_t=cap, cap_src=csrc, rate=RATE_RAIL)
    km2, s2 = est_km("TKM_ORIGIN", cid, "plain")
    route(
        "TKM_ORIGIN",
        cid,
        "road",
        km2,
        f"{s2} (road alongside the railway)",
        cls="sec",
        rid=f"R_TKM_ORIGIN_{cid}_ROAD",
    )
km, s = est_km("TJK_ROAD", "SHER_KHAN_BANDAR", "plain")
cap, csrc = up_cap("SHER_KHAN_BANDAR")
route(
    "TJK_ROAD",
    "SHER_KHAN_BANDAR",
    "road",
    km,
    s + " (Dushanbe–Bokhtar–Panji Poyon; ~200 km)",
    cls="hwy",
    cap_t=cap,
    cap_src=csrc,
)
km, s = est_km("TJK_ROAD", "ISHKASHIM", "mountain")
cap, csrc = up_cap("ISHKASHIM")
route(
    "TJK_ROAD",
    "ISHKASHIM",
    "road",
    km,
    s + " (Dushanbe–Kulob–Khorog–Ishkashim, Pamir road)",
    cls="mtn",
    cap_t=cap,
    cap_src=csrc,
)

# ---- spare supply -> its origin: a purchase premium, not a road
SPARE_PREMIUM_USD_PER_T = (
    2500 / 20
)  # '$2,500 extra per container' via Iran or Central Asia (particle.news, Nov–Dec 2025) ÷ ~20 t per container
for spare, origin in (("IRN_SPARE", "BANDAR_ABBAS"), ("CA_SPARE", "KAZ_UZB_RAIL")):
    routes.append(
        {
            "id": f"R_{spare}_{origin}",
            "from": spare,
            "to": origin,
            "mode": "road",
            "distance_km": 1,
            "transit_days": 0,
            "capacity_t_per_day": 100_000,
            "cost_usd_per_t": SPARE_PREMIUM_USD_PER_T,
            "bidirectional": "false",
            "source": (
                f"estimate: a market link, not a road (1 km, 0 days, 100,000 t/day: never binding); cost = the premium of the alternative routes, "
                f"'$2,500 extra per container' via Iran or Central Asia (particle.news, Nov–Dec 2025; Karachi $5,000 against Chabahar $8,000 per container, a trader via news-pravda, 18 Jan 2026) "
                f"÷ ~20 t per container = ${SPARE_PREMIUM_USD_PER_T:g}/t, so plans buy spare supply only when the normal supply cannot reach the need"
            ),
        }
    )

# ---- crossing -> provincial hub (one way into Afghanistan)
route("TORKHAM", "NANGARHAR", "road", 75, f"Jalalabad–Torkham 75 km [E] ({DB} §4)", cls="hwy")
route(
    "SPIN_BOLDAK", "KANDAHAR", "road", 100, f"Kandahar–Spin Boldak 100 km [E] ({DB} §4)", cls="hwy"
)
route("GHULAM_KHAN", "KHOST", "road", 35, f"Khost–Ghulam Khan 35 km [E] ({DB} §4)", cls="sec")
for cid, pid, terr, via in (
    ("KHARLACHI", "PAKTYA", "mountain", "Dand-e-Patan–Chamkani–Gardez"),
    ("ANGOOR_ADDA", "PAKTIKA", "mountain", "Barmal–Urgun–Sharana"),
    ("BADINI", "ZABUL", "plain", "Shinkay–Qalat"),
    ("NAWA_PASS", "KUNAR", "mountain", "Nawa–Asadabad"),
    ("MILAK", "NIMROZ", "plain", "Silk Bridge–Zaranj"),
):
    km, s = est_km(cid, pid, terr)
    route(cid, pid, "road", km, f"{s} ({via})", cls="mtn" if terr == "mountain" else "sec")
route("ISLAM_QALA", "HERAT", "road", 120, f"Herat–Islam Qala 120 km [E] ({DB} §4)", cls="hwy")
route("TORGHUNDI", "HERAT", "road", 120, f"Herat–Torghundi 120 km [E] ({DB} §4)", cls="hwy")
km, s = est_km("AQINA", "FARYAB", "plain")
route("AQINA", "JAWZJAN", "road", 110, f"Sheberghan–Andkhoy–Aqina 110 km [E] ({DB} §4)", cls="sec")
route("AQINA", "FARYAB", "road", km, s + " (Aqina–Andkhoy–Maimana)", cls="sec")
route("HAIRATAN", "BALKH", "road", 75, f"Mazar–Hairatan 75 km ({DB} §4)", cls="hwy")
route(
    "HAIRATAN",
    "BALKH",
    "rail",
    75,
    "Hairatan–Naibabad (Mazar-i-Sharif) railway 75 km (AFP, data brief §4)",
    cap_t=HAIRATAN_RAIL_FOOD,
    rid="R_HAIRATAN_BALKH_RAIL",
    cap_src=f"capacity: the rail part of the Hairatan throughput, {fmt(HAIRATAN_RAIL_FOOD)} t/day of food (see nodes.csv, HAIRATAN)",
    rate=RATE_RAIL,
)
route(
    "SHER_KHAN_BANDAR",
    "KUNDUZ",
    "road",
    68,
    "Kunduz–Sher Khan Bandar town 60 km (Wikipedia, data brief §4) + ~8 km to the dry port (Wikipedia)",
    cls="hwy",
)


# ---- domestic roads (two way)
def dom(a: str, b: str, km: int, src: str, cls: str, rid: str | None = None) -> None:
    """Add a two-way road inside Afghanistan."""
    route(a, b, "road", km, src, cls=cls, bidir=True, rid=rid)


def dom_est(a: str, b: str, terrain: str, cls: str, via: str, rid: str | None = None) -> None:
    """Add a two-way road whose length is great-circle km × a detour factor."""
    km, s = est_km(a, b, terrain)
    dom(a, b, km, f"{s} ({via})", cls, rid)


def dom_split(
    a: str,
    mid: str,
    b: str,
    total: int,
    src: str,
    cls: str,
    ids: tuple[str | None, str | None] = (None, None),
) -> None:
    """Add two two-way roads a–mid and mid–b from one sourced a–b distance."""
    k1, k2 = split_km(total, a, mid, b)
    how = f"{src}, split at {PROV[mid][3]} in proportion to the great-circle legs (estimate)"
    dom(a, mid, k1, f"{how}: {k1} km", cls, ids[0])
    dom(mid, b, k2, f"{how}: {k2} km", cls, ids[1])


# east
dom("KABUL", "NANGARHAR", 150, f"Kabul–Jalalabad 150 km [E] ({DB} §4)", "hwy")
dom_est("NANGARHAR", "LAGHMAN", "plain", "sec", "Jalalabad–Qarghayi–Mihtarlam")
dom("NANGARHAR", "KUNAR", 90, f"Jalalabad–Asadabad 90 km [E] ({DB} §4)", "sec")
dom_est("KUNAR", "NURISTAN", "mountain", "mtn", "Asadabad–Pech valley–Parun")
# Kabul – Gardez – Khost; Ghazni – Paktika
dom_split("KABUL", "LOGAR", "PAKTYA", 130, f"Kabul–Gardez 130 km [E] ({DB} §4)", "sec")
dom("PAKTYA", "KHOST", 100, f"Gardez–Khost 100 km [E] ({DB} §4)", "sec")
dom_est("PAKTYA", "PAKTIKA", "plain", "sec", "Gardez–Sharana")
dom_est("GHAZNI", "PAKTIKA", "plain", "sec", "Ghazni–Sharana")
# ring road south: Kabul – Maidan Shahr – Ghazni – Qalat – Kandahar
dom_split("KABUL", "MAIDAN_WARDAK", "GHAZNI", 145, f"Kabul–Ghazni 145 km [E] ({DB} §4)", "hwy")
dom_split("GHAZNI", "ZABUL", "KANDAHAR", 345, f"Ghazni–Kandahar 345 km [E] ({DB} §4)", "hwy")
dom("KANDAHAR", "HELMAND", 150, f"Kandahar–Lashkar Gah 150 km [E] ({DB} §4)", "hwy")
dom("KANDAHAR", "URUZGAN", 150, f"Kandahar–Tarinkot 150 km [E] ({DB} §4)", "sec")
# ring road west
dom("KANDAHAR", "DELARAM", 330, f"ring road Kandahar–Girishk–Delaram 330 km [E] ({DB} §4)", "hwy")
dom("DELARAM", "NIMROZ", 215, f"Delaram–Zaranj 215 km [E] ({DB} §4)", "sec")
dom("DELARAM", "FARAH", 120, f"Delaram–Farah 120 km [E] ({DB} §4)", "hwy")
dom("FARAH", "HERAT", 280, f"Farah–Herat 280 km [E] ({DB} §4)", "hwy")
# north-west and north ring road
dom("HERAT", "BADGHIS", 150, f"Herat–Qala-i-Naw 150 km [E] ({DB} §4)", "sec")
dom_est(
    "BADGHIS", "FARYAB", "mountain", "mtn", "Qala-i-Naw–Bala Murghab–Almar–Maimana, partly unpaved"
)
dom("FARYAB", "JAWZJAN", 200, f"Sheberghan–Maimana 200 km [E] ({DB} §4)", "sec")
dom("JAWZJAN", "BALKH", 130, f"Mazar–Sheberghan 130 km [E] ({DB} §4)", "hwy")
dom_est("JAWZJAN", "SAR_E_PUL", "plain", "sec", "Sheberghan–Sar-e-Pul")
dom_split("BALKH", "SAMANGAN", "BAGHLAN", 220, f"Pul-i-Khumri–Mazar 220 km [E] ({DB} §4)", "hwy")
dom_est("BALKH", "KUNDUZ", "plain", "sec", "Mazar–Khulm–Kunduz")
dom("BAGHLAN", "KUNDUZ", 110, f"Pul-i-Khumri–Kunduz 110 km [E] ({DB} §4)", "hwy")
dom("KUNDUZ", "TAKHAR", 70, f"Kunduz–Taloqan 70 km [E] ({DB} §4)", "hwy")
dom(
    "TAKHAR",
    "BADAKHSHAN",
    180,
    f"Taloqan–Faizabad 180 km [E] ({DB} §4); winter access limited (WFP: 11 of 28 Badakhshan districts cut off Nov–Jun)",
    "sec",
)
dom(
    "BADAKHSHAN",
    "ISHKASHIM",
    180,
    f"Faizabad–Ishkashim 180 km [E] ({DB} §4); two-way because it is a road inside Afghanistan",
    "mtn",
)
# Kabul – Salang – Pul-i-Khumri
k1, k2 = split_km(210, "KABUL", "PARWAN", "BAGHLAN")
dom(
    "KABUL",
    "PARWAN",
    k1,
    f"Kabul–Charikar–Salang–Pul-i-Khumri 210 km [E] ({DB} §4), split at Charikar in proportion to the great-circle legs (estimate): {k1} km",
    "hwy",
)
dom(
    "PARWAN",
    "BAGHLAN",
    k2,
    f"Kabul–Charikar–Salang–Pul-i-Khumri 210 km [E] ({DB} §4), split at Charikar (estimate): Charikar–Salang tunnel–Pul-i-Khumri {k2} km; winter closures of hours to days (DID Press, Pajhwok, {DB} §6)",
    "hwy",
    rid="SALANG",
)
dom_est("KABUL", "KAPISA", "plain", "sec", "Kabul–Bagram–Mahmud-i-Raqi")
dom_est("KAPISA", "PARWAN", "plain", "sec", "Mahmud-i-Raqi–Charikar")
dom_est("PARWAN", "PANJSHER", "mountain", "mtn", "Charikar–Gulbahar–Bazarak, Panjsher valley road")
# central highlands
dom(
    "KABUL",
    "BAMYAN",
    180,
    f"Kabul–Bamyan 180 km [E] ({DB} §4) (via Maidan Shahr and the Hajigak pass)",
    "sec",
)
dom_est("PARWAN", "BAMYAN", "mountain", "mtn", "Charikar–Ghorband–Shibar pass–Bamyan")
dom_est(
    "BAMYAN",
    "BAGHLAN",
    "mountain",
    "mtn",
    "Bamyan–Shibar–Doab–Doshi–Pul-i-Khumri, the road that bypasses the Salang",
)
dom_est("BAMYAN", "DAYKUNDI", "mountain", "mtn", "Bamyan–Panjab–Waras–Nili")
dom_est("URUZGAN", "DAYKUNDI", "mountain", "mtn", "Tarinkot–Gizab–Nili")
dom_est("HERAT", "GHOR", "mountain", "mtn", "Herat–Obe–Chishti Sharif–Chaghcharan, central route")
dom_est("GHOR", "BAMYAN", "mountain", "mtn", "Chaghcharan–Lal wa Sarjangal–Yakawlang–Bamyan")

# =============================================================================================
# 5. Commodities
# =============================================================================================
kcal_basket = (400 * 3640 + 60 * 3405 + 30 * 8850 + 5 * 0) / 1000  # kcal per person-day
kcal_kg = round(kcal_basket / RATION_KG / 10) * 10
S_FSC_KCAL = "Food Security Cluster standard-ration table (fdocuments.in, 'nutritional value of proposed FSC standardised food')"
commodities = [
    dict(
        id="wheat_flour",
        name="Wheat and wheat flour (commercial)",
        kcal_per_kg=3640,
        priority=1,
        aid="false",
        source=f"WFP NutVal standard value for wheat flour ({DB} §5, not re-verified); domestic wheat grain and imported flour counted tonne for tonne (milling loss not modelled)",
    ),
    dict(
        id="rice",
        name="Rice (commercial)",
        kcal_per_kg=3600,
        priority=1,
        aid="false",
        source=f"polished rice 1,440 kcal per 400 g = 3,600 kcal/kg ({S_FSC_KCAL}); WFP NutVal 3,600 ({DB} §5)",
    ),
    dict(
        id="cooking_oil",
        name="Cooking oil and ghee (commercial; palm, sunflower)",
        kcal_per_kg=8840,
        priority=1,
        aid="false",
        source=f"vegetable oil 221 kcal per 25 g = 8,840 kcal/kg ({S_FSC_KCAL}); Kabul's oil price rose 34 % in the Oct 2025 closure (Pajhwok weekly prices via MENAFN)",
    ),
    dict(
        id="sugar",
        name="Sugar (commercial)",
        kcal_per_kg=4000,
        priority=1,
        aid="false",
        source=f"sugar 60 kcal per 15 g = 4,000 kcal/kg ({S_FSC_KCAL})",
    ),
    dict(
        id="pulses",
        name="Pulses: beans, lentils, peas, chickpeas (commercial)",
        kcal_per_kg=3380,
        priority=1,
        aid="false",
        source=f"lentils 203 kcal per 60 g = 3,383 ≈ 3,380 kcal/kg ({S_FSC_KCAL}; data brief §5: 3,350–3,460)",
    ),
    dict(
        id="wfp_basket",
        name="WFP food basket (fortified flour, split peas, fortified oil, salt)",
        kcal_per_kg=kcal_kg,
        priority=2,
        aid="true",
        source=(
            f"estimate: default ration [E] 400 g flour + 60 g pulses + 30 g oil + 5 g salt = 495 g/person/day ({DB} §5; WFP Afghanistan buys fortified wheat flour, yellow split peas, fortified oil and salt, WFP/IsDB 2024); "
            f"kcal = 400×3.640 + 60×3.405 (pulses, midpoint of 3,350–3,460) + 30×8.850 + 5×0 = {kcal_basket:,.1f} kcal/day; "
            f"÷ 0.495 kg = {kcal_basket / RATION_KG:,.0f} ≈ {kcal_kg:,} kcal/kg (WFP NutVal values)"
        ),
    ),
    dict(
        id="nutrition",
        name="Specialised nutritious foods (Super Cereal / wheat-soy blend, RUSF; aid)",
        kcal_per_kg=3780,
        priority=3,
        aid="true",
        source=(
            f"fortified wheat-soy blend (Super Cereal, WFP spec) 189 kcal per 50 g = 3,780 kcal/kg ({S_FSC_KCAL}); priority 3 (estimate: treatment and prevention of acute malnutrition come before "
            "general rations); 3,500 t of wheat-soy blend were stranded at the Pakistan border in Feb 2024 (WFP via AVA, 29 Feb 2024)"
        ),
    ),
]

# Priced demand (commercial goods): the normal price at Kabul wholesale before the Oct 2025
# closure and own-price elasticities (low = least responsive, central, high = most responsive).
AFN_PER_USD = 68.6  # mean Kabul open-market rate over the 11 Pajhwok weekly reports, 3 May-11 Oct 2025 (66.0-70.7)
S_PAJHWOK_PRICES = (
    "Kabul wholesale, mean of the 11 Pajhwok weekly price reports 3 May-11 Oct 2025 (Food Traders' Association via "
    "Pajhwok/MENAFN, e.g. menafn.com/1109503579, menafn.com/1110182072); AFN at the mean market rate of the same reports, "
    f"{AFN_PER_USD} AFN/USD (66.0-70.7)"
)
S_IMPACT = (
    "IFPRI IMPACT model v3 demand elasticities (github.com/IFPRI/IMPACT, DriverAssumptions/Elasticities_Demand/FdElasH.csv, "
    "base year ~2005; model parameters, not an Afghan econometric estimate)"
)
PRICING = {
    # commodity: (AFN per unit, kg per unit, unit, low, central, high, how the elasticities were chosen)
    "wheat_flour": (
        1409,
        49,
        "49 kg sack of Kazakh flour",
        -0.21,
        -0.34,
        -0.46,
        "central: Afghanistan's wheat -0.34; low: Iran's -0.21; high: India's -0.46; D'Souza & Jolliffe find wheat a "
        "Giffen good for urban households and rural demand 'relatively steady' (USDA ERS ERR-121, Jul 2011; "
        "their numbers could not be retrieved)",
    ),
    "rice": (
        2600,
        24,
        "24 kg bag of Pakistani rice (flat at 2,600 AFN in every 2025 report)",
        -0.24,
        -0.26,
        -0.31,
        "central: Afghanistan's rice -0.26; low: India's -0.24; high: Turkmenistan's -0.31",
    ),
    "cooking_oil": (
        1609,
        16 * 0.92,
        "16 L tin of Malaysian (palm) oil at 0.92 kg/L (estimate: density of palm olein)",
        -0.29,
        -0.455,
        -0.91,
        "central: Afghanistan's palm oil -0.455 (Kabul's benchmark oil is Malaysian palm oil); low: Pakistan's palm "
        "oil -0.29; high: Afghanistan's soybean and sunflower oil -0.91",
    ),
    "sugar": (
        2450,
        49,
        "49 kg bag of Indian sugar",
        -0.35,
        -0.3525,
        -0.50,
        "central: Afghanistan's sugar -0.3525; low: Kazakhstan's -0.35; high: Bangladesh's -0.50",
    ),
    "pulses": (
        600,
        7,
        "7 kg of beans, Kabul shop price before the closure (no wholesale quote found; Afghanistan International via "
        "afghanverified.com, 'Food basket for Kabul family rises 35 %')",
        -0.08,
        -0.285,
        -0.34,
        "central: Afghanistan's beans, lentils and chickpeas -0.285; low: Tajikistan's -0.08; high: Liberia's -0.34 (the "
        "most responsive country in the file)",
    ),
}
for c in commodities:
    if c["id"] not in PRICING:
        continue
    afn, kg, unit, low, central, high, why = PRICING[c["id"]]
    usd = afn / kg / AFN_PER_USD * 1000
    c.update(
        price_usd_per_t=round(usd),
        price_elasticity=central,
        price_elasticity_low=low,
        price_elasticity_high=high,
    )
    price_src = (
        S_PAJHWOK_PRICES
        if c["id"] != "pulses"
        else f"Kabul retail, converted at {AFN_PER_USD} AFN/USD"
    )
    c["source"] += (
        f"; normal price: {fmt(afn)} AFN per {unit} ÷ {kg:g} kg ÷ {AFN_PER_USD} AFN/USD = {fmt(usd)} ≈ {fmt(round(usd))} "
        f"USD/t ({price_src}); own-price elasticities: {why} ({S_IMPACT})"
    )

# =============================================================================================
# 6. Supply
# =============================================================================================
COLS_S = "node,commodity,t_per_day,start_day,end_day,source".split(",")
supply: list[dict] = []


def sup(nd: str, c: str, t: float, src: str, start: int | str = "") -> None:
    """Add one supply row (t/day) from ``start`` (blank = day 0) to the horizon end."""
    supply.append(
        dict(node=nd, commodity=c, t_per_day=r1(t), start_day=start, end_day="", source=src)
    )


# --- imports at origins: each commodity's import gap split over its corridors (normal trade)
KAZ_FLOUR = (1.2e6 + 1.1e6 + 0.237e6) / 365
KAZ_GRAIN = 256_000 / KAZ_GRAIN_DAYS
sup(
    "KAZ_UZB_RAIL",
    "wheat_flour",
    KAZ_FLOUR + KAZ_GRAIN,
    f"{S_FRANK}: (1,200,000 + 1,100,000 + 237,000) t ÷ 365 = {fmt(KAZ_FLOUR)} t/day of flour; + {S_KAZ_GRAIN}: 256,000 t ÷ {KAZ_GRAIN_DAYS} days = {fmt(KAZ_GRAIN)} t/day of wheat grain (milled in Afghanistan; counted tonne for tonne); "
    f"offered {fmt(KAZ_FLOUR + KAZ_GRAIN)} t/day in all (Jan–Jun 2025 flour ran at (691 + 537 + 14) kt ÷ 181 d = 6,862 t/day); all imported wheat and flour come from Uzbekistan, Kazakhstan and Russia "
    "('Afghanistan imports $689 million of wheat and flour from Uzbekistan, Kazakhstan, and Russia', DID Press 21746); Pakistan offers none: Pakistani flour exports fell to zero (republicpk.com, 2025)",
)
KAZ_OIL_T = 32_700  # Kazakh oil and fat exports to Afghanistan, MY2024/25 (Kazinform, 12 Nov 2025)
KAZ_PULSES_T = 23_780  # Kazakh pulse exports to Afghanistan, MY2016/17 (APK-Inform, KazGrain 2018)
OIL_CA = KAZ_OIL_T / 365 / GAP["cooking_oil"]
PULSES_CA = KAZ_PULSES_T / 365 / GAP["pulses"]
# commodity: [(origin, share of the import gap, why)]; shares sum to 1 (checked below)
# commodity: the Pakistani corridors' share of its imports (low, central, high) and why; how that share splits
# over the Pakistani origins; and the other origins, which share the rest in proportion to their weights.
# `--corridors low|high` takes the low or high Pakistani share (the corridor sensitivity).
CORRIDORS = {
    "rice": dict(
        pak=(0.75, RICE_PAK_SHARE, 0.95),
        pak_why=f"Pakistan: 95 % of rice imports (USDA 2013 via foodmate) as the high end; rice also comes from India and Iran (Kakar et al. 2019, Agriculture 9(3):49), and Indian rice moved through Bandar Abbas by Feb 2026 (PTI via Telegraph India, 1 Mar 2026): 75 % low and 90 % central are estimates. The central Pakistani tonnage is {S_PAK_RICE}",
        pak_split=[
            ("PESHAWAR", 0.5, "half via Peshawar and Torkham (estimate)"),
            ("QUETTA", 0.5, "half via Quetta and Chaman (estimate)"),
        ],
        others=[
            (
                "BANDAR_ABBAS",
                0.07,
                "Indian rice through Bandar Abbas (PTI via Telegraph India, 1 Mar 2026; estimate: 7 of the 10 points)",
            ),
            (
                "KAZ_UZB_RAIL",
                0.03,
                "Kazakh rice ('ready to expand shipments of grain, flour, rice and sugar to Afghanistan', Khaama 2024; estimate: 3 points)",
            ),
        ],
    ),
    "cooking_oil": dict(
        pak=(0.45, 0.64, 0.72),
        pak_why=f"palm oil is 72 % of edible-oil imports and comes by sea to Karachi ({S_OIL_BRIEF}; ≈3,000 of 6,500 containers stranded at Karachi in Jan 2026 were Malaysian palm oil, Dawn 14 Jan 2026; Pakistani ghee, ARY News 3 Oct 2024): high = all palm oil via Karachi (72 %); "
        "central = what is left after sunflower oil from the north (21 %) and palm and vegetable oil through Iran (15 %, estimate: 'vegetable oils' transit at Dogharoun, Financial Tribune; Indonesian food via Mahirood, Bayan 6 Apr 2024); low 45 % is an estimate",
        pak_split=[
            (
                "KARACHI",
                1.0,
                "Malaysian palm oil landed at Karachi and trucked in transit, and Pakistani ghee",
            )
        ],
        others=[
            (
                "KAZ_UZB_RAIL",
                0.21,
                f"sunflower oil, 21 % of edible-oil imports, 'mainly imported from Russian Federation' ({S_OIL_BRIEF}), by rail with Kazakh oil (32,700 t in MY2024/25, Kazinform 12 Nov 2025)",
            ),
            (
                "BANDAR_ABBAS",
                0.15,
                "palm and vegetable oil through Iran (estimate: 15 %; Mahirood transit includes cooking oil, Mehr News 6 Oct 2025)",
            ),
        ],
    ),
    "sugar": dict(
        pak=(0.0, 0.0, 0.50),
        pak_why="Pakistani sugar exports to Afghanistan were 'less than $100,000' in Feb 2025 and 'almost came to an end' (The News, 18 Mar 2025), zero in Jul 2025 (Ariana News, 20 Aug 2025), after a quota boom of $262.7 M in Jul 2024–Jan 2025 (The Nation, 11 Feb 2025); "
        "Pakistan ended the transit of Indian goods on 24 Apr 2025 (Daily Times): central and low 0; high 50 % (estimate: quotas reopen, as in 2024)",
        pak_split=[
            ("KARACHI", 1.0, "Pakistani and Indian sugar through Karachi (the high case only)")
        ],
        others=[
            (
                "BANDAR_ABBAS",
                0.62,
                "Indian sugar through Iran: India shipped 75,533 t to Afghanistan in 2024-25 (AISTA via Times of India, 12 Oct 2025); Kabul's quoted sugar is 'Indian sugar' (Pajhwok, 10 Jan 2026); Mahirood transit includes sugar (Mehr News, 6 Oct 2025); 62 % is an estimate",
            ),
            (
                "CHABAHAR",
                0.03,
                "through Chabahar: its road transit to Afghanistan was only 10,675 t of all goods in nine months to 21 Dec 2025 (IRIB News, 7 Jan 2026), ≈ 39 t/day; 3 % is an estimate",
            ),
            (
                "KAZ_UZB_RAIL",
                0.20,
                "Kazakh and Uzbek sugar ('ready to expand shipments of ... sugar', Khaama 2024; Uzbekistan re-exports imported sugar, kun.uz 31 Oct 2022); 20 % is an estimate",
            ),
            (
                "TJK_ROAD",
                0.15,
                "Tajik sugar ('it imports sugar, steel, gas and construction materials from Tajikistan', Caravanserai 26 May 2022); 15 % is an estimate",
            ),
        ],
    ),
    "pulses": dict(
        pak=(0.25, 0.40, 0.60),
        pak_why="beans come through Pakistan (beans +17 % in the Oct 2025 closure while 'mung beans, not imported from Pakistan, fell', Afghanistan International via AfghanVerified 2026); Pakistan itself imports its pulses (1.165 Mt in FY24, exports 269 t, The Nation 9 Aug 2024), so these are re-exports: 25–60 % with 40 % central are estimates",
        pak_split=[("PESHAWAR", 1.0, "beans from Pakistan via Peshawar")],
        others=[
            (
                "KAZ_UZB_RAIL",
                0.35,
                f"Russian and Kazakh pulses by rail (Kazakh pulse exports to Afghanistan 23,780 t in MY2016/17, APK-Inform, = {PULSES_CA:.0%} of the need; pulses transit Afghanistan by rail and road, Global Pulse Confederation 27 Sep 2023); 35 % is an estimate",
            ),
            (
                "BANDAR_ABBAS",
                0.20,
                "pulses from Iran (WFP Logistics Capacity Assessment: Iran among suppliers of 'wheat flour, pulses, oil and sugar'); 20 % is an estimate",
            ),
            ("TJK_ROAD", 0.05, "pulses from Tajikistan (same LCA); 5 % is an estimate"),
        ],
    ),
}


def corridor_parts(c: str, spec: dict) -> list[tuple[str, float, str]]:
    """(origin, share of the import gap, why) for the corridor case: the Pakistani share split over its
    origins, the rest over the other origins in proportion to their weights; shares sum to 1.
    """
    pak = spec["pak"][CORRIDOR_CASES.index(CORRIDOR_CASE)]
    lo, mid, hi = spec["pak"]
    pak_text = f"Pakistani corridors {pak:.0%} of {c.replace('_', ' ')} imports ({CORRIDOR_CASE} of {lo:.0%}, {mid:.0%}, {hi:.0%}: {spec['pak_why']})"
    parts = [(o, pak * f, f"{why}; {f:.0%} of the {pak_text}") for o, f, why in spec["pak_split"]]
    weight = sum(w for _, w, _ in spec["others"])
    parts += [
        (
            o,
            (1 - pak) * w / weight,
            f"{why}; the non-Pakistani {1 - pak:.0%} split by weights {', '.join(f'{x} {v:g}' for x, v, _ in spec['others'])}",
        )
        for o, w, why in spec["others"]
    ]
    return [p for p in parts if p[1] > 0]


PAK_ORIGINS = {"PESHAWAR", "QUETTA", "KARACHI"}
NORMAL: dict[tuple[str, str], float] = {}  # (origin, commodity) -> t/day of normal trade
for c, spec in CORRIDORS.items():
    parts = corridor_parts(c, spec)
    assert abs(sum(sh for _, sh, _ in parts) - 1.0) < 1e-9, c
    gap_src = (
        f"import gap = commercial {c} need {fmt(TOT[c], 1)} t/day − domestic {fmt(DOM_RICE_TOTAL, 1)} t/day (383 kt ÷ 365, MAIL 2019) = {fmt(GAP[c], 1)} t/day"
        if c == "rice"
        else f"import gap = the whole {c.replace('_', ' ')} need {fmt(GAP[c], 1)} t/day (no domestic production counted)"
    )
    for origin, share, why in parts:
        NORMAL[(origin, c)] = GAP[c] * share
        sup(
            origin,
            c,
            GAP[c] * share,
            f"estimate: {gap_src} × {share:.1%} ({why}) = {fmt(GAP[c] * share, 1)} t/day of normal trade",
        )

AID_SPLIT = [  # node, share of aid need, why (all estimates); × AID_HEADROOM
    (
        "UZB_ROAD",
        0.35,
        f"WFP Termez hub: {S_TERMEZ} ≈ 1,000 ÷ (1.1 Mt ÷ 365 = 3,014) ≈ 1/3 of WFP's tonnage",
    ),
    (
        "KARACHI",
        0.30,
        "WFP international purchases (split peas, oil) landed at Karachi and trucked via Pakistan (estimate)",
    ),
    (
        "PESHAWAR",
        0.15,
        "WFP purchases in Pakistan staged at Peshawar (47 WFP trucks, 1,200 t, stuck at the border or in Peshawar in Mar 2025, KabulNow; stocks positioned in Pakistan, WFP Sep 2021)",
    ),
    (
        "CHABAHAR",
        0.03,
        "aid shipped through Chabahar (estimate: its road transit to Afghanistan was only 10,675 t of all goods in nine months to 21 Dec 2025, IRIB News 7 Jan 2026, ≈ 39 t/day)",
    ),
    ("BANDAR_ABBAS", 0.12, "aid through Bandar Abbas–Islam Qala (estimate)"),
    (
        "TJK_ROAD",
        0.05,
        "WFP stocks positioned at Tajik border points (WFP via UrduPoint, 14 Sep 2021) (estimate)",
    ),
]
AID_HEADROOM = 1.25
for nd, share, why in AID_SPLIT:
    sup(
        nd,
        "wfp_basket",
        AID_NEED * share * AID_HEADROOM,
        f"estimate: WFP basket need {fmt(AID_NEED, 1)} t/day (demand.csv) × {share:.0%} ({why}) × {AID_HEADROOM} headroom = {fmt(AID_NEED * share * AID_HEADROOM, 1)} t/day; pipeline shares sum to 100 %, Pakistani 45 %",
    )
SNF_NEED = TOT["nutrition"]
NUTRITION_CORRIDORS = dict(
    pak=(0.70, 0.85, 0.95),
    pak_why="specialised nutritious foods arrive by sea and cross from Pakistan: 'WFP and other humanitarian organizations rely on ... the Karachi port and onwards through the Chaman and Torkham border crossing' (WFP, Dec 2021); "
    "3,500 t of wheat-soy blend stranded at the Pakistan border (WFP via AVA, 29 Feb 2024); 143 UN containers (67 WFP, 74 UNICEF) held in Pakistan until 1 Dec 2025 (Pakistan Ministry of Commerce via Arab News, 4 Dec 2025); 70–95 % with 85 % central are estimates",
    pak_split=[
        (
            "KARACHI",
            1.0,
            "landed at Karachi or Port Qasim (WFP cold store for wheat-soy blend, TVI)",
        )
    ],
    others=[
        ("BANDAR_ABBAS", 0.08, "through Iran (estimate)"),
        ("UZB_ROAD", 0.07, "the UN hub at Termez (VOA, Nov 2021; estimate)"),
    ],
)
for nd, share, why in corridor_parts("nutrition", NUTRITION_CORRIDORS):
    sup(
        nd,
        "nutrition",
        SNF_NEED * share * AID_HEADROOM,
        f"estimate: nutrition need {fmt(SNF_NEED, 1)} t/day (demand.csv) × {share:.1%} ({why}) × {AID_HEADROOM} headroom = {fmt(SNF_NEED * share * AID_HEADROOM, 2)} t/day",
    )

# --- spare supply through Iran and Central Asia: part of the Pakistani corridors' normal trade that other
# routes replace, per commodity: how much, how fast (half from the first day, all from the second) and
# through which neighbour, each from that good's own record after 12 Oct 2025 (day 0)
S_RAMP = (
    "the general record: 'it would take at least 10 days' to restart Iran–Afghanistan trade (PressTV, 10 Aug 2021); rerouting NATO cargo took 'several weeks' (EurasiaNet, 2011); "
    "'After a month of closure, Afghanistan turned to alternative trade routes … no serious shortage' (ACCI via IANS, 7 Jan 2026); Hairatan carried 349,599 t in the month to 21 Dec 2025 "
    "(MoPW via Jomhor News) against 237,166–302,327 t in normal months (MoPW via Pajhwok and Amu TV), +16 % to +47 %; low and high cases: inputs/supply/low.yaml, high.yaml"
)
SPARE = {  # commodity: (share of the Pakistani trade replaced, first day, second day, share through Iran, why)
    "rice": (
        0.5,
        30,
        60,
        0.8,
        "rice came back more slowly than the general record: Pakistani rice in Kabul still rising at day 83 (+35 %, Pajhwok) and 'hard to find' at about four months (Afghanistan International), "
        "Indian rice the quoted rice by 21 Feb 2026 (day 132, Pajhwok) and moving through Bandar Abbas (PTI, 1 Mar 2026): a quarter of the Pakistani trade from day 30, half from day 60, four-fifths of it through Iran (estimates)",
    ),
    "cooking_oil": (
        0.5,
        30,
        90,
        0.6,
        "oil prices rose to +34 % by days 55–97, then Malaysian oil fell on 'increased imports' (Pajhwok, 10 Jan 2026, day 90) and Karachi's palm-oil containers were let out for re-export from mid-Jan 2026 (Dawn, 14 Jan 2026); "
        "Kazakh sunflower oil shipments rose 3.1 times in 2024 (Khaama): a quarter from day 30, half from day 90, 60 % through Iran (estimates)",
    ),
    "sugar": (
        0.5,
        14,
        30,
        0.5,
        "Kabul's sugar price barely moved in the Oct 2025 closure (+2 to +6 %, Pajhwok; Afghanistan International): it did not come through Pakistan; a quarter from day 14, half from day 30 (estimate, used only where the Pakistani share is above 0)",
    ),
    "pulses": (
        0.5,
        30,
        60,
        0.5,
        "beans were still 17 % dearer after four months (Afghanistan International): a quarter from day 30, half from day 60, half through Iran (estimates)",
    ),
}
for c, (replaced, first_day, second_day, iran, record) in SPARE.items():
    pak = sum(t for (o, k), t in NORMAL.items() if k == c and o in PAK_ORIGINS)
    if pak <= 0:
        continue
    for spare, where, part in (
        ("IRN_SPARE", "through Iran", iran),
        ("CA_SPARE", "from Central Asia", 1 - iran),
    ):
        full = pak * replaced * part
        why = f"estimate: the Pakistani corridors' normal {c.replace('_', ' ')} trade {fmt(pak, 1)} t/day × {replaced:.0%} replaced × {part:.0%} {where} ({record})"
        for day, text in ((first_day, "first half"), (second_day, "second half")):
            sup(
                spare,
                c,
                full / 2,
                f"{why} × ½ ({text}) = {fmt(full / 2, 1)} t/day from day {day}, {fmt(full, 1)} t/day in all from day {second_day}; {S_RAMP}",
                start=day,
            )

# --- domestic production at province hubs
for pid, *_ in PROVINCES:
    t_day = DOM_WHEAT_TOTAL * prod_t[pid] / PROD_SUM
    sup(
        pid,
        "wheat_flour",
        t_day,
        (
            f"domestic wheat: 2025 production {fmt(prod_t[pid] / 1e3, 1)} kt ÷ 365 = {fmt(t_day, 1)} t/day ({prod_how[pid]}; national 4,534 kt = 4,130 irrigated + 404 rain-fed, {S_NSIA_WHEAT}); "
            f"all of it counted as food (seed, feed and losses not deducted: estimate); spread evenly over the year (estimate: no seasonality)"
        ),
    )
for pid, *_ in PROVINCES:
    if pid not in rice_prod:
        continue
    t_day = rice_prod[pid] / 365
    how = (
        "Kunduz 32.5 % (midpoint of 30–35 %)"
        if pid == "KUNDUZ"
        else f"estimate: the other 67.5 % split over 8 assumed main paddy provinces ({', '.join(p.title() for p in RICE_OTHERS)}) by population, {fmt(POP[pid] / 1e6, 2)} M ÷ {fmt(rice_w / 1e6, 2)} M"
    )
    sup(
        pid,
        "rice",
        t_day,
        f"domestic rice: {S_RICE}; 383,000 t × share ({how}) = {fmt(rice_prod[pid])} t ÷ 365 = {fmt(t_day, 1)} t/day; spread evenly over the year (estimate)",
    )

# =============================================================================================
# 7. Demand
# =============================================================================================
COLS_D = "node,commodity,t_per_day,start_day,end_day,people,source".split(",")
demand: list[dict] = []
PER_PERSON = {
    "wheat_flour": f"{WHEAT_KG_PER_YR:g} kg wheat/person/yr ({S_FEWS}; FAO FBS 2017: 155.4 kg)",
    "rice": f"{RICE_KG_PER_YR:.2f} kg rice/person/yr (MAIL national need 588 kt/yr, Ariana News Jan 2020, ÷ 46 M; FAO FBS 2017: 19.77 kg)",
    "cooking_oil": f"{OIL_KG_PER_YR:g} kg vegetable oil/person/yr ({S_FBS}; {S_NRVA}: 40 g/day of all oils and fats, 14.6 kg/yr, includes ghee and animal fat)",
    "sugar": f"{SUGAR_KG_PER_YR:g} kg sugar/person/yr ({S_FBS}, raw equivalent; {S_NRVA}: 37 g/day = 13.5 kg/yr)",
    "pulses": f"{PULSES_KG_PER_YR:g} kg pulses/person/yr ({S_FBS}; {S_NRVA}: 25 g/day = 9.1 kg/yr)",
}
for pid, _name, _pc, _cap, _lat, _lon, popm, est in PROVINCES:
    n = need[pid]
    ppl = f"{fmt(popm * 1e6)} ({'estimate, ' if est else ''}NSIA 1400) × {BASIS:.4f} (46 M ÷ {fmt(POP_TOTAL_TABLE / 1e6, 2)} M sum of NSIA 1400; {S_IPC_POP}) = {fmt(n['people'])} people − {fmt(n['aid_people'])} given WFP baskets = {fmt(n['market_people'])}"
    for c in COMMERCIAL:
        demand.append(
            dict(
                node=pid,
                commodity=c,
                t_per_day=r1(n[c]),
                start_day="",
                end_day="",
                people=int(round(n["market_people"])),
                source=f"estimate: {ppl} × {PER_PERSON[c]} ÷ 365 ÷ 1,000 = {fmt(n[c], 1)} t/day",
            )
        )
    demand.append(
        dict(
            node=pid,
            commodity="wfp_basket",
            t_per_day=r1(n["wfp_basket"]),
            start_day="",
            end_day="",
            people=int(round(n["aid_people"])),
            source=(
                f"estimate: people reached = 2.7 % of 46 M = {fmt(AID_PEOPLE_TOTAL)} ({S_IPC_DEC25}) split by IPC phase 3+ people: this province {fmt(IPC3[pid])} "
                f"(= {fmt(n['people'])} people × {IPC3_SHARE[pid]:.1%}{', named by the IPC' if pid in IPC3_SHARE_NAMED else ', an IPC Phase 2 province (estimate: 15 %, below the 20 % of Phase 3)' if pid in IPC_PHASE2 else ', the share the other 23 provinces hold of what the named ones leave of 12.6 M (estimate)'}; {S_IPC_MAR25}) "
                f"÷ {fmt(IPC_TOTAL)} = {fmt(n['aid_people'])} people (largest-remainder rounding to 100, so the provinces sum to {fmt(AID_PEOPLE_TOTAL)}) "
                f"× 0.495 kg/person/day (full default ration) ÷ 1,000 = {fmt(n['wfp_basket'], 1)} t/day"
            ),
        )
    )
    demand.append(
        dict(
            node=pid,
            commodity="nutrition",
            t_per_day=round(n["nutrition"], 3),
            start_day="",
            end_day="",
            people="",
            source=(
                f"estimate: WFP's specialised nutritious foods, {fmt(SNF_T_PER_MONTH)} t/month (mean of 489, 353 and 329 t; {S_SNF}) ÷ 30.4 days = {fmt(SNF_NEED, 1)} t/day, "
                f"split by acute malnutrition: population × GAM prevalence of its IPC AMN phase {AMN_PHASE[pid]} ({GAM_MID[AMN_PHASE[pid]]:.1%}) ÷ the national sum = {AMN_WEIGHT[pid] / AMN_TOTAL:.2%} "
                f"({S_IPC_AMN}) = {n['nutrition']:.3f} t/day; what WFP distributed, not the need of every malnourished child"
            ),
        )
    )

# =============================================================================================
# 8. Stocks on day 0 (province stocks computed in section 2) and goods in transit
# =============================================================================================
COLS_ST = "node,commodity,tonnes,source".split(",")
stocks: list[dict] = []
S_TRADER = (
    f"estimate: traders' working stock = {TRADER_DAYS} days of need (no stock level found; in the Oct 2025 closure Kabul rice and oil prices rose within 12 days (+4 %, +8 %, TOLOnews via Yaraan 24 Oct 2025) "
    "while traders reported 'no serious shortage' after a month (ACCI via IANS, 7 Jan 2026); sensitivity at 7 and 30 days in the data README)"
)
for pid, *_ in PROVINCES:
    n = need[pid]
    for c in COMMERCIAL:
        reserve = RESERVE.get(pid, 0.0) if c == "wheat_flour" else 0.0
        src = f"{S_TRADER}: {fmt(n[c], 1)} t/day × {TRADER_DAYS} = {fmt(n[c] * TRADER_DAYS)} t"
        if reserve:
            where = (
                "17,000 t in the central silo"
                if pid == "KABUL"
                else f"estimate: the other 21,000 t split evenly over six silos assumed at {', '.join(x.title() for x in RESERVE_SILOS)} = {fmt(reserve)} t"
            )
            src += f"; + government strategic reserve {fmt(reserve)} t ({S_RESERVE}; {where})"
        stocks.append(dict(node=pid, commodity=c, tonnes=round(day0[pid][c], 2), source=src))
    for c in AID_GOODS:
        d = WFP_STOCK_DAYS[pid in WFP_HUBS]
        why = "WFP area hub, pre-positioned before winter" if d == 30 else "smaller WFP stock"
        stocks.append(
            dict(
                node=pid,
                commodity=c,
                tonnes=round(
                    day0[pid][c], 2
                ),  # to 10 kg: a small province's stock must not round to nothing
                source=(
                    f"estimate: WFP warehouse stock = {d} days of the province's {c.replace('_', ' ')} need ({fmt(n[c], 3)} t/day × {d}; {why}); WFP held 43,000 t in its warehouses in Afghanistan in Jan–Feb 2024 "
                    "(Khaama Press), before the 2025 cuts ('emergency distributions were halted in May, leaving only 1 million people currently covered', HTN World Aug 2025)"
                ),
            )
        )
# goods in transit on day 0: normal trade already on the road between the port or origin and the
# border, placed at the origin it left (so a closure strands it there)
S_TRANSIT = (
    "estimate: goods already on the road on day 0 = the origin's normal daily offer × the model's transit days from this origin to the border; cross-check: 1,391 Afghan transit containers were held "
    "at Karachi (291), Chaman (500), Torkham (400), Ghulam Khan (100) and Kharlachi (100) days after the 12 Oct 2025 closure (Samaa, 17 Oct 2025), ≈ 35,000 t of all goods at ~25 t each"
)
CROSSING_IDS = {c[0] for c in CROSS}
NODE_KIND = {x["id"]: x["kind"] for x in nodes}


def days_to_border(origin: str) -> int:
    """Fewest transit days from ``origin`` to any crossing along the routes (Dijkstra)."""
    best, frontier = {origin: 0}, [(0, origin)]
    while frontier:
        frontier.sort()
        d, at = frontier.pop(0)
        if at in CROSSING_IDS:
            return d
        for r in routes:
            if r["from"] == at and d + r["transit_days"] < best.get(r["to"], 10**9):
                best[r["to"]] = d + r["transit_days"]
                frontier.append((best[r["to"]], r["to"]))
    raise ValueError(origin)


offers = pd.DataFrame(supply)
offers = offers[
    offers["node"].map(lambda x: NODE_KIND.get(x) in ("port", "source"))
    & (offers["start_day"] == "")
    & ~offers["node"].str.endswith("_SPARE")
]
for (nd, c), t in offers.groupby(["node", "commodity"], sort=False)["t_per_day"].sum().items():
    days = days_to_border(nd)
    stocks.append(
        dict(
            node=nd,
            commodity=c,
            tonnes=int(round(t * days)),
            source=f"{S_TRANSIT}: {fmt(t, 1)} t/day × {days} days",
        )
    )
for st in stocks:
    assert st["tonnes"] >= 0

# =============================================================================================
# 9. Calibration targets: sourced ranges the 90-day baseline should reproduce
# =============================================================================================
# Measured by logistics.analyses.calibration: tonnes per day arriving at crossings (90-day averages), shares of
# those tonnes by neighbour country, per commodity too; supply taken per day at an origin; aid delivered per day.
Y = 365.0
NON_FLOUR = (60 + 30 + 5) / 495  # share of a WFP basket that is not flour
AID_LOW = AID_PEOPLE_TOTAL * RATION_KG * 0.5 / 1000  # 2.7 % of 46 M at WFP's 2025 half ration
AID_HIGH = 900.0  # 2024 pace: >225,000 t moved by the Amu TV report (autumn 2024), ≈ 8–9 months
RAIL_2020 = (12_000 + 29_000) / 7
KAZ_HIGH = KAZ_FLOUR + KAZ_GRAIN


def up10(x: float) -> float:
    """Round up to 10."""
    return math.ceil(x / 10.0) * 10.0


def down10(x: float) -> float:
    """Round down to 10."""
    return math.floor(x / 10.0) * 10.0


# Import tonnes per year (low, high) and the Pakistani corridors' share (low, high), per commodity, with sources.
IMPORTS_T = {
    "wheat_flour": (
        (2.3e6, 2.6e6),
        "2.3 Mt flour (Uzbekistan 1.2 + Kazakhstan 1.1 Mt in 2024, Frank.uz) to the brief's 2.6 Mt/yr (data brief §3)",
    ),
    "rice": (
        (205e3, PAK_RICE_HIGH_T_DAY / 0.90 * Y),
        f"MAIL: 205,000 t (Ariana News, Jan 2020) to the Jul 2025 Pakistani rate {fmt(PAK_RICE_HIGH_T_DAY)} t/day ÷ 90 % Pakistani = {fmt(PAK_RICE_HIGH_T_DAY / 0.90 * Y / 1e3)} kt ({S_PAK_RICE}); Kakar et al. 2019: 270,250 t",
    ),
    "cooking_oil": (
        (100e3 / 0.72, 200e3 / 0.72),
        f"palm oil 0.1–0.2 Mt/yr ('official palm oil average yearly import hovers around 0.1-0.2 million tons', Business Recorder 28 Feb 2023) ÷ palm's 72 % of edible-oil imports ({S_OIL_BRIEF})",
    ),
    "sugar": (
        (300e3, 700e3),
        "300,000 t/yr (FAO official via Business Recorder/Reuters, 2004) to 600,000–700,000 t/yr from India alone (PTI via Rediff, 1 Sep 2021)",
    ),
}
PAK_SHARE = {
    "wheat_flour": (
        (0.0, 0.10),
        "Pakistani crossings carry <10 % of flour (data brief §1); Pakistani flour exports fell to zero in 2025 (republicpk.com); Afghanistan imports its wheat and flour 'from Uzbekistan, Kazakhstan, and Russia' (DID Press 21746)",
    ),
    "rice": (CORRIDORS["rice"]["pak"][::2], CORRIDORS["rice"]["pak_why"]),
    "cooking_oil": (CORRIDORS["cooking_oil"]["pak"][::2], CORRIDORS["cooking_oil"]["pak_why"]),
    "sugar": (CORRIDORS["sugar"]["pak"][::2], CORRIDORS["sugar"]["pak_why"]),
    "pulses": (CORRIDORS["pulses"]["pak"][::2], CORRIDORS["pulses"]["pak_why"]),
    "wfp_basket": (
        (0.0, 0.50),
        "estimate: WFP's Pakistani pipeline (Karachi purchases, Peshawar staging) against its Termez hub (>1,000 t/day in 2022–23, WFP via Amu TV) and Iranian ports",
    ),
}
CA_SHARE = {
    "wheat_flour": (
        (0.90, 1.0),
        "all imported wheat and flour come from Uzbekistan, Kazakhstan and Russia (DID Press 21746; Frank.uz), by rail and road through Hairatan, Torghundi and Aqina",
    ),
    "cooking_oil": (
        (KAZ_OIL_T / (200e3 / 0.72), 0.30),
        f"low = Kazakh oil 32,700 t (Kazinform, 12 Nov 2025) ÷ the highest total (0.2 Mt ÷ 0.72 = 278 kt); sunflower oil, mostly Russian, is 21 % of imports ({S_OIL_BRIEF}); high 30 % is an estimate",
    ),
    "pulses": (
        (PULSES_CA, 0.55),
        f"low = Kazakh pulses 23,780 t (APK-Inform, 2016/17) ÷ the pulse need {fmt(GAP['pulses'] * Y / 1e3)} kt; high 55 % is an estimate",
    ),
}
# whole-basket totals (t/yr): commodities without a sourced import figure enter at the model's own need
TOTAL_LOW_T = (
    sum(lo for (lo, _hi), _s in IMPORTS_T.values()) + GAP["pulses"] * Y + AID_LOW * Y + SNF_NEED * Y
)
TOTAL_HIGH_T = (
    sum(hi for (_lo, hi), _s in IMPORTS_T.values())
    + GAP["pulses"] * Y
    + AID_HIGH * Y
    + SNF_NEED * Y
)
PAK_T_LOW = (
    sum(PAK_SHARE[c][0][0] * IMPORTS_T[c][0][0] for c in IMPORTS_T)
    + PAK_SHARE["pulses"][0][0] * GAP["pulses"] * Y
)
PAK_T_HIGH = (
    sum(PAK_SHARE[c][0][1] * IMPORTS_T[c][0][1] for c in IMPORTS_T)
    + PAK_SHARE["pulses"][0][1] * GAP["pulses"] * Y
    + 0.5 * AID_HIGH * Y
    + SNF_NEED * Y
)
PAK_LOW, PAK_HIGH = PAK_T_LOW / TOTAL_HIGH_T, PAK_T_HIGH / TOTAL_LOW_T

targets = [
    (
        "total_imports_t_per_day",
        down10(TOTAL_LOW_T / Y),
        up10(TOTAL_HIGH_T / Y),
        "t/day",
        "food imports (flour and wheat, rice, cooking oil, sugar, pulses, WFP baskets, nutrition products) entering Afghanistan: the sum of the commodity ranges below "
        f"({'; '.join(f'{c}: {s}' for c, (_r, s) in IMPORTS_T.items())}), pulses at the model's need {fmt(GAP['pulses'])} t/day (no import figure found), WFP baskets "
        f"{fmt(AID_LOW)}–{fmt(AID_HIGH)} t/day (see aid_t_per_day) and nutrition {fmt(SNF_NEED, 1)} t/day: low {fmt(TOTAL_LOW_T / Y)}, high {fmt(TOTAL_HIGH_T / Y)} t/day",
    ),
    (
        "pakistan_share_of_imports",
        round(PAK_LOW, 3),
        round(PAK_HIGH, 3),
        "share",
        f"share of imported food TONNES entering through Pakistani crossings, from the per-commodity ranges below: low = the low Pakistani tonnes {fmt(PAK_T_LOW / 1e3)} kt ÷ the high total {fmt(TOTAL_HIGH_T / 1e3)} kt = {PAK_LOW:.3f}; "
        f"high = the high Pakistani tonnes {fmt(PAK_T_HIGH / 1e3)} kt (with half of the WFP baskets and all nutrition products) ÷ the low total {fmt(TOTAL_LOW_T / 1e3)} kt = {PAK_HIGH:.3f}. "
        "By value Pakistan carried ~25–35 % of imports in 2024 ([E] data brief §1), mostly goods the model does not carry (cement, medicines, fruit)",
    ),
    (
        "baseline_shortfall_pct",
        0.0,
        2.0,
        "%",
        "estimate: without closures the network should meet (almost) all need; the 2 % allows for the first days, before the first imports arrive, and for the end of the horizon",
    ),
    (
        "origin_KAZ_UZB_RAIL_t_per_day",
        down10(RAIL_2020),
        up10(KAZ_HIGH + OIL_CA * GAP["cooking_oil"] + PULSES_CA * GAP["pulses"]),
        "t/day",
        f"Kazakh, Uzbek and Russian wheat, flour, oil and pulses (this origin carries them all). Low = one rail week in 2020: 12,000 t wheat + 29,000 t flour via Hairatan, Aqina and Torghundi (Ministry of Transport via Kabul Times) ÷ 7 = {fmt(RAIL_2020)}; "
        f"high = 2024 flour (Frank.uz) ÷ 365 = {fmt(KAZ_FLOUR)} + Kazakh rail grain (KTZ via WNAM) {fmt(KAZ_GRAIN)} + Kazakh oil {fmt(OIL_CA * GAP['cooking_oil'])} + Kazakh pulses {fmt(PULSES_CA * GAP['pulses'])}",
    ),
    (
        "crossing_HAIRATAN_t_per_day",
        down10(53_381 / 7 * FOOD_SHARE),
        up10(HAIRATAN_RAIL_FOOD + WFP_TERMEZ_T_DAY),
        "t/day",
        f"FOOD through Hairatan, from ALL-GOODS rail tonnage × the rail food share {FOOD_SHARE:.3f} (ARA via Azadi Radio). Low: 53,381 t in 1–7 Jun 2024 (Ministry of Public Works via AVA) ÷ 7 × {FOOD_SHARE:.3f} = {fmt(53_381 / 7 * FOOD_SHARE)}; "
        f"high: the busiest month, 349,599 t in 22 Nov–21 Dec 2025 (MoPW via Jomhor News) → {fmt(HAIRATAN_RAIL_FOOD)} + {fmt(WFP_TERMEZ_T_DAY)} t/day of WFP food by road (WFP via Amu TV); normal months 237,166–302,327 t (MoPW). Direct food figure: 3,500 t flour + 1,500 t wheat unloaded per day (AFP c.2022)",
    ),
    (
        "crossing_TORGHUNDI_t_per_day",
        down10(7_559 / 7 * FOOD_SHARE),
        up10(TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE),
        "t/day",
        f"FOOD through Torghundi, from ALL-GOODS rail weeks × {FOOD_SHARE:.3f}. Low: 7,559 t in 1–7 Jun 2024 (AVA) → {fmt(7_559 / 7 * FOOD_SHARE)}; high: peak week 25,926 t (ARA via Bakhtar News) → {fmt(TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE)}. "
        "Caveat: Torghundi carries mostly Turkmen fuel and gas, so its food share is probably below the rail average",
    ),
    (
        "crossing_AQINA_t_per_day",
        down10(4_670 / 7 * FOOD_SHARE),
        up10(AQINA_RAIL_WEEK / 7 * FOOD_SHARE),
        "t/day",
        f"FOOD through Aqina, from ALL-GOODS rail weeks × {FOOD_SHARE:.3f}. Low: 4,670 t in one week (ARA via Bakhtar News) → {fmt(4_670 / 7 * FOOD_SHARE)}; high: 7,795 t in 1–7 Jun 2024 (AVA) → {fmt(AQINA_RAIL_WEEK / 7 * FOOD_SHARE)}",
    ),
    (
        "aid_t_per_day",
        down10(AID_LOW),
        AID_HIGH,
        "t/day",
        f"WFP food delivered. Low: food assistance reaches 2.7 % of the population (IPC via AP, 17 Dec 2025) = {fmt(AID_PEOPLE_TOTAL)} people × 0.495 kg × 50 % (WFP gave half rations in 2025, WFP via AFP/TRT 11 Apr 2025) = {fmt(AID_LOW)}. "
        f"High: 2024 pace, >225,000 t moved by the date of an Amu TV report (autumn 2024, ≈ 8–9 months) ≈ 830–940 → {fmt(AID_HIGH)}",
    ),
]
for c, ((lo, hi), src) in IMPORTS_T.items():
    targets.append(
        (
            f"{c}_imports_t_per_day",
            down10(lo / Y),
            up10(hi / Y),
            "t/day",
            f"{c.replace('_', ' ')} entering Afghanistan: {src} ÷ 365",
        )
    )
for region, table in (("pakistan", PAK_SHARE), ("central_asia", CA_SHARE)):
    for c, ((lo, hi), src) in table.items():
        targets.append(
            (
                f"{region}_share_of_{c}_imports",
                round(lo, 3),
                round(hi, 3),
                "share",
                f"share of {c.replace('_', ' ')} import tonnes entering from {region.replace('_', ' ').title()}: {src}",
            )
        )
# Iran: no Iranian volume was found for any of these goods, so its range is what the Pakistani and
# Central Asian ranges leave: 0 to 1 − (their low ends)
for c in ("rice", "cooking_oil", "sugar", "pulses"):
    rest = 1 - PAK_SHARE[c][0][0] - CA_SHARE.get(c, ((0.0, 0.0), ""))[0][0]
    targets.append(
        (
            f"iran_share_of_{c}_imports",
            0.0,
            round(rest, 3),
            "share",
            f"share of {c.replace('_', ' ')} import tonnes entering from Iran: no Iranian volume found; at most what the Pakistani and Central Asian ranges leave, 1 − {PAK_SHARE[c][0][0]:.3f} − {CA_SHARE.get(c, ((0.0, 0.0), ''))[0][0]:.3f} = {rest:.3f}",
        )
    )
calibration = [dict(metric=m, low=lo, high=hi, unit=u, source=src) for m, lo, hi, u, src in targets]


# =============================================================================================
# 9. Write
# =============================================================================================
def write(name: str, cols: list[str], rows: list[dict]) -> None:
    """Write one table as CSV (blank for missing values, Unix line ends)."""
    df = pd.DataFrame(rows, columns=cols, dtype=object)
    df.to_csv(OUT / name, index=False, lineterminator="\n")


if __name__ == "__main__":
    write("nodes.csv", COLS_N, nodes)
    write("routes.csv", COLS_R, routes)
    write(
        "commodities.csv",
        "id,name,kcal_per_kg,priority,aid,price_usd_per_t,price_elasticity,price_elasticity_low,price_elasticity_high,source".split(
            ","
        ),
        commodities,
    )
    write("supply.csv", COLS_S, supply)
    write("demand.csv", COLS_D, demand)
    write("stocks.csv", COLS_ST, stocks)
    write("calibration_targets.csv", "metric,low,high,unit,source".split(","), calibration)
    kinds = pd.Series([n["kind"] for n in nodes]).value_counts().to_dict()
    print(
        f"wrote {len(nodes)} nodes {kinds}, {len(routes)} routes, {len(supply)} supply, {len(demand)} demand, {len(stocks)} stock rows to {OUT}"
    )
    print(
        "need t/day: "
        + ", ".join(f"{k} {TOT[k]:,.1f}" for k in GOODS)
        + "; import gap: "
        + ", ".join(f"{k} {v:,.1f}" for k, v in GAP.items())
    )
