#!/usr/bin/python3
"""ImCLASS: draws the PNG of an ImclassThreshold report (JSON) with matplotlib.

usage: imclass_plot.py REPORT.json OUT.png
Left: precision, recall and F-score versus the threshold (of the model's cross-validation or of
the reference pixels; and the PU criterion for -method pu), the chosen threshold marked. Right:
the pixel confusion matrix of the delivered binary map against the reference, or without one, the
cross-validated matrix at the threshold (pixels the samples stand for).
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")  # no display: ImclassThreshold runs it in batch
import matplotlib.pyplot as plt  # noqa: E402


def nan_for_null(values):
    return [float("nan") if v is None else v for v in values]


def main(report_path, png_path):
    with open(report_path) as stream:
        report = json.load(stream)
    curve = report["curve"]
    threshold = report["threshold"]
    beta = report["beta"]
    f_label = "F1" if beta == 1 else f"F{beta:g}"

    figure, (scores, matrix) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1.6, 1]})
    for name, label, colour in (("precision", "precision", "tab:blue"), ("recall", "recall", "tab:orange"),
                                ("f_score", f_label, "tab:green")):
        scores.plot(curve["threshold"], nan_for_null(curve[name]), label=label, color=colour)
    if report["method"] == "pu":
        # The criterion PU maximises, scaled to [0, 1] to share the axis.
        criterion = nan_for_null(curve["pu_criterion"])
        top = max((v for v in criterion if v == v), default=0) or 1
        scores.plot(curve["threshold"], [v / top for v in criterion], label="recall² / P(class), scaled",
                    color="tab:purple")
    at = report["pixels_at_threshold"]
    scores.axvline(threshold, color="black", linestyle="--",
                   label=f"threshold {threshold:g} ({report['method']})")
    scores.set_xlim(0, 1)
    scores.set_ylim(0, 1.02)
    scores.set_xlabel("threshold on the probability")
    cross_validated = report["threshold_source"] == "cross-validation"
    scores.set_ylabel("cross-validated score" if cross_validated else "score over the reference pixels")
    precision = "n/a" if at["precision"] is None else f"{at['precision']:.3f}"
    recall = "n/a" if at["recall"] is None else f"{at['recall']:.3f}"
    scores.set_title(f"precision {precision}, recall {recall}, {f_label} {at['f_score']:.3f}")
    scores.grid(alpha=0.3)
    scores.legend(loc="lower left", fontsize="small")

    against_reference = report["map"]["confusion_matrix"] is not None
    counts = report["map" if against_reference else "pixels_at_threshold"]["confusion_matrix"]
    cells = [[counts["true_positives"], counts["false_negatives"]],
             [counts["false_positives"], counts["true_negatives"]]]
    matrix.imshow(cells, cmap="Blues")
    largest = max(max(row) for row in cells) or 1
    for row in range(2):
        for column in range(2):
            value = cells[row][column]
            matrix.text(column, row, f"{value:,}", ha="center", va="center",
                        color="white" if value > largest / 2 else "black")
    matrix.set_xticks([0, 1], ["class", "not class"])
    matrix.set_yticks([0, 1], ["class", "not class"])
    matrix.set_xlabel("binary map" if against_reference else "out-of-fold prediction at the threshold")
    matrix.set_ylabel("reference")
    kappa = report["map" if against_reference else "pixels_at_threshold"]["kappa"]
    title = "map pixels" if against_reference else "cross-validation (pixels)"
    matrix.set_title(title + ("" if kappa is None else f", kappa {kappa:.3f}"))

    figure.tight_layout()
    figure.savefig(png_path, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
