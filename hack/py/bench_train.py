"""make bench-train: the example Fashion-MNIST recipe trained by neuralforge and by PyTorch eager on
the same CPU threads, printed side by side with the ratio and each one's peak memory.

Usage: bench_train.py RUN.yaml ARCHITECTURE.yaml DATASETS_DIR THREADS PYTHON
(PYTHON: the pinned venv's, with torch, which runs torch_train_bench.py.)
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def ours(run, architecture, datasets):
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        done = subprocess.run(
            [f"{ROOT}/bin/neuralforge", "train", "-f", run, "--architecture", architecture,
             "--output", f"{out}/model", "--datasets", datasets],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        if done.returncode != 0:  # the progress lines are noise; the error is the last of them
            sys.exit("neuralforge train failed: " + done.stderr.strip().splitlines()[-1])
        seconds = time.monotonic() - started
    metrics = json.loads(done.stdout.strip().splitlines()[-1])["metrics"]
    # the only child so far: its peak resident memory (KiB on Linux)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return metrics, seconds, peak


def pytorch(run, architecture, datasets, threads, python):
    started = time.monotonic()
    done = subprocess.run(
        [python, f"{HERE}/torch_train_bench.py", run, architecture, datasets, threads],
        check=True, stdout=subprocess.PIPE, text=True, cwd=HERE,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]), time.monotonic() - started


def main(run, architecture, datasets, threads, python):
    run, architecture, datasets = (os.path.abspath(p) for p in (run, architecture, datasets))
    m, seconds, peak = ours(run, architecture, datasets)
    t, torch_seconds = pytorch(run, architecture, datasets, threads, python)
    ratio = m["samplesPerSecond"] / t["samplesPerSecond"]
    print(f"LeNet-BN on Fashion-MNIST, {m['epochs']} epochs, {threads} CPU threads")
    print(f"{'':24}{'samples/s':>10}{'test acc':>10}{'peak RSS':>11}{'wall':>8}")
    print(f"{'neuralforge (DJL)':24}{m['samplesPerSecond']:>10}{m['testAccuracy']:>10.4f}"
          f"{peak:>8.0f} MiB{seconds:>7.0f}s")
    print(f"{'PyTorch ' + t['torch'].split('+')[0] + ' eager':24}{t['samplesPerSecond']:>10}"
          f"{t['testAccuracy']:>10.4f}{t['peakRssMiB']:>8.0f} MiB{torch_seconds:>7.0f}s")
    print(f"throughput ratio (neuralforge / PyTorch): {ratio:.2f}x; target >= 1.0x. "
          f"Fashion-MNIST test accuracy target >= 0.93: {m['testAccuracy']:.4f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
