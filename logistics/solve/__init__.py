"""Solving the LP: the declared stages of each allocation (``stages``), the stage driver with
every start and fallback (``solvers``), the HiGHS and CBC backends behind one protocol
(``backends``), every tolerance (``tolerances``), what a solve returns (``results``), the
rolling horizon (``rolling``) and reading a solution into tables (``extract``).
"""
