"""Optuna as the judge of the sweeps' early-stopping rules: replays each scenario's reports in a
real Optuna study with the pruner a rule stands for, and writes every should_prune decision.

Usage: optuna_pruning.py SCENARIOS.json DECISIONS.jsonl   (with hack/python-env.sh optuna)

SCENARIOS.json is {"scenarios": [...]}, each scenario
    {"id": 7, "rule": "median" or "asha", "goal": "maximize" or "minimize",
     "minEpochs": 2, "minFinishedRuns": 3 (median), "reductionFactor": 3 (asha),
     "curves": [[0.4, null, 0.6], ...],   a trial's values by epoch, epoch 1 first; null is NaN
     "events": [[0, true], [1, false], ...]}
An event [trial, judge] reports that trial's next epoch (Optuna's step = the epoch), then asks
should_prune() when judge is true. A pruned trial is told PRUNED and reports no more; a trial
that reaches its last epoch unpruned is told COMPLETE. Each output line is
{"id": 7, "decisions": [false, true, ...]}, one decision per judged event, in order.
"""

import json
import math
import sys
import warnings

RULES = ("median", "asha")
GOALS = ("maximize", "minimize")


def read_scenarios(path):
    """The scenarios in the file, curves as floats (NaN for null), each checked."""
    with open(path, encoding="utf-8") as f:
        scenarios = json.load(f)["scenarios"]
    for scenario in scenarios:
        scenario["curves"] = [[math.nan if v is None else float(v) for v in curve]
                              for curve in scenario["curves"]]
        check(scenario)
    return scenarios


def check(scenario):
    """Raises ValueError naming the scenario when it could not be replayed as written."""
    name = f"scenario {scenario.get('id')}"
    if scenario.get("rule") not in RULES or scenario.get("goal") not in GOALS:
        raise ValueError(f"{name}: rule must be one of {RULES} and goal one of {GOALS}")
    curves = scenario["curves"]
    if not curves or any(len(c) == 0 for c in curves):
        raise ValueError(f"{name}: every trial needs at least one epoch")
    reports = [0] * len(curves)
    for trial, _judge in scenario["events"]:
        if not 0 <= trial < len(curves):
            raise ValueError(f"{name}: event for trial {trial} of {len(curves)}")
        reports[trial] += 1
    if reports != [len(c) for c in curves]:
        raise ValueError(f"{name}: events per trial {reports} do not match the curves")


def new_study(scenario):
    """A study with the pruner the scenario's rule stands for (docs/early-stopping-mapping.md)."""
    import optuna

    if scenario["rule"] == "median":
        pruner = optuna.pruners.MedianPruner(
            n_startup_trials=scenario["minFinishedRuns"],
            n_warmup_steps=scenario["minEpochs"],
            interval_steps=1,
            n_min_trials=1)
    else:
        pruner = optuna.pruners.SuccessiveHalvingPruner(
            min_resource=scenario["minEpochs"],
            reduction_factor=scenario["reductionFactor"],
            min_early_stopping_rate=0,
            bootstrap_count=0)
    return optuna.create_study(direction=scenario["goal"], pruner=pruner)


def final_value(curve):
    """What a completed trial is told: its last value that is a number. Optuna fails a trial told
    NaN (it would then not be COMPLETE); the pruners never read this value anyway."""
    numbers = [v for v in curve if not math.isnan(v)]
    return numbers[-1] if numbers else 0.0


def replay(scenario, study, pruned_state):
    """Replays the scenario's events in the study; its should_prune decisions, in order."""
    curves = scenario["curves"]
    trials = {}
    reported = [0] * len(curves)
    pruned = set()
    decisions = []
    for index, judge in scenario["events"]:
        if index in pruned:
            continue
        if index not in trials:
            trials[index] = study.ask()
        trial = trials[index]
        reported[index] += 1
        epoch = reported[index]
        trial.report(curves[index][epoch - 1], epoch)
        if judge:
            prune = bool(trial.should_prune())
            decisions.append(prune)
            if prune:
                study.tell(trial, state=pruned_state)
                pruned.add(index)
                continue
        if epoch == len(curves[index]):
            study.tell(trial, final_value(curves[index]))
    return decisions


def main(scenarios_path, decisions_path):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    # numpy warns of all-NaN slices, which the pruners handle on purpose.
    warnings.simplefilter("ignore", RuntimeWarning)
    scenarios = read_scenarios(scenarios_path)
    with open(decisions_path, "w", encoding="utf-8") as out:
        for scenario in scenarios:
            decisions = replay(scenario, new_study(scenario), optuna.trial.TrialState.PRUNED)
            out.write(json.dumps({"id": scenario["id"], "decisions": decisions}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
