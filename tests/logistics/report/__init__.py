"""Tests of logistics.report."""
