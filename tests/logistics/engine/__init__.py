"""Tests of logistics.engine."""
