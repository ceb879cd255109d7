"""Speed and memory benchmarks (`make bench`), side by side with the reference where there is one.

Each `bench_*.py` module here has a `main()`; `python -m benchmarks` runs them all in turn, and
`python -m benchmarks tally` only those whose name contains "tally".
"""
