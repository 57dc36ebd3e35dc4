"""Turn latency, throughput and start-up time of the whole assistant over the REST channel.

``make bench`` runs this: it starts the assistant as ``make run`` does (SQLite in a temporary folder),
then measures one conversation alone and 20 at once, and writes a JSON report. The target for the
finished bot: p50 turn latency no worse than a stock ``rasa init`` bot on the same machine (about
60 ms for one conversation on 2 cores, per DEVELOPERS.md) and ready in under 25 seconds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from msp_assistant.harness import RunningAssistant

MESSAGES = ("hello", "what can you do?", "are you a bot?", "thanks", "tell me a joke", "goodbye")
TARGETS = {"p50_ms_one_conversation": 60.0, "ready_seconds": 25.0}


def timed_turns(assistant: RunningAssistant, sender: str, turns: int) -> list[float]:
    latencies = []
    for turn in range(turns):
        started = time.perf_counter()
        assistant.send(sender, MESSAGES[turn % len(MESSAGES)])
        latencies.append(time.perf_counter() - started)
    return latencies


def summary(latencies: list[float], wall_seconds: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "turns": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "throughput_turns_per_s": round(len(ordered) / wall_seconds, 1),
    }


def measure(assistant: RunningAssistant, conversations: int, turns: int) -> dict[str, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        results = pool.map(lambda n: timed_turns(assistant, f"bench-{conversations}-{n}", turns), range(conversations))
        latencies = [latency for result in results for latency in result]
    return summary(latencies, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--report", type=Path, default=Path("reports/turn-latency.json"))
    parser.add_argument("--turns", type=int, default=60, help="turns per conversation")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        assistant = RunningAssistant.start(
            Path(scratch) / "assistant.log", database_url=f"sqlite:///{scratch}/bench.db"
        )
        try:
            timed_turns(assistant, "bench-warm-up", 6)
            report = {
                "ready_seconds": round(assistant.ready_after, 1),
                "one_conversation": measure(assistant, 1, args.turns),
                "twenty_conversations": measure(assistant, 20, max(5, args.turns // 4)),
                "targets": TARGETS,
            }
        finally:
            assistant.stop()
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    print(f"Report written to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
