"""Protection and early warning (保护和预警): dispute cases with statutory clocks (issue 16)."""
