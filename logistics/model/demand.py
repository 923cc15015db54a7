"""Priced demand: each commercial commodity's demand curve, its tiers in the LP, and prices read
back from quantities.

A commodity with a normal price P (USD/t, ``price_usd_per_t``) and an own-price elasticity ε < 0
(``price_elasticity``) has, in every province and on every day, the constant-elasticity demand
curve through (normal need, P):

    price(s) = P · s^(1/ε),   s = consumption ÷ normal need, 0 < s ≤ 1,

capped at ``PRICE_CAP_MULTIPLE`` × P: past that point a shortage is rationing (queues, empty
shops), not a higher price. Consumption never exceeds the normal need (the model has no
surplus to sell off), so prices never fall below normal.

In the LP the unmet part of a day's need, 1 - s, is split into tiers at the shares where the
curve reaches the price steps ``PRICE_STEPS`` (s = step^ε), and below the last step one
rationing tier down to s = 0. The grid is in price, not quantity, so that the prices a reader
sees come in even steps (+2, +5, +10, +20 % ... ×10) for a steep curve as for a flat one. A tonne
left unmet in a tier costs the tier's value, the mean of the marginal value over the tier's
range of s (exact integral). The marginal value is the curve while it is below the cap, and
beyond it the cap raised by the depth of the cut (``marginal_value_multiple``), so values rise
strictly with depth: the first tonnes of a day's need (subsistence) are worth the most, and a
deeper cut always costs more than a shallower one. Because tier values are convex in depth, the
LP leaves the cheapest tiers (the top of consumption) unmet first.

Aid (``aid_tier_values_usd_per_t``) is not priced: a ration is cut in tiers of
``AID_TIER_WIDTH`` of the need, each worth ``INELASTIC_UNMET_USD_PER_T`` × (priority +
``AID_DEPTH_WEIGHT`` × the tier's mean depth). A higher-priority good is still served first,
and a deeper cut of one good costs more than a shallower one, so a short pipeline cuts every
province's rations alike (as WFP does: from 75 % to 50 % of needs for IPC 4 households in 2023,
data brief §5) rather than dropping the provinces dearest to reach.

The curve is the same in every province: on a route in use the downstream price exceeds the
upstream price by exactly the delivery cost, so a province dearer to reach keeps no larger a
share of its normal consumption. Normal prices are not spatial: every province's normal price
is P, the reference market's (the model's route costs are transport only, without origin prices
or traders' margins); the prices are closure-added pressure.

Prices reported are read on the curve at the quantity consumed (``price_multiple``), never from
the LP's duals: a dual at a tier's edge is any value between two tiers' values, while the
quantity, and so the price on the curve, is a property of the scenario.
"""

from __future__ import annotations

import numpy as np

# Price steps (multiples of the normal price) at which priced tiers change; the curve's share at
# each is step^ε. The last step is the cap.
PRICE_STEPS = np.array([1.0, 1.02, 1.05, 1.10, 1.20, 1.35, 1.5, 1.75, 2.0, 2.5, 3.0, 5.0, 10.0])
# The price a shortage can reach, as a multiple of the normal price: beyond it goods are rationed.
# 10 × keeps every tier far above any delivery cost (the bundled routes cost at most a few hundred
# USD/t against normal prices of 400-1,600 USD/t), as the subsistence part of need must be.
PRICE_CAP_MULTIPLE = float(PRICE_STEPS[-1])
# Cost of a tonne of unpriced need left unmet (inelastic goods), times its priority: the
# cost-first rule's weight, above any priced tier but the deepest tiers of dear goods.
INELASTIC_UNMET_USD_PER_T = 1e4
# Aid rations are cut in tiers of this share of the need; a tier's value rises with its depth
# by this many priority units from no cut to a whole ration, less than one priority unit so that
# a higher-priority good is always served first.
AID_TIER_WIDTH = 0.1
AID_DEPTH_WEIGHT = 0.5


