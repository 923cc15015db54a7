"""The LP of ``design.md``: its structure (``lp``) and a scenario's bounds and costs
(``bounds``).
"""
