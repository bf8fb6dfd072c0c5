"""Helpers shared by the ImCLASS test checkers (imported by test/*_check.py)."""
import json
import math
import os
import subprocess
import sys


def check(condition, message):
    """Ends the test with FAILED and the message when the condition is false."""
    if not condition:
        sys.exit("FAILED: " + message)


def expect_refusal(app, arguments, message, output, output_type=()):
    """Runs `otbcli APP ARGUMENTS -out OUTPUT`: it must exit non-zero with exactly one FATAL line
    containing `message`, and leave no OUTPUT behind. Returns the FATAL line."""
    if os.path.exists(output):
        os.remove(output)
    command = ["otbcli", app] + [str(a) for a in arguments] + ["-out", output, *output_type]
    result = subprocess.run(command, capture_output=True, text=True)
    fatal = [line for line in (result.stdout + result.stderr).splitlines() if "(FATAL)" in line]
    check(result.returncode != 0, f"exit 0 for {arguments}")
    check(len(fatal) == 1 and message in fatal[0], f"expected one FATAL line with '{message}', got {fatal}")
    check(not os.path.exists(output), f"an output was left for {arguments}")
    print("refused:", fatal[0].split("(FATAL)")[1].strip())
    return fatal[0]


def model_metadata(model):
    """The ImCLASS metadata of a JSON model, counts and votes as integers."""
    with open(model) as f:
        # OpenCV writes an undefined score (nothing predicted) as .Nan, which JSON does not have.
        meta = json.loads(f.read().replace(": .Nan", ": NaN"))["imclass"]
    meta["counts"] = {item["name"]: int(item["value"]) for item in meta["sample_counts"]}
    cv = meta["cross_validation"]
    cv["positive_votes"] = [int(v) for v in cv["positive_votes"]]
    cv["negative_votes"] = [int(v) for v in cv["negative_votes"]]
    return meta


def cross_validated_curves(meta):
    """Independent recomputation of a model's cross-validated curves: each out-of-fold sample with
    v of T votes has probability v / T and stands for area / samples pixels of its population
    (rounded half up per bin of the 0.001 grid); a pixel is of the class at threshold k / 1000 when
    its probability is >= it. Returns the positive and negative pixels per bin."""
    cv, counts = meta["cross_validation"], meta["counts"]
    trees = len(cv["positive_votes"]) - 1
    bin_of = lambda p: min(1000, max(0, math.floor(p * 1000 + 1e-4)))
    positive, negative = [0] * 1001, [0] * 1001
    for votes, histogram, area, samples in ((cv["positive_votes"], positive, counts["positive_area"], counts["positive"]),
                                            (cv["negative_votes"], negative, counts["negative_area"], counts["negative"])):
        for v, n in enumerate(votes):
            histogram[bin_of(v / trees)] += math.floor(n * area / samples + 0.5)
    return positive, negative


def cross_validated_choice(meta):
    """The threshold a model's cross-validation chooses, recomputed: F1 is maximal in the middle of
    the first plateau, from threshold 0.001 on for a gated model (0 would take the pixels below the
    gate); with F1 0 everywhere, the lowest threshold. Returns (threshold, precision, recall, f1)."""
    positive, negative = cross_validated_curves(meta)
    scores = []
    for k in range(1001):
        tp, fp = sum(positive[k:]), sum(negative[k:])
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / sum(positive)
        f1 = 0.0 if precision != precision or precision + recall == 0 else 2 * precision * recall / (precision + recall)
        scores.append((f1, precision, recall))
    lowest = 1 if meta.get("gate", {}).get("feature") else 0
    best = max(f for f, _, _ in scores[lowest:])
    first = next(k for k in range(lowest, 1001) if scores[k][0] == best) if best > 0 else lowest
    last = first
    while best > 0 and last < 1000 and scores[last + 1][0] == best:
        last += 1
    k = (first + last) // 2
    return (k / 1000, scores[k][1], scores[k][2], scores[k][0])


def votes_class_prior(meta, minimum_recall=0.05):
    """Mixture proportion of the out-of-fold votes, recomputed: the smallest ratio (share of the
    negative samples with at least v votes, counted one more of one more) / (share of the positive
    samples) over v >= 1 where at least `minimum_recall` of the positives remain."""
    cv = meta["cross_validation"]
    positives, negatives = cv["positive_votes"], cv["negative_votes"]
    ratios = [((sum(negatives[v:]) + 1) / (sum(negatives) + 1)) / (sum(positives[v:]) / sum(positives))
              for v in range(1, len(positives)) if sum(positives[v:]) >= minimum_recall * sum(positives)]
    return min(ratios + [1.0])


def pu_corrected_precision(meta, prior):
    """Precision at the model's threshold with prior x (negative pixels) x recall of the negatives
    counted as true positives (capped at 1)."""
    positive, negative = cross_validated_curves(meta)
    k = round(meta["cross_validation"]["threshold"] * 1000)
    tp, fp = sum(positive[k:]), sum(negative[k:])
    return min(1.0, (tp + prior * sum(negative) * tp / sum(positive)) / (tp + fp))
