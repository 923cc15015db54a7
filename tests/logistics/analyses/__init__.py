"""Tests of logistics.analyses."""
