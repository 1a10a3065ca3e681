"""Times scipy.stats.spearmanr on pairs stored as raw little-endian float64 (x then y).

Run: /usr/bin/python3 bench/spearman_scipy.py /tmp/spearman-bench.f64 [repeats]
(bench/spearman.ts writes that file and runs this script itself; see its header.)
Prints one JSON line: {"seconds": best wall time, "rho": ..., "pValue": ..., "n": ...}.
"""
import json
import sys
import time

import numpy as np
from scipy.stats import spearmanr


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    data = np.fromfile(path, dtype="<f8")
    n = data.size // 2
    x, y = data[:n], data[n:]
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = spearmanr(x, y)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"seconds": best, "rho": float(result[0]), "pValue": float(result[1]), "n": n}))


if __name__ == "__main__":
    main()
