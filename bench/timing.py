"""Timing helpers shared by the speed, workers and scale benchmarks: percentiles, load, machine CPU."""

from __future__ import annotations

import os
import platform
import resource
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CLK_TCK = os.sysconf("SC_CLK_TCK")


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(x, 2) for x in os.getloadavg()]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks; None for no values."""
    if not values:
        return None
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


def summarize_ms(seconds: Sequence[float]) -> dict[str, Any]:
    """n, median, p95, mean and max of durations given in seconds, reported in milliseconds."""
    if not seconds:
        return {"n": 0, "median_ms": None, "p95_ms": None, "mean_ms": None, "max_ms": None}
    return {
        "n": len(seconds),
        "median_ms": round(1000 * statistics.median(seconds), 3),
        "p95_ms": round(1000 * (percentile(seconds, 95) or 0.0), 3),
        "mean_ms": round(1000 * statistics.fmean(seconds), 3),
        "max_ms": round(1000 * max(seconds), 3),
    }


def machine_cpu() -> tuple[float, float]:
    """Machine-wide (busy, total) CPU seconds since boot from /proc/stat ((0, 0) where there is none)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    total = sum(fields[:8])
    return (total - idle) / CLK_TCK, total / CLK_TCK


def own_cpu() -> float:
    """CPU seconds used by this process and its waited-for children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Window:
    """Wall, own CPU and other processes' CPU over a stretch of work, with the load average at its start and end."""

    def __init__(self) -> None:
        self.load_start = loadavg()
        self.busy0, self.total0 = machine_cpu()
        self.own0 = own_cpu()

    def close(self, extra_own_cpu: float = 0.0) -> dict[str, Any]:
        """The figures since the window opened; ``extra_own_cpu`` is CPU of our processes not yet reaped."""
        busy1, total1 = machine_cpu()
        own = own_cpu() - self.own0 + extra_own_cpu
        ncpu = os.cpu_count() or 1
        return {
            "loadavg_start": self.load_start,
            "loadavg_end": loadavg(),
            "own_cpu_s": round(own, 2),
            "other_processes_cpu_s": round(max(busy1 - self.busy0 - own, 0.0), 2),
            "machine_cpu_capacity_s": round((total1 - self.total0), 2),
            "cpus": ncpu,
        }


def host_info() -> dict[str, Any]:
    """The machine: CPUs, Python, platform."""
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
