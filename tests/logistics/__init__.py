"""Tests of the logistics package: the LP and its solves, the analyses and the Excel report."""
