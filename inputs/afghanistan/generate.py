"""Generate the bundled Afghanistan network (34 provinces) next to this file.

    python inputs/afghanistan/generate.py

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
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent
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
RICE_NEED_T = 588_000.0  # S_RICE
RICE_PROD_T = 383_000.0  # S_RICE
RICE_KUNDUZ_SHARE = 0.325  # midpoint of 30–35 %, S_RICE
RATION_KG = 0.495  # 400 g flour + 60 g pulses + 30 g oil + 5 g salt (data brief §5 [E])
AID_REACH_SHARE = 0.027  # S_IPC_DEC25
FOOD_SHARE = (12_844 + 33_946 + 2_753) / 113_142  # S_RAIL_WEEK: 49,543 / 113,142 = 0.438
T_PER_TRUCK = 25.0  # Islam Qala: 2,500 t from 100 trucks (Financial Tribune 2021, data brief §1)
INBOUND = 0.5  # estimate: half of a two-way truck count is loaded and inbound

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
# id, name, pcode, capital, lat, lon, NSIA 1400 population (M), population is estimate?, IPC3+ est (k)
PROVINCES = [
    ("KABUL", "Kabul", "AF01", "Kabul", 34.53, 69.17, 5.38, False, 2806),
    ("KAPISA", "Kapisa", "AF02", "Mahmud-i-Raqi", 35.02, 69.34, 0.47, True, 245),
    ("PARWAN", "Parwan", "AF03", "Charikar", 35.01, 69.17, 0.75, False, 392),
    ("MAIDAN_WARDAK", "Maidan Wardak", "AF04", "Maidan Shahr", 34.40, 68.87, 0.67, False, 350),
    ("LOGAR", "Logar", "AF05", "Pul-i-Alam", 33.99, 69.02, 0.44, False, 230),
    ("NANGARHAR", "Nangarhar", "AF06", "Jalalabad", 34.43, 70.45, 1.75, False, 914),
    ("LAGHMAN", "Laghman", "AF07", "Mihtarlam", 34.67, 70.21, 0.50, False, 262),
    ("PANJSHER", "Panjsher", "AF08", "Bazarak", 35.31, 69.52, 0.17, False, 90),
    ("BAGHLAN", "Baghlan", "AF09", "Pul-i-Khumri", 35.94, 68.71, 1.01, True, 527),
    ("BAMYAN", "Bamyan", "AF10", "Bamyan", 34.82, 67.83, 0.50, False, 263),
    ("GHAZNI", "Ghazni", "AF11", "Ghazni", 33.55, 68.42, 1.38, False, 720),
    ("PAKTIKA", "Paktika", "AF12", "Sharana", 33.14, 68.79, 0.79, False, 411),
    ("PAKTYA", "Paktya", "AF13", "Gardez", 33.60, 69.23, 0.62, False, 324),
    ("KHOST", "Khost", "AF14", "Khost", 33.34, 69.92, 0.65, False, 337),
    ("KUNAR", "Kunar", "AF15", "Asadabad", 34.87, 71.15, 0.51, False, 265),
    ("NURISTAN", "Nuristan", "AF16", "Parun", 35.42, 70.92, 0.17, False, 87),
    ("BADAKHSHAN", "Badakhshan", "AF17", "Faizabad", 37.12, 70.58, 1.72, False, 897),
    ("TAKHAR", "Takhar", "AF18", "Taloqan", 36.74, 69.53, 1.11, False, 580),
    ("KUNDUZ", "Kunduz", "AF19", "Kunduz", 36.73, 68.86, 1.16, False, 605),
    ("SAMANGAN", "Samangan", "AF20", "Aybak", 36.26, 68.02, 0.44, False, 228),
    ("BALKH", "Balkh", "AF21", "Mazar-i-Sharif", 36.71, 67.11, 1.54, False, 805),
    ("SAR_E_PUL", "Sar-e-Pul", "AF22", "Sar-e-Pul", 36.22, 65.93, 0.63, False, 330),
    ("GHOR", "Ghor", "AF23", "Chaghcharan", 34.52, 65.25, 0.78, False, 405),
    ("DAYKUNDI", "Daykundi", "AF24", "Nili", 33.72, 66.13, 0.52, False, 273),
    ("URUZGAN", "Uruzgan", "AF25", "Tarinkot", 32.63, 65.87, 0.44, False, 231),
    ("ZABUL", "Zabul", "AF26", "Qalat", 32.11, 66.91, 0.39, False, 204),
    ("KANDAHAR", "Kandahar", "AF27", "Kandahar", 31.61, 65.71, 1.43, False, 746),
    ("JAWZJAN", "Jawzjan", "AF28", "Sheberghan", 36.67, 65.75, 0.61, False, 320),
    ("FARYAB", "Faryab", "AF29", "Maimana", 35.92, 64.78, 1.13, False, 589),
    ("HELMAND", "Helmand", "AF30", "Lashkar Gah", 31.59, 64.37, 1.47, False, 768),
    ("BADGHIS", "Badghis", "AF31", "Qala-i-Naw", 34.98, 63.13, 0.56, False, 292),
    ("HERAT", "Herat", "AF32", "Herat", 34.35, 62.20, 2.19, False, 1140),
    ("FARAH", "Farah", "AF33", "Farah", 32.37, 62.11, 0.57, False, 299),
    ("NIMROZ", "Nimroz", "AF34", "Zaranj", 30.96, 61.86, 0.17, False, 87),
]
PROV = {p[0]: p for p in PROVINCES}
POP = {p[0]: p[6] * 1e6 for p in PROVINCES}
POP_TOTAL_TABLE = sum(POP.values())
BASIS = POP_BASIS / POP_TOTAL_TABLE  # 46 M / 32.62 M = 1.410
IPC_TOTAL = sum(p[8] for p in PROVINCES) * 1000.0
AID_PEOPLE_TOTAL = AID_REACH_SHARE * POP_BASIS  # 1.242 M
AID_COVER = AID_PEOPLE_TOTAL / IPC_TOTAL  # share of IPC3+ people given a WFP basket

# ------------------------------------------------------------------ need per province
need: dict[str, dict[str, float]] = {}
for pid, *_ in PROVINCES:
    people = POP[pid] * BASIS
    ipc = PROV[pid][8] * 1000.0
    aid_people = round(ipc * AID_COVER / 100.0) * 100.0
    market_people = people - aid_people
    need[pid] = {
        "people": people,
        "aid_people": aid_people,
        "market_people": market_people,
        "wheat_flour": market_people * WHEAT_KG_PER_YR / 365 / 1000,
        "rice": market_people * (RICE_NEED_T * 1000 / POP_BASIS) / 365 / 1000,
        "wfp_basket": aid_people * RATION_KG / 1000,
    }
RICE_KG_PER_YR = RICE_NEED_T * 1000 / POP_BASIS  # 12.78 kg
TOT = {
    k: sum(n[k] for n in need.values())
    for k in ("wheat_flour", "rice", "wfp_basket", "people", "aid_people")
}
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
HAIRATAN_RAIL_FOOD = 3500.0 + 1500.0  # flour + wheat unloaded per day (AFP c.2022)
CROSS = [
    # id, name, lat, lon, neighbour, throughput (t/day food), source
    (
        "TORKHAM",
        "Torkham (AF) – Torkham (PAK)",
        34.10,
        71.09,
        "PAK",
        trucks_to_food(1000),
        f"throughput estimate: >1,000 loaded+empty trucks/day both ways (The News, 14 Jun 2022; 275–375/day from Pakistan, Business Recorder 5 Sep 2021) {TRUCK_RULE} = {fmt(trucks_to_food(1000))} t/day of food; {DB} §1: lat/lon",
    ),
    (
        "SPIN_BOLDAK",
        "Spin Boldak/Wesh (AF) – Chaman (PAK)",
        30.92,
        66.44,
        "PAK",
        trucks_to_food(600),
        f"throughput estimate: 400–800 cargo trucks/day ([E] {DB} §1; 'thousands of vehicles daily', AFP 30 Jul 2021), midpoint 600 {TRUCK_RULE} = {fmt(trucks_to_food(600))} t/day of food; {DB} §1: lat/lon",
    ),
    (
        "GHULAM_KHAN",
        "Ghulam Khan / Gurbuz (AF, Khost) – Ghulam Khan (PAK)",
        33.23,
        70.28,
        "PAK",
        trucks_to_food(500),
        f"throughput estimate: ~500 trucks/day, most carrying perishables (Khost Chamber via Pajhwok/Wesal, 21 Oct 2025) {TRUCK_RULE} = {fmt(trucks_to_food(500))} t/day of food; lat/lon estimate ~35 km ESE of Khost on the Khost–Miranshah road (Khost–Ghulam Khan 35 km, {DB} §4)",
    ),
    (
        "KHARLACHI",
        "Kharlachi (AF, Paktya) – Kurram (PAK)",
        33.90,
        69.90,
        "PAK",
        80 * T_PER_TRUCK * FOOD_SHARE,
        f"throughput estimate: ~80 trucks/day inbound (+60 out; coal, cement, rice; The News TNS 2022) × {T_PER_TRUCK:g} t × {FS} = {fmt(80 * T_PER_TRUCK * FOOD_SHARE)} t/day of food; lat/lon [E] {DB} §1",
    ),
    (
        "ANGOOR_ADDA",
        "Angoor Adda (AF, Paktika) – South Waziristan (PAK)",
        32.30,
        69.30,
        "PAK",
        trucks_to_food(50),
        f"throughput estimate: no figure found, [E] <50 trucks/day ({DB} §1); 50 {TRUCK_RULE} = {fmt(trucks_to_food(50))} t/day of food; lat/lon [E] {DB} §1",
    ),
    (
        "BADINI",
        "Badini (AF, Zabul) – Qila Saifullah (PAK)",
        31.00,
        68.20,
        "PAK",
        trucks_to_food(30),
        f"throughput estimate: no figure found, [E] <30 trucks/day ({DB} §1); 30 {TRUCK_RULE} = {fmt(trucks_to_food(30))} t/day of food; lat/lon [E] {DB} §1",
    ),
    (
        "NAWA_PASS",
        "Nawa Pass (AF, Kunar) – Bajaur (PAK)",
        34.70,
        71.30,
        "PAK",
        trucks_to_food(20),
        f"throughput estimate: minor or mostly closed, [E] ~0–20 trucks/day ({DB} §1); 20 {TRUCK_RULE} = {fmt(trucks_to_food(20))} t/day of food; lat/lon [E] {DB} §1",
    ),
    (
        "ISLAM_QALA",
        "Islam Qala (AF) – Dogharoun (IRN)",
        34.66,
        61.07,
        "IRN",
        (2500 + 2000) * FOOD_SHARE,
        f"throughput estimate: ~100 trucks/day (2,500 t) Iranian exports + ~80 trucks/day (2,000 t) transit into Afghanistan = 4,500 t/day (Financial Tribune, 2021) × {FS} = {fmt(4500 * FOOD_SHARE)} t/day of food; {DB} §1: lat/lon",
    ),
    (
        "MILAK",
        "Zaranj (AF) – Milak (IRN), Silk Bridge",
        30.99,
        61.82,
        "IRN",
        150 * T_PER_TRUCK * FOOD_SHARE,
        f"throughput estimate: 100–200 trucks/day on the Chabahar route (Kayhan, 22 Aug 2021), midpoint 150 × {T_PER_TRUCK:g} t × {FS} = {fmt(150 * T_PER_TRUCK * FOOD_SHARE)} t/day of food; lat/lon estimate: the Silk Bridge over the Helmand river, the only crossing between Zaranj and Milak (Mehr News, 18 Sep 2022), a few km north-west of Zaranj city (30.96, 61.86)",
    ),
    (
        "TORGHUNDI",
        "Torghundi (AF) – Serhetabat (TKM)",
        35.25,
        62.28,
        "TKM",
        TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE,
        f"throughput estimate: peak week 25,926 t by rail (ARA via Bakhtar News) ÷ 7 = {fmt(TORGHUNDI_RAIL_WEEK / 7)} t/day × {FS} = {fmt(TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE)} t/day of food; cf. 50 wagons = 3,360 t/24 h 'mostly food' when Hairatan was shut (TOLOnews via Frontier Post), usual 8,918 t/week (ARA via Azadi Radio); {DB} §1: lat/lon",
    ),
    (
        "AQINA",
        "Aqina (AF) – Imamnazar (TKM)",
        37.23,
        65.26,
        "TKM",
        AQINA_RAIL_WEEK / 7 * FOOD_SHARE,
        f"throughput estimate: 7,795 t by rail in 1–7 Jun 2024 (Ministry of Public Works via AVA, 11 Jun 2024; 7,589 t/week, ARA via Azadi Radio) ÷ 7 = {fmt(AQINA_RAIL_WEEK / 7)} t/day × {FS} = {fmt(AQINA_RAIL_WEEK / 7 * FOOD_SHARE)} t/day of food; {DB} §1: lat/lon (Wikipedia)",
    ),
    (
        "HAIRATAN",
        "Hairatan (AF) – Termez (UZB), Friendship Bridge (rail and road)",
        37.22,
        67.42,
        "UZB",
        HAIRATAN_RAIL_FOOD + WFP_TERMEZ_T_DAY,
        f"throughput: rail 3,500 t flour + 1,500 t wheat unloaded per day = {fmt(HAIRATAN_RAIL_FOOD)} t/day (AFP c.2022, {DB} §1; the only direct food figure for Hairatan, used instead of all goods × food share: the peak rail week of 105,615 t (ARA via Bakhtar News) × {FOOD_SHARE:.3f} would give {fmt(HAIRATAN_RAIL_WEEK / 7 * FOOD_SHARE)}) "
        f"+ road {fmt(WFP_TERMEZ_T_DAY)} t/day of food ({S_TERMEZ}) = {fmt(HAIRATAN_RAIL_FOOD + WFP_TERMEZ_T_DAY)} t/day; 31,722 t/week all goods (Azadi Radio); {DB} §1: lat/lon",
    ),
    (
        "SHER_KHAN_BANDAR",
        "Sher Khan Bandar (AF) – Panji Poyon (TJK)",
        37.23,
        68.35,
        "TJK",
        trucks_to_food(400),
        f"throughput estimate: up to 400 trucks/day (Ariana News 2017; Wikipedia) {TRUCK_RULE} = {fmt(trucks_to_food(400))} t/day of food; inbound in 2022 was mostly coal, 100–120 trailers/day (Ariana, Aug 2022); lat/lon estimate: the dry port ~8 km north-west of the town (town 37.18, 68.42, Wikipedia)",
    ),
    (
        "ISHKASHIM",
        "Ishkashim (AF) – Ishkashim (TJK)",
        36.71,
        71.57,
        "TJK",
        trucks_to_food(10),
        f"throughput estimate: 'small volumes', a winter access option for Badakhshan (Logistics Cluster LCA, {DB} §1); 10 trucks/day (estimate) {TRUCK_RULE} = {fmt(trucks_to_food(10))} t/day of food; {DB} §1: lat/lon",
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

STORE_DAYS = 30
for pid, name, pc, cap, lat, lon, popm, _est, _ipc in PROVINCES:
    n = need[pid]
    tot_need = n["wheat_flour"] + n["rice"] + n["wfp_basket"]
    store = int(math.ceil(tot_need * STORE_DAYS / 1000.0) * 1000)
    n["storage"] = store
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
            f"the node is the provincial hub; storage estimate: {STORE_DAYS} days of the province's total need ({fmt(tot_need)} t/day × {STORE_DAYS} = {fmt(tot_need * STORE_DAYS)} t, rounded up to 1,000 t; traders', market and WFP warehouses; no sourced capacity)"
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
    cap_src="capacity: the rail part of the Hairatan throughput, 3,500 t flour + 1,500 t wheat unloaded per day (AFP c.2022)",
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
        source=f"WFP NutVal standard value for rice ({DB} §5, not re-verified)",
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
]

# =============================================================================================
# 6. Supply
# =============================================================================================
COLS_S = "node,commodity,t_per_day,start_day,end_day,source".split(",")
supply: list[dict] = []


def sup(nd: str, c: str, t: float, src: str) -> None:
    """Add one supply row for the whole horizon."""
    supply.append(dict(node=nd, commodity=c, t_per_day=r1(t), start_day="", end_day="", source=src))


# --- imports at origins
KAZ_FLOUR = (1.2e6 + 1.1e6 + 0.237e6) / 365
KAZ_GRAIN = 256_000 / KAZ_GRAIN_DAYS
sup(
    "KAZ_UZB_RAIL",
    "wheat_flour",
    KAZ_FLOUR + KAZ_GRAIN,
    f"{S_FRANK}: (1,200,000 + 1,100,000 + 237,000) t ÷ 365 = {fmt(KAZ_FLOUR)} t/day of flour; + {S_KAZ_GRAIN}: 256,000 t ÷ {KAZ_GRAIN_DAYS} days = {fmt(KAZ_GRAIN)} t/day of wheat grain (milled in Afghanistan; counted tonne for tonne); "
    f"offered {fmt(KAZ_FLOUR + KAZ_GRAIN)} t/day in all (Jan–Jun 2025 flour ran at (691 + 537 + 14) kt ÷ 181 d = 6,862 t/day); the model takes what the provinces need",
)
IRN_FLOUR_SHARE = 0.05
sup(
    "BANDAR_ABBAS",
    "wheat_flour",
    FLOUR_GAP * IRN_FLOUR_SHARE,
    f"estimate: spare flour availability through Iran = {IRN_FLOUR_SHARE:.0%} of the commercial flour import gap {fmt(FLOUR_GAP)} t/day (no Iranian flour export volume found; Iran was Afghanistan's largest supplier by value in 1403, NSIA via Parstoday); used only when cheaper routes are short",
)
rice_gap_src = f"rice import gap = commercial rice need {fmt(TOT['rice'], 1)} t/day − domestic {fmt(DOM_RICE_TOTAL, 1)} t/day (383 kt ÷ 365, MAIL 2019) = {fmt(RICE_GAP, 1)} t/day"
PAK_RICE = RICE_GAP * 0.95 * 1.2 * 0.5
for nd, how in (
    ("PESHAWAR", "Punjab rice trucked via Peshawar"),
    ("QUETTA", "Sindh rice trucked via Quetta"),
):
    sup(
        nd,
        "rice",
        PAK_RICE,
        f"estimate: {rice_gap_src} × 95 % ({S_USDA_RICE}) × 1.2 headroom (estimate) × 50 % ({how}; the 50/50 split is an estimate) = {fmt(PAK_RICE, 1)} t/day",
    )
sup(
    "BANDAR_ABBAS",
    "rice",
    RICE_GAP * 0.20,
    f"estimate: {rice_gap_src} × 20 % (assumed spare availability through Iran; trade shifted to Iran during the 2017 closure, TCA, {DB} §6)",
)
sup(
    "CHABAHAR",
    "rice",
    RICE_GAP * 0.10,
    f"estimate: {rice_gap_src} × 10 % (assumed spare availability of Indian/Iranian rice through Chabahar)",
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
        "WFP purchases in Pakistan staged at Peshawar (47 WFP trucks stuck there in 2025, KabulNow; stocks positioned in Pakistan, WFP Sep 2021)",
    ),
    ("CHABAHAR", 0.10, "aid shipped through Chabahar (estimate; no 2025 volume found)"),
    ("BANDAR_ABBAS", 0.05, "aid through Bandar Abbas–Islam Qala (estimate)"),
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
for pid, _name, _pc, _cap, _lat, _lon, popm, est, ipc in PROVINCES:
    n = need[pid]
    ppl = f"{fmt(popm * 1e6)} ({'estimate, ' if est else ''}NSIA 1400) × {BASIS:.4f} (46 M ÷ {fmt(POP_TOTAL_TABLE / 1e6, 2)} M sum of NSIA 1400; {S_IPC_POP}) = {fmt(n['people'])} people − {fmt(n['aid_people'])} given WFP baskets = {fmt(n['market_people'])}"
    demand.append(
        dict(
            node=pid,
            commodity="wheat_flour",
            t_per_day=r1(n["wheat_flour"]),
            start_day="",
            end_day="",
            people=int(round(n["market_people"])),
            source=f"estimate: {ppl} × {WHEAT_KG_PER_YR:g} kg wheat/person/yr ({S_FEWS}) ÷ 365 ÷ 1,000 = {fmt(n['wheat_flour'], 1)} t/day",
        )
    )
    demand.append(
        dict(
            node=pid,
            commodity="rice",
            t_per_day=r1(n["rice"]),
            start_day="",
            end_day="",
            people=int(round(n["market_people"])),
            source=f"estimate: {ppl} × {RICE_KG_PER_YR:.2f} kg rice/person/yr (MAIL national need 588 kt/yr, Ariana News Jan 2020, ÷ 46 M) ÷ 365 ÷ 1,000 = {fmt(n['rice'], 1)} t/day",
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
                f"estimate: IPC3+ {ipc:,}k ([E] {DB} §4: NSIA × 46/32.64 × 37 %) × {AID_COVER:.2%} coverage "
                f"(= 2.7 % of 46 M = {fmt(AID_PEOPLE_TOTAL)} people reached ÷ {fmt(IPC_TOTAL)} IPC3+; {S_IPC_DEC25}) = {fmt(n['aid_people'])} people (rounded to 100) "
                f"× 0.495 kg/person/day (full default ration) ÷ 1,000 = {fmt(n['wfp_basket'], 1)} t/day"
            ),
        )
    )

# =============================================================================================
# 8. Stocks
# =============================================================================================
COLS_ST = "node,commodity,tonnes,source".split(",")
stocks: list[dict] = []
MKT_DAYS = 3
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
for pid, *_ in PROVINCES:
    n = need[pid]
    for c in ("wheat_flour", "rice"):
        trader = n[c] * MKT_DAYS
        reserve = RESERVE.get(pid, 0.0) if c == "wheat_flour" else 0.0
        src = (
            f"estimate: traders' working stock and goods already inside the country on day 0 = {MKT_DAYS} days of the province's need ({fmt(n[c], 1)} t/day × {MKT_DAYS} = {fmt(trader)} t; "
            f"no sourced stock level; kept low because the 90-day plan draws all day-0 stock down, so every tonne of it replaces a tonne of imports in the 90-day averages that calibration compares)"
        )
        if reserve:
            where = (
                "17,000 t in the central silo"
                if pid == "KABUL"
                else f"estimate: the other 21,000 t split evenly over six silos assumed at {', '.join(x.title() for x in RESERVE_SILOS)} = {fmt(reserve)} t"
            )
            src += f"; + government strategic reserve {fmt(reserve)} t ({S_RESERVE}; {where})"
        stocks.append(dict(node=pid, commodity=c, tonnes=int(round(trader + reserve)), source=src))
    d = 30 if pid in WFP_HUBS else 7
    why = "WFP area hub, pre-positioned before winter" if d == 30 else "smaller WFP stock"
    stocks.append(
        dict(
            node=pid,
            commodity="wfp_basket",
            tonnes=int(round(n["wfp_basket"] * d)),
            source=f"estimate: WFP warehouse stock = {d} days of the province's basket need ({fmt(n['wfp_basket'], 1)} t/day × {d}; {why}; WFP must pre-position before November, {DB} §6)",
        )
    )
for st in stocks:
    assert st["tonnes"] >= 0

# =============================================================================================
# 9. Calibration targets: sourced ranges the 90-day baseline should reproduce
# =============================================================================================
# Measured by logistics.calibration: tonnes per day arriving at crossings (raw 90-day averages), shares of
# those tonnes by neighbour country, supply taken per day at an origin, aid delivered per day.
Y = 365.0
NON_FLOUR = (60 + 30 + 5) / 495  # share of a WFP basket that is not flour
AID_LOW = AID_PEOPLE_TOTAL * RATION_KG * 0.5 / 1000  # 2.7 % of 46 M at WFP's 2025 half ration
AID_HIGH = 900.0  # 2024 pace: >225,000 t moved by the Amu TV report (autumn 2024), ≈ 8–9 months
FLOUR_LOW_T, FLOUR_HIGH_T = (
    2.3e6,
    2.6e6,
)  # data brief §3; 2.3 Mt = Uzbekistan 1.2 + Kazakhstan 1.1 Mt in 2024 (Frank.uz)
RICE_IMP_LOW_T, RICE_IMP_HIGH_T = (
    170e3,
    270e3,
)  # USDA FAS 2014 forecast; Kakar et al. 2019 (MDPI Agriculture 9(3):49)
GIEWS_T = 3.0e6
TOTAL_LOW = (FLOUR_LOW_T + RICE_IMP_LOW_T) / Y
TOTAL_HIGH = GIEWS_T / Y + NON_FLOUR * AID_HIGH
PAK_LOW = 0.80 * RICE_IMP_LOW_T / (TOTAL_HIGH * Y)
PAK_HIGH = (0.10 * FLOUR_HIGH_T + 0.95 * RICE_IMP_HIGH_T + 0.50 * AID_HIGH * Y) / (
    TOTAL_LOW * Y + AID_LOW * Y
)
CA_LOW = FLOUR_LOW_T / (TOTAL_HIGH * Y)
CA_HIGH = 1 - PAK_LOW
IRN_HIGH = (0.05 * RICE_IMP_HIGH_T + 0.15 * AID_HIGH * Y) / (TOTAL_LOW * Y + AID_LOW * Y)
RAIL_2020 = (12_000 + 29_000) / 7
KAZ_HIGH = KAZ_FLOUR + KAZ_GRAIN


def up10(x: float) -> float:
    """Round up to 10."""
    return math.ceil(x / 10.0) * 10.0


def down10(x: float) -> float:
    """Round down to 10."""
    return math.floor(x / 10.0) * 10.0


targets = [
    (
        "total_imports_t_per_day",
        down10(TOTAL_LOW),
        up10(TOTAL_HIGH),
        "t/day",
        f"food imports (flour and wheat, rice, WFP baskets) entering Afghanistan. Low: 2.3 Mt flour (Uzbekistan 1.2 + Kazakhstan 1.1 Mt in 2024, Frank.uz; low end of the brief's 2.3–2.6 Mt/yr) "
        f"+ 0.17 Mt rice (USDA FAS forecast of rice imports MY2014/15, via AgroChart) = 2.47 Mt ÷ 365 = {fmt(TOTAL_LOW)}. "
        f"High: cereal import requirement 2025/26 about 3.0 Mt, mainly wheat flour (FAO GIEWS 30 Jul 2025; 'average', GIEWS 12 Jan 2026) ÷ 365 = {fmt(GIEWS_T / Y)} "
        f"+ the non-flour part of WFP baskets (95 of 495 g) × {fmt(AID_HIGH)} t/day = {fmt(NON_FLOUR * AID_HIGH)}; total {fmt(TOTAL_HIGH)}. "
        f"The 2025 harvest (4.54 Mt, NSIA) is ~0.46 Mt below 2024's 5.0 Mt (GIEWS 28 Nov 2024), so 2025/26 imports should sit in the upper half",
    ),
    (
        "pakistan_share_of_imports",
        round(PAK_LOW, 3),
        round(PAK_HIGH, 3),
        "share",
        f"share of imported food TONNES entering through Pakistani crossings. By value Pakistan had ~25–35 % of imports in 2024 ([E] data brief §1), but by staple tonnes far less: "
        f"flour 0–10 % (<10 %, data brief §1; Pakistani flour exports fell to zero in 2025, republicpk.com), rice 80–95 % (95 %, USDA 2013), WFP baskets 0–50 % (estimate). "
        f"Low = 80 % × 0.17 Mt rice ÷ {fmt(TOTAL_HIGH * Y / 1e6, 2)} Mt (high total) = {PAK_LOW:.3f}; "
        f"high = (10 % × 2.6 Mt flour + 95 % × 0.27 Mt rice + 50 % × {fmt(AID_HIGH)} t/day × 365 of aid) ÷ (2.47 Mt + {fmt(AID_LOW)} t/day × 365 of aid) = {PAK_HIGH:.3f}",
    ),
    (
        "central_asia_share_of_imports",
        round(CA_LOW, 3),
        round(CA_HIGH, 3),
        "share",
        f"share of imported food tonnes entering from Uzbekistan, Turkmenistan and Tajikistan. Low = 2.3 Mt Uzbek + Kazakh flour 2024 (Frank.uz) ÷ {fmt(TOTAL_HIGH * Y / 1e6, 2)} Mt = {CA_LOW:.3f}; "
        f"high = 1 − the lowest Pakistani share {PAK_LOW:.3f} (Iran at 0)",
    ),
    (
        "iran_share_of_imports",
        0.0,
        round(IRN_HIGH + 0.0005, 3),
        "share",
        f"share of imported food tonnes entering from Iran: no Iranian flour export volume found; Iran and India hold ≤5 % of rice imports (Pakistan 95 %, USDA 2013); "
        f"aid through Iranian ports ≤15 % (estimate). High = (5 % × 0.27 Mt rice + 15 % × {fmt(AID_HIGH)} t/day × 365) ÷ (2.47 Mt + {fmt(AID_LOW)} t/day × 365) = {IRN_HIGH:.3f}. "
        f"By value Iran was the largest supplier in 1403 (NSIA via Parstoday), mostly fuel and non-staples",
    ),
    (
        "origin_KAZ_UZB_RAIL_t_per_day",
        down10(RAIL_2020),
        up10(KAZ_HIGH),
        "t/day",
        f"Kazakh, Uzbek and Russian wheat and flour (this origin carries them all). Low = one rail week in 2020: 12,000 t wheat + 29,000 t flour via Hairatan, Aqina and Torghundi (Ministry of Transport via Kabul Times) ÷ 7 = {fmt(RAIL_2020)}; "
        f"cf. 12,844 + 33,946 t in one week c.2022–23 (ARA via Azadi Radio) = 6,684. High = 2024 flour (Uzbekistan 1.2 + Kazakhstan 1.1 + Russia 0.237 Mt, Frank.uz) ÷ 365 = {fmt(KAZ_FLOUR)} "
        f"+ Kazakh rail grain 256,000 t in Sep 2024–early Mar 2025 (KTZ via WNAM) ÷ 185 d = {fmt(KAZ_GRAIN)}: {fmt(KAZ_HIGH)}",
    ),
    (
        "crossing_HAIRATAN_t_per_day",
        down10(53_381 / 7 * FOOD_SHARE),
        up10(HAIRATAN_RAIL_WEEK / 7 * FOOD_SHARE + WFP_TERMEZ_T_DAY),
        "t/day",
        f"FOOD through Hairatan, from ALL-GOODS rail weeks × the rail food share {FOOD_SHARE:.3f} (ARA via Azadi Radio). Low: 53,381 t in 1–7 Jun 2024 incl. some exports (Ministry of Public Works via AVA) ÷ 7 × {FOOD_SHARE:.3f} = {fmt(53_381 / 7 * FOOD_SHARE)}; "
        f"high: peak week 105,615 t (ARA via Bakhtar News) ÷ 7 × {FOOD_SHARE:.3f} = {fmt(HAIRATAN_RAIL_WEEK / 7 * FOOD_SHARE)} + {fmt(WFP_TERMEZ_T_DAY)} t/day of WFP food by road from Termez (WFP via Amu TV) = {fmt(HAIRATAN_RAIL_WEEK / 7 * FOOD_SHARE + WFP_TERMEZ_T_DAY)}. "
        f"Direct food figure: 3,500 t flour + 1,500 t wheat unloaded per day (AFP c.2022); all goods 31,722 t/week (Azadi Radio)",
    ),
    (
        "crossing_TORGHUNDI_t_per_day",
        down10(7_559 / 7 * FOOD_SHARE),
        up10(TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE),
        "t/day",
        f"FOOD through Torghundi, from ALL-GOODS rail weeks × the rail food share {FOOD_SHARE:.3f}. Low: 7,559 t in 1–7 Jun 2024 incl. some exports (AVA) ÷ 7 × {FOOD_SHARE:.3f} = {fmt(7_559 / 7 * FOOD_SHARE)} "
        f"(usual 8,918 t/week, ARA via Azadi Radio, gives {fmt(8_918 / 7 * FOOD_SHARE)}); high: peak week 25,926 t (ARA via Bakhtar News) → {fmt(TORGHUNDI_RAIL_WEEK / 7 * FOOD_SHARE)}. "
        f"Caveat: Torghundi carries mostly Turkmen fuel and gas (Turkmen MFA via Prensa Latina, Aug 2021), so its food share is probably below the rail average",
    ),
    (
        "crossing_AQINA_t_per_day",
        down10(4_670 / 7 * FOOD_SHARE),
        up10(AQINA_RAIL_WEEK / 7 * FOOD_SHARE),
        "t/day",
        f"FOOD through Aqina, from ALL-GOODS rail weeks × the rail food share {FOOD_SHARE:.3f}. Low: 4,670 t in one week (ARA via Bakhtar News) ÷ 7 × {FOOD_SHARE:.3f} = {fmt(4_670 / 7 * FOOD_SHARE)}; "
        f"high: 7,795 t in 1–7 Jun 2024 (AVA) → {fmt(AQINA_RAIL_WEEK / 7 * FOOD_SHARE)} (7,589 t/week, ARA via Azadi Radio, gives {fmt(7_589 / 7 * FOOD_SHARE)})",
    ),
    (
        "baseline_shortfall_pct",
        0.0,
        2.0,
        "%",
        "estimate: without closures the network should meet (almost) all need; the 2 % allows for the first days, before the first imports arrive, and for the end of the horizon",
    ),
    (
        "aid_t_per_day",
        down10(AID_LOW),
        AID_HIGH,
        "t/day",
        f"WFP food delivered. Low: food assistance reaches 2.7 % of the population (IPC via AP, 17 Dec 2025) = {fmt(AID_PEOPLE_TOTAL)} people × 0.495 kg × 50 % (WFP gave half rations in 2025, WFP via AFP/TRT 11 Apr 2025) = {fmt(AID_LOW)}. "
        f"High: 2024 pace, >225,000 t moved by the date of an Amu TV report (autumn 2024, ≈ 8–9 months) ≈ 830–940 → {fmt(AID_HIGH)}. "
        f"2023's 600,000 t (1,644 t/day, WFP via Mirage News) was the recent peak; 2025 is far lower (US cuts; 'almost no international food deliveries', UN Dec 2025)",
    ),
]
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
    write("commodities.csv", "id,name,kcal_per_kg,priority,aid,source".split(","), commodities)
    write("supply.csv", COLS_S, supply)
    write("demand.csv", COLS_D, demand)
    write("stocks.csv", COLS_ST, stocks)
    write("calibration_targets.csv", "metric,low,high,unit,source".split(","), calibration)
    kinds = pd.Series([n["kind"] for n in nodes]).value_counts().to_dict()
    print(
        f"wrote {len(nodes)} nodes {kinds}, {len(routes)} routes, {len(supply)} supply, {len(demand)} demand, {len(stocks)} stock rows to {OUT}"
    )
    print(
        f"need t/day: wheat_flour {TOT['wheat_flour']:,.1f}, rice {TOT['rice']:,.1f}, wfp_basket {TOT['wfp_basket']:,.1f}; "
        f"domestic wheat {DOM_WHEAT_TOTAL:,.1f}, rice {DOM_RICE_TOTAL:,.1f}; import gap flour {FLOUR_GAP:,.1f}, rice {RICE_GAP:,.1f}, aid {AID_NEED:,.1f}"
    )
