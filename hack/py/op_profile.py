"""The top operators of two Chrome traces side by side: self time (an operator's time less that of
the operators it called, on the same thread) and call count, per training step.

Both traces record the same window of steps (the trainer's NEURALFORGE_TORCH_PROFILE and
torch_train_bench.py's), both with libtorch's legacy autograd profiler (a bare list of events) or a
kineto trace ({"traceEvents": ...}, operators in category cpu_op). Only operators and autograd nodes
count: the annotations Python code adds around them (record_function, such as
"Optimizer.step#Adam.step", which has no counterpart in the trainer) are left out, and what they
enclosed counts where it ran.

Usage: op_profile.py OURS.json THEIRS.json STEPS [TOP]
"""

import collections
import json
import sys


def annotation(name):
    """A record_function scope of Python's, not an operator."""
    return "#" in name or name.startswith(("Optimizer.", "profiler::", "## "))


def events(path):
    with open(path) as f:
        trace = json.load(f)
    rows = trace["traceEvents"] if isinstance(trace, dict) else trace
    # complete events only; kineto marks operators "cpu_op", the legacy profiler gives no category
    return [
        e for e in rows
        if e.get("ph") == "X" and e.get("cat", "cpu_op") in ("cpu_op", "")
        and not annotation(e["name"])
    ]


def self_times(path):
    """name -> [calls, self microseconds], and the sum of the top-level events' durations."""
    by_thread = collections.defaultdict(list)
    for e in events(path):
        by_thread[(e.get("pid"), e.get("tid"))].append(e)
    table = collections.defaultdict(lambda: [0, 0.0])
    top_level = 0.0
    for rows in by_thread.values():
        rows.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, name, self]
        for e in rows:
            start, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= start:
                end, name, own = stack.pop()
                table[name][1] += own
            if stack:
                stack[-1][2] -= dur
            else:
                top_level += dur
            table[e["name"]][0] += 1
            stack.append([start + dur, e["name"], dur])
        for end, name, own in stack:
            table[name][1] += own
    return table, top_level


def table(ours, theirs, steps, top=25):
    """Markdown rows: the top operators by the larger of the two self times, per step."""
    a, a_total = self_times(ours)
    b, b_total = self_times(theirs)
    names = sorted(set(a) | set(b), key=lambda n: -max(a[n][1], b[n][1]))[:top]
    lines = [
        "| operator (self time per step) | neuralforge µs | calls | PyTorch µs | calls |",
        "|---|---:|---:|---:|---:|",
    ]
    for n in names:
        lines.append(
            f"| `{n}` | {a[n][1] / steps:,.0f} | {a[n][0] / steps:g} "
            f"| {b[n][1] / steps:,.0f} | {b[n][0] / steps:g} |"
        )
    calls_a = sum(v[0] for v in a.values()) / steps
    calls_b = sum(v[0] for v in b.values()) / steps
    lines.append(
        f"| **all operators** | {a_total / steps:,.0f} | {calls_a:g} "
        f"| {b_total / steps:,.0f} | {calls_b:g} |"
    )
    return lines


def main(ours, theirs, steps, top="25"):
    print("\n".join(table(ours, theirs, int(steps), int(top))))


if __name__ == "__main__":
    main(*sys.argv[1:])
