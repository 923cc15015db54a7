"""Tests of borderflow as a whole: the CLI, bundled inputs, default report, template, README."""
