"""make bench-train: networks trained by `neuralforge train` and by PyTorch eager on the very libtorch
the trainer's engine runs (PyTorch 2.7.1), on the same CPU threads, runs alternated; PyTorch's newest
once beside them for information; then one profiled run of each side, its top operators side by
side (op_profile.py).

- lenet: the example recipe (LeNet-BN on Fashion-MNIST, batch 64, Adam, cosine), EPOCHS epochs;
- resnet18: the CIFAR-10 example recipe (batch 128, SGD with momentum, crop and flip) on random
  CIFAR-10-shaped records;
- lstm, transformer: the text examples, Adam, on random token ids.

Prints every figure, the medians and their ratio, each side's peak resident memory, page faults and
system time, and writes the same as Markdown to OUT/report.md.

Usage: bench_train.py OUT THREADS PYTHON_2_7_1 PYTHON_NEWEST DATASETS
Environment: NETWORKS (default: lenet resnet18 lstm transformer), ROUNDS (default 3), EPOCHS (lenet,
default 1), PROFILE (default 1: profile each network once more on each side).
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import numpy as np
import yaml

import op_profile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = f"{ROOT}/examples"


def lenet(out):
    run = yaml.safe_load(open(f"{EXAMPLES}/trainingruns/fashion-mnist-lenet.yaml"))
    run["spec"]["hyperparameters"]["epochs"] = int(os.environ.get("EPOCHS", "1"))
    return run, f"{EXAMPLES}/architectures/lenet-bn.yaml", "50:200"


def resnet18(out):
    folder = f"{out}/cifar10"
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(1)
    for name, count in (("data_batch_1.bin", 1280), ("test_batch.bin", 128)):
        records = rng.integers(0, 256, size=(count, 3073), dtype=np.uint8)
        records[:, 0] %= 10
        records.tofile(f"{folder}/{name}")
    run = yaml.safe_load(open(f"{EXAMPLES}/trainingruns/cifar10-resnet18.yaml"))
    run["spec"]["dataset"]["uri"] = folder
    run["spec"]["hyperparameters"]["epochs"] = 1
    return run, f"{EXAMPLES}/architectures/resnet18-cifar10.yaml", "2:5"


def tokens(out, name, length, vocabulary, classes, rows):
    folder = f"{out}/{name}"
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(2)
    for file, count in (("train.csv", rows), ("test.csv", 64)):
        table = rng.integers(1, vocabulary, size=(count, length + 1))
        table[:, -1] %= classes
        np.savetxt(f"{folder}/{file}", table, fmt="%d", delimiter=",")
    return {
        "apiVersion": "neuralforge.io/v1alpha1",
        "kind": "TrainingRun",
        "metadata": {"name": f"bench-{name}"},
        "spec": {
            "architectureRef": {"name": name},
            "dataset": {"uri": folder, "format": "csv", "validationFraction": 0.1},
            "hyperparameters": {
                "epochs": 1,
                "batchSize": 32,
                "optimizer": {"type": "Adam", "learningRate": 0.001},
                "scheduler": {"type": "Cosine"},
                "seed": 3,
            },
        },
    }


def lstm(out):
    run = tokens(out, "lstm-text-classifier", 256, 20000, 4, 1024)
    return run, f"{EXAMPLES}/architectures/lstm-text-classifier.yaml", "4:10"


def transformer(out):
    run = tokens(out, "transformer-classifier", 128, 30000, 2, 1024)
    return run, f"{EXAMPLES}/architectures/transformer-classifier.yaml", "4:10"


NETWORKS = {"lenet": lenet, "resnet18": resnet18, "lstm": lstm, "transformer": transformer}


class Usage:
    """What the kernel accounted to one child (wait4): peak resident MiB, minor page faults,
    system seconds."""

    def __init__(self, rusage):
        self.peak = rusage.ru_maxrss / 1024
        self.faults = rusage.ru_minflt
        self.system = rusage.ru_stime


def measured(command, env, cwd=None):
    """Runs command: its exit status, stdout, stderr and Usage, so both sides are measured alike."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        out.seek(0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), out.read(), err.read(), Usage(usage)


def ours(run, architecture, datasets, threads, env):
    """samples/s and Usage of `neuralforge train`."""
    out = f"{os.path.dirname(run)}/model"
    shutil.rmtree(out, ignore_errors=True)
    code, stdout, stderr, usage = measured(
        [f"{ROOT}/bin/neuralforge", "train", "-f", run, "--architecture", architecture,
         "--output", out, "--datasets", datasets], env)
    if code != 0:  # the progress lines are noise; the error is the last of them
        last = stderr.strip().splitlines()[-1:] or ["(nothing on stderr)"]
        sys.exit(f"neuralforge train exited {code} (peak {usage.peak:.0f} MiB): {last[0]}")
    metrics = json.loads(stdout.strip().splitlines()[-1])["metrics"]
    used = re.fullmatch(r"cpu, (\d+) threads?", metrics["device"])
    if not used or int(used.group(1)) != threads:
        sys.exit(f"neuralforge trained on {metrics['device']}, not on {threads} CPU threads")
    return metrics["samplesPerSecond"], usage


