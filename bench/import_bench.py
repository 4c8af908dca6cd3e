"""Importer speed on the two seed plans.

Run: .venv/bin/python bench/import_bench.py [RUNS]

For each seed prints the median of RUNS runs (default 30) of
  baseline   read the file through read_document and split it into lines
  parse      parse_text on the text already read
  parse+json parse_text, then the ledger JSON as ``fazhi import --json`` prints it
as wall-clock time and as CPU time of this process (the wall figure rises when
the machine is busy; the CPU figure much less), and each figure's ratio to the
baseline measured in the same run. Target: parse ≤ 20 ms median.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.plans.parsing import parse_text, read_document  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "fazhi" / "demo" / "seeds"
TARGET_MS = 20.0


def medians_ms(action, runs: int) -> tuple[float, float]:
    """(wall, cpu) medians in milliseconds."""
    action()  # warm caches (compiled regexes, imports) outside the measurement
    wall, cpu = [], []
    for _ in range(runs):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main(runs: int = 30) -> int:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{runs} runs per figure; load average {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'seed':42} {'':5} {'baseline':>10} {'parse':>10} {'parse+json':>11}   ratios vs baseline")
    worst_wall = worst_cpu = 0.0
    for path in sorted(SEEDS.glob("*.txt")):
        data = path.read_bytes()
        text = read_document(data, path.name).text
        baseline = medians_ms(lambda data=data, name=path.name: read_document(data, name).text.split("\n"), runs)
        parse = medians_ms(lambda text=text: parse_text(text), runs)
        dump = medians_ms(lambda text=text: json.dumps(parse_text(text).to_dict(), ensure_ascii=False, indent=2),
                          runs)
        worst_wall, worst_cpu = max(worst_wall, parse[0]), max(worst_cpu, parse[1])
        for kind, index in (("wall", 0), ("cpu", 1)):
            ratio = f"parse ×{parse[index] / baseline[index]:,.0f}  parse+json ×{dump[index] / baseline[index]:,.0f}" \
                if baseline[index] > 0 else "(baseline below clock resolution)"
            name = path.name if index == 0 else ""
            print(f"{name:42} {kind:5} {baseline[index]:8.3f}ms {parse[index]:8.3f}ms {dump[index]:9.3f}ms   {ratio}")
    print(f"slowest parse median: wall {worst_wall:.2f} ms, cpu {worst_cpu:.2f} ms "
          f"(target {TARGET_MS:.0f} ms: {'met' if worst_cpu <= TARGET_MS else 'NOT met'} on cpu time, "
          f"{'met' if worst_wall <= TARGET_MS else 'not met'} on wall time)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
