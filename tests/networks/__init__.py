"""Tests of the networks package: loading and validating inputs, and atomic file writes."""