def pytorch(python, run, architecture, datasets, threads, env):
    """samples/s, Usage and the version of PyTorch eager on the same recipe."""
    code, stdout, stderr, usage = measured(
        [python, f"{HERE}/torch_train_bench.py", run, architecture, datasets, str(threads)],
        env, cwd=HERE)
    if code != 0:
        sys.exit(f"torch_train_bench.py exited {code}: {stderr.strip()[-2000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    return result["samplesPerSecond"], usage, result["torch"].split("+")[0]


def bench(name, out, threads, python, newest, datasets, rounds, profile):
    folder = f"{out}/{name}"
    os.makedirs(folder, exist_ok=True)
    run, architecture, window = NETWORKS[name](folder)
    run["spec"].setdefault("resources", {})["gpu"] = {"type": "none"}
    run_file = f"{folder}/run.yaml"
    with open(run_file, "w") as f:
        yaml.safe_dump(run, f)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    env.pop("NEURALFORGE_TORCH_PROFILE", None)
    mine, theirs = [], []
    for r in range(rounds):  # alternated, and each side first every other round
        sides = [lambda: mine.append(ours(run_file, architecture, datasets, threads, env)),
                 lambda: theirs.append(
                     pytorch(python, run_file, architecture, datasets, threads, env)[:2])]
        for side in sides if r % 2 == 0 else reversed(sides):
            side()
        print(f"  {name} round {r + 1}: neuralforge {mine[-1][0]}, PyTorch 2.7.1 {theirs[-1][0]}",
              flush=True)
    latest, latest_usage, version = pytorch(newest, run_file, architecture, datasets, threads, env)

    def row(label, results):
        speeds = [speed for speed, _ in results]
        usage = [u for _, u in results]
        return (f"| {label} | {', '.join(map(str, speeds))} | {statistics.median(speeds):,.0f} "
                f"| {statistics.median(u.peak for u in usage):,.0f} MiB "
                f"| {statistics.median(u.faults for u in usage):,.0f} "
                f"| {statistics.median(u.system for u in usage):.1f} s |")

    ratio = statistics.median(s for s, _ in mine) / statistics.median(s for s, _ in theirs)
    lines = [
        f"### {name}: {run['spec']['hyperparameters'].get('batchSize')} per batch, "
        f"{threads} threads, samples/s (peak RSS, minor page faults and system time: medians)",
        "",
        "| | runs | median | peak RSS | page faults | system time |",
        "|---|---|---:|---:|---:|---:|",
        row("neuralforge", mine),
        row("PyTorch 2.7.1 eager", theirs),
        row(f"PyTorch {version} eager (newest, for information)", [(latest, latest_usage)]),
        "",
        f"**neuralforge / PyTorch 2.7.1: {ratio:.2f}×**",
        "",
    ]
    if profile:
        first, count = (int(v) for v in window.split(":"))
        traces = (f"{folder}/neuralforge-trace.json", f"{folder}/pytorch-trace.json")
        profiled = dict(env, NEURALFORGE_TORCH_PROFILE_STEPS=window)
        ours(run_file, architecture, datasets, threads,
             dict(profiled, NEURALFORGE_TORCH_PROFILE=traces[0]))
        pytorch(python, run_file, architecture, datasets, threads,
                dict(profiled, NEURALFORGE_TORCH_PROFILE=traces[1]))
        lines += [f"Top operators, steps {first} to {first + count - 1} of the first epoch "
                  "(a profiled run each; the profiler's own cost is in both):", ""]
        lines += op_profile.table(*traces, count, 15)
        lines.append("")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def main(out, threads, python, newest, datasets):
    rounds = int(os.environ.get("ROUNDS", "3"))
    profile = os.environ.get("PROFILE", "1") == "1"
    networks = os.environ.get("NETWORKS", "lenet resnet18 lstm transformer").split()
    datasets = os.path.abspath(datasets)
    reports = [bench(n, out, int(threads), python, newest, datasets, rounds, profile)
               for n in networks]
    with open(f"{out}/report.md", "w") as f:
        f.write("\n".join(reports))


if __name__ == "__main__":
    main(*sys.argv[1:])
