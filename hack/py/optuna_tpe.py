"""Optuna as the judge of the sweeps' TPE search: runs Optuna's TPESampler and RandomSampler, each
seeded, on standard objective functions (minimised) with a budget of trials run one at a time, and
prints the best value each seed reached.

Usage: optuna_tpe.py TRIALS SEEDS
Prints one JSON line per function and sampler: {"function", "sampler", "best": [one per seed]}.
Samplers: "tpe" (TPESampler(seed=s), Optuna's defaults: multivariate, constant liar),
"tpe-independent" (the same with multivariate=False) and "random" (RandomSampler(seed=s)).
The functions here and in OptunaTpeAgreementIT.java must stay the same.
"""

import json
import math
import sys

import optuna

HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
    [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
    [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
]


def branin(trial):
    x1 = trial.suggest_float("x1", -5.0, 10.0)
    x2 = trial.suggest_float("x2", 0.0, 15.0)
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(trial):
    x = [trial.suggest_float(f"x{j}", 0.0, 1.0) for j in range(6)]
    total = 0.0
    for alpha, a, p in zip(HARTMANN_ALPHA, HARTMANN_A, HARTMANN_P):
        total += alpha * math.exp(-sum(a[j] * (x[j] - p[j]) ** 2 for j in range(6)))
    return -total


def lr_bowl(trial):
    """A learning rate (log scale) and an integer batch size (log scale): a tilted bowl."""
    lr = trial.suggest_float("lr", 1e-5, 1.0, log=True)
    batch = trial.suggest_int("batch", 16, 512, log=True)
    u = math.log10(lr) + 3.3
    v = math.log2(batch) - 6.5
    return u * u + v * v + 0.5 * u * v


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "lr-bowl": lr_bowl}
SAMPLERS = {
    "tpe": lambda s: optuna.samplers.TPESampler(seed=s),
    "tpe-independent": lambda s: optuna.samplers.TPESampler(seed=s, multivariate=False),
    "random": lambda s: optuna.samplers.RandomSampler(seed=s),
}


def main():
    trials, seeds = int(sys.argv[1]), int(sys.argv[2])
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    for name, function in FUNCTIONS.items():
        for sampler, make in SAMPLERS.items():
            best = []
            for seed in range(seeds):
                study = optuna.create_study(direction="minimize", sampler=make(seed))
                study.optimize(function, n_trials=trials)
                best.append(study.best_value)
            print(json.dumps({"function": name, "sampler": sampler, "best": best}), flush=True)


if __name__ == "__main__":
    main()
