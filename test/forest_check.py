#!/usr/bin/python3
"""ImCLASS's Random Forest trainer against scikit-learn on a generated problem with a known answer.

scikit-learn's make_classification draws 12 000 samples of 40 features: 8 informative, 4 linear
combinations of them (columns 0-11), 28 of noise; 1 positive for 4 negatives, 3 % of the labels
flipped. Both forests learn the same 6 000 samples with the same settings (100 trees, depth 25,
a node of at most 5 distinct samples is a leaf = scikit-learn's min_samples_split 6, 6 (sqrt(40))
features per node) and are scored on the other 6 000, whose labels are the answer:
 - F1 at the threshold of maximum F1 (ImclassTrain chooses its threshold so), each forest with its
   own probability (ImCLASS: fraction of trees voting; scikit-learn: mean of the trees' class
   frequencies): ImCLASS's at most 0.02 below scikit-learn's;
 - F1 of the majority of votes, both forests counting votes: ImCLASS's at most 0.03 below;
 - the 12 features that make the labels are ImCLASS's 12 most important, and its importance
   correlates with scikit-learn's feature_importances_ (same definition) above 0.95.
Measured on seeds 0-7 of this problem: maximum-F1 differences -0.009 to +0.001, majority-vote
differences -0.027 to -0.005 (the 256-bin search: on seeds 0-3, scikit-learn on the same data cut
into 256 quantile bins lost as much); correlations 0.996 to 0.999.

Usage: forest_check.py <imclassForestRun> <output dir>"""
import os
import subprocess
import sys

import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score, precision_recall_curve

from imclass_checks import check


def write_samples(path, features, labels):
    with open(path, "wb") as out:
        np.array(features.shape, np.int32).tofile(out)
        features.astype(np.float32).tofile(out)
        labels.astype(np.int32).tofile(out)


def best_f1(labels, scores):
    precision, recall, _ = precision_recall_curve(labels, scores)
    return float(np.max(2 * precision * recall / np.maximum(precision + recall, 1e-12)))


def main(runner, out):
    os.makedirs(out, exist_ok=True)
    features, labels = make_classification(n_samples=12000, n_features=40, n_informative=8, n_redundant=4, n_clusters_per_class=3,
                                           weights=[0.8, 0.2], flip_y=0.03, class_sep=1.0, shuffle=False, random_state=0)
    order = np.random.default_rng(0).permutation(len(labels))  # rows shuffled, columns kept: 0-11 make the labels
    features, labels = features[order].astype(np.float32), labels[order]
    half = len(labels) // 2
    train, test = os.path.join(out, "forest_train.bin"), os.path.join(out, "forest_test.bin")
    votes_path = os.path.join(out, "forest_votes.txt")
    write_samples(train, features[:half], labels[:half])
    write_samples(test, features[half:], labels[half:])
    truth = labels[half:]

    output = subprocess.run([runner, "imclass", train, test, votes_path, "2", "100", "25", "5", "42"], capture_output=True, text=True,
                            check=True).stdout
    importance = np.array([float(v) for v in output.split("importance")[1].split()])
    votes = np.loadtxt(votes_path)
    ours_best, ours_majority = best_f1(truth, votes / 100), f1_score(truth, 2 * votes > 100)

    forest = RandomForestClassifier(n_estimators=100, max_depth=25, min_samples_split=6, max_features="sqrt", n_jobs=2, random_state=0)
    forest.fit(features[:half], labels[:half])
    reference_best = best_f1(truth, forest.predict_proba(features[half:])[:, 1])
    reference_votes = sum(tree.predict(features[half:]) for tree in forest.estimators_)
    reference_majority = f1_score(truth, 2 * reference_votes > 100)
    correlation = float(np.corrcoef(importance, forest.feature_importances_)[0, 1])
    top = sorted(np.argsort(-importance)[:12].tolist())
    print("maximum F1: ImCLASS %.4f, scikit-learn %.4f; majority of votes: ImCLASS %.4f, scikit-learn %.4f; "
          "importance: 12 first %s, correlation %.3f" % (ours_best, reference_best, ours_majority, reference_majority, top, correlation))
    check(ours_best >= reference_best - 0.02, "maximum F1 %.4f more than 0.02 below scikit-learn's %.4f" % (ours_best, reference_best))
    check(ours_majority >= reference_majority - 0.03,
          "majority-vote F1 %.4f more than 0.03 below scikit-learn's %.4f" % (ours_majority, reference_majority))
    check(top == list(range(12)), "the 12 most important features are %s, not the 12 that make the labels" % top)
    check(correlation > 0.95, "importance correlates %.3f with scikit-learn's" % correlation)
    print("ok")


if __name__ == "__main__":
    main(*sys.argv[1:])
