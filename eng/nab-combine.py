#!/usr/bin/env python3
"""Combine two NAB detectors' per-row outputs into a third, for `crisiskit nab --scores`.

Each row's score is the larger (or the mean) of the two detectors' scores, each first divided by the
detector's own standard-profile threshold and halved, so that either detector's alarm lands at 0.5. The output folder
mirrors NAB's results layout with a thresholds.json of 0.5 for every profile; `nab --cross-validate`
then reports the best and the leave-one-series-out thresholds for the combination as well.

With the mode `take:KEY[,KEY...]` each named series (`category/name.csv`, or a whole `category`) is the reference's
scores alone and every other series CrisisKit's alone: what the corpus would score if CrisisKit detected those series
exactly as the reference does.

usage: nab-combine.py CRISISKIT_OUT CRISISKIT_THRESHOLD REFERENCE_DIR OUT_DIR [max|mean|take:KEY[,KEY...]]
  CRISISKIT_OUT  a folder written by `crisiskit nab --out` (timestamp,value,anomaly_score)
  REFERENCE_DIR  a detector's published output (<category>/<detector>_<name>.csv, thresholds.json)
"""
import csv
import json
import os
import sys


def main(ours, our_threshold, reference, out, mode="max"):
    taken = None
    if mode.startswith("take:"):
        taken = [key for key in mode[len("take:"):].split(",") if key]
        if not taken:
            sys.exit("take: names no series: use take:category/name.csv[,...]")
    elif mode not in ("max", "mean"):
        sys.exit(f"unknown mode '{mode}': use max, mean or take:category/name.csv[,...]")
    name = os.path.basename(reference.rstrip("/"))
    with open(os.path.join(reference, "thresholds.json")) as f:
        their_threshold = json.load(f)["standard"]["threshold"]
    profiles = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")
    used = set()
    for category in sorted(os.listdir(ours)):
        os.makedirs(os.path.join(out, category), exist_ok=True)
        for file in sorted(os.listdir(os.path.join(ours, category))):
            with open(os.path.join(ours, category, file)) as f:
                mine = list(csv.reader(f))[1:]
            theirs_path = os.path.join(reference, category, f"{name}_{file}")
            if not os.path.isfile(theirs_path):
                sys.exit(f"{category}/{file}: {theirs_path} does not exist")
            with open(theirs_path) as f:
                theirs = list(csv.reader(f))[1:]
            if len(mine) != len(theirs):
                sys.exit(f"{category}/{file}: {len(mine)} rows against {len(theirs)}")
            matched = [k for k in (taken or []) if k in (f"{category}/{file}", category)]
            used.update(matched)
            from_reference = bool(matched)
            with open(os.path.join(out, category, file), "w") as w:
                w.write("timestamp,anomaly_score\n")
                for a, b in zip(mine, theirs):
                    x = float(a[2]) / our_threshold * 0.5
                    y = float(b[1]) / their_threshold * 0.5
                    if taken is not None:
                        score = y if from_reference else x
                    else:
                        score = max(x, y) if mode == "max" else (x + y) / 2
                    w.write(f"{a[0]},{min(score, 1.0)}\n")
    unknown = [k for k in (taken or []) if k not in used]
    if unknown:
        sys.exit(f"take: {', '.join(unknown)} names no series or category of {ours}")
    with open(os.path.join(out, "thresholds.json"), "w") as f:
        json.dump({p: {"threshold": 0.5, "score": 0.0} for p in profiles}, f)


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], *sys.argv[5:])