def tier_edges(elasticity: float) -> np.ndarray:
    """Unmet fraction of a day's need at which a priced good's tiers change: where the curve
    reaches each price step, then 1 (the rationing tier).
    """
    shares = PRICE_STEPS**elasticity  # 1 = normal consumption, falling
    return np.concatenate([1.0 - shares, [1.0]])


def tier_widths(elasticity: float) -> np.ndarray:
    """Width of each priced tier as a fraction of a day's need (sums to 1)."""
    return np.diff(tier_edges(elasticity))


def aid_tier_widths() -> np.ndarray:
    """Width of each aid tier as a fraction of a day's need (sums to 1)."""
    return np.full(round(1.0 / AID_TIER_WIDTH), AID_TIER_WIDTH)


def aid_tier_values_usd_per_t(priority: float) -> np.ndarray:
    """Value (USD/t) of a tonne of aid left unmet in each tier: INELASTIC_UNMET_USD_PER_T ×
    (priority + AID_DEPTH_WEIGHT × the tier's mean depth), rising with depth.
    """
    widths = aid_tier_widths()
    depth = np.cumsum(widths) - widths / 2.0
    return INELASTIC_UNMET_USD_PER_T * (priority + AID_DEPTH_WEIGHT * depth)


def price_multiple(
    consumed_share: np.ndarray | float, elasticity: np.ndarray | float
) -> np.ndarray:
    """Price ÷ normal price on the demand curve at consumption = ``consumed_share`` × normal need:
    share^(1/ε), at most ``PRICE_CAP_MULTIPLE`` (1 at normal consumption).
    """
    share = np.clip(np.asarray(consumed_share, dtype=float), 0.0, 1.0)
    elasticity = np.asarray(elasticity, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        curve = np.where(share > 0, share ** (1.0 / elasticity), np.inf)
    return np.minimum(curve, PRICE_CAP_MULTIPLE)


def capped_share(elasticity: float) -> float:
    """The consumption share at which the curve reaches the cap: PRICE_CAP_MULTIPLE^ε."""
    return float(PRICE_CAP_MULTIPLE**elasticity)


def marginal_value_multiple(share: np.ndarray | float, elasticity: float) -> np.ndarray:
    """Value of the marginal tonne ÷ normal price at consumption share s: the curve s^(1/ε) down
    to the share s_c where it meets the cap, and below s_c the cap × (1 + s_c - s), rising with
    the depth of the cut.
    """
    s = np.asarray(share, dtype=float)
    s_c = capped_share(elasticity)
    with np.errstate(divide="ignore"):
        curve = np.where(s > 0, np.maximum(s, s_c) ** (1.0 / elasticity), np.inf)
    return np.where(s >= s_c, curve, PRICE_CAP_MULTIPLE * (1.0 + s_c - s))


def _value_integral(a: float, b: float, elasticity: float) -> float:
    """∫_a^b marginal_value_multiple(s) ds for 0 ≤ a ≤ b ≤ 1 (exact)."""
    s_c = capped_share(elasticity)
    total = 0.0
    lo, hi = max(a, s_c), b
    if hi > lo:  # on the curve
        power = 1.0 + 1.0 / elasticity
        total += np.log(hi / lo) if abs(power) < 1e-12 else (hi**power - lo**power) / power
    lo, hi = a, min(b, s_c)
    if hi > lo:  # beyond the cap
        total += PRICE_CAP_MULTIPLE * ((1.0 + s_c) * (hi - lo) - (hi * hi - lo * lo) / 2.0)
    return float(total)


def tier_values_usd_per_t(price_usd_per_t: float, elasticity: float) -> np.ndarray:
    """Value (USD/t) of a tonne left unmet in each priced tier: the normal price × the mean
    marginal value multiple over the tier's range of consumption shares, strictly rising with
    depth.
    """
    unmet = tier_edges(elasticity)
    values = [
        _value_integral(1.0 - unmet[j + 1], 1.0 - unmet[j], elasticity) / (unmet[j + 1] - unmet[j])
        for j in range(len(unmet) - 1)
    ]
    return price_usd_per_t * np.array(values)
