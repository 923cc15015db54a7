"""Tests of logistics.solve."""
