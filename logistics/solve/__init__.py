"""Solving the LP: the solvers (``solvers``), the rolling horizon (``rolling``) and reading a
solution into tables (``extract``).
"""
