"""Output: the Excel workbooks, the map and strict JSON."""
