"""`python -m benchmarks [WORD ...]`: run every `benchmarks/bench_*.py` module's `main()` in turn
(only those whose name contains one of the WORDs, when given)."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    folder = Path(__file__).parent
    failed = 0
    for path in sorted(folder.glob("bench_*.py")):
        if argv and not any(word in path.stem for word in argv):
            continue
        print(f"== {path.stem} ==", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{path.stem}")
        result = module.main()
        failed += 1 if result not in (None, 0) else 0
        print(f"({path.stem}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
