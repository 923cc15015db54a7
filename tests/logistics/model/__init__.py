"""Tests of logistics.model."""
