"""Generated data at scale, for benchmarks and load profiles (never the seed set)."""
