"""What borderflow answers: scenario runs, crossing criticality, Monte Carlo, replay and
calibration, read out as shortfall tables and findings.
"""
