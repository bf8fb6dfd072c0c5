#!/usr/bin/python3
"""One forest, four trainers, the same samples: scikit-learn with one job and with every core,
ImCLASS's trainer (imclassForestRun, `threads` threads) and OpenCV's RTrees as ImclassTrain used
it before (one core). Same settings everywhere: 100 trees, depth 25, a node of at most 5 distinct
samples is a leaf (scikit-learn: min_samples_split 6, min_samples_leaf 1), the square root of the
feature count, rounded, as features per node, bootstrap; each trainer once per seed. Prints mean training times (wall, and CPU summed
over threads), the ratio of the wall time to scikit-learn's with every core, and F1 on
samples no forest saw: of each forest's own decision (scikit-learn: predict; ImCLASS and OpenCV:
majority of votes) and the maximum over thresholds of each forest's probability (ImclassTrain
chooses its threshold so; ImCLASS and OpenCV: fraction of votes, scikit-learn: predict_proba, and
on a line of its own the fraction of its trees voting for the class), mean, minimum and maximum
over the seeds; then the difference of the mean maximum F1 of ImCLASS and scikit-learn (both
ways) with its standard error (each seed grows other forests: with few seeds, differences of a
few thousandths are chance).

Usage: forest_bench.py RUNNER WORK THREADS "SEED ..." synthetic N [N ...]
       forest_bench.py RUNNER WORK THREADS "SEED ..." folds STACK FOLDS.gpkg
 synthetic: scikit-learn's make_classification, N training + 10000 held-out samples of 150
            features (20 informative, 20 combinations of them; 1 positive for 4 negatives, 3 % of
            labels flipped);
 folds:     the pixels of the polygons and blocks ImclassTrain -outval wrote, with their label
            and fold, as ImclassTrain draws them: every valid pixel of the class polygons, and at
            most 4 negatives per positive (-sampling.ratio), uniformly from the negative blocks;
            each fold is predicted by forests trained on the others (out-of-fold F1, times summed
            over the folds)."""
import os
import subprocess
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score

# The sample file format imclassForestRun reads and the best-threshold F1, as the forest test has them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test"))
from forest_check import best_f1, write_samples  # noqa: E402

TREES, DEPTH, MIN_SAMPLES = 100, 25, 5


def scikit_learn(jobs):
    def train(train_x, train_y, test_x, seed):
        # ImCLASS and OpenCV round the square root of the feature count, scikit-learn's "sqrt" truncates it.
        features = max(1, round(np.sqrt(train_x.shape[1])))
        forest = RandomForestClassifier(n_estimators=TREES, max_depth=DEPTH, min_samples_split=MIN_SAMPLES + 1, min_samples_leaf=1,
                                        max_features=features, bootstrap=True, n_jobs=jobs, random_state=seed)
        start, cpu = time.perf_counter(), time.process_time()  # scikit-learn's forest trains in threads of this process
        forest.fit(train_x, train_y)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        votes = np.mean([tree.predict(test_x) for tree in forest.estimators_], axis=0)
        return seconds, cpu, forest.predict(test_x), forest.predict_proba(test_x)[:, 1], votes
    return train


def runner(program, work, trainer, threads):
    def train(train_x, train_y, test_x, seed):
        train_path, test_path, votes_path = (os.path.join(work, name) for name in ("train.bin", "test.bin", "votes.txt"))
        write_samples(train_path, train_x, train_y)
        write_samples(test_path, test_x, np.zeros(len(test_x), np.int32))
        output = subprocess.run([program, trainer, train_path, test_path, votes_path, str(threads), str(TREES), str(DEPTH),
                                 str(MIN_SAMPLES), str(seed)], capture_output=True, text=True, check=True).stdout
        seconds = float(output.split("train_seconds")[1].split()[0])
        cpu = float(output.split("train_cpu_seconds")[1].split()[0])
        votes = np.loadtxt(votes_path, ndmin=1)
        return seconds, cpu, 2 * votes > TREES, votes / TREES, votes / TREES
    return train


def evaluate(train, splits, seed):
    """Wall and CPU seconds summed over the splits, F1 of the decisions, maximum F1 of the
    probability and of the fraction of trees voting for the class, pooled."""
    seconds, cpu, decisions, scores, votes, truth = 0.0, 0.0, [], [], [], []
    for train_x, train_y, test_x, test_y in splits:
        s, c, d, p, v = train(train_x, train_y, test_x, seed)
        seconds, cpu = seconds + s, cpu + c
        decisions.append(d)
        scores.append(p)
        votes.append(v)
        truth.append(test_y)
    truth = np.concatenate(truth)
    return (seconds, cpu, f1_score(truth, np.concatenate(decisions)), best_f1(truth, np.concatenate(scores)),
            best_f1(truth, np.concatenate(votes)))


def report(name, splits, program, work, threads, seeds):
    """splits: list of (train_x, train_y, test_x, test_y), predictions pooled over them; each
    trainer runs once per seed (scikit-learn with one job once: its forest is the one it trains
    with every core for the same seed). Times are means over the seeds."""
    print("\n%s; seeds %s" % (name, " ".join(map(str, seeds))))
    print("  %-24s %7s %8s %8s %6s %22s %22s" % ("trainer", "threads", "train_s", "cpu_s", "ratio", "F1 decision (min-max)",
                                                "F1 maximum (min-max)"))
    rows = []
    trainers = (("scikit-learn n_jobs=1", 1, scikit_learn(1), seeds[:1]),
                ("scikit-learn n_jobs=-1", os.cpu_count(), scikit_learn(-1), seeds),
                ("ImCLASS", threads, runner(program, work, "imclass", threads), seeds),
                ("OpenCV RTrees (before)", 1, runner(program, work, "opencv", 1), seeds))
    for label, used, train, runs in trainers[1:3] if os.environ.get("IMCLASS_BENCH_FOREST_PAIR") else trainers:
        results = np.array([evaluate(train, splits, seed) for seed in runs])
        rows.append((label, used, results))
    ours, theirs = (next(results for label, _, results in rows if label == name) for name in ("ImCLASS", "scikit-learn n_jobs=-1"))
    reference = theirs[:, 0].mean()
    spread = lambda values: "%.4f (%.4f-%.4f)" % (values.mean(), values.min(), values.max())
    for label, used, results in rows:
        f1 = ("%22s %22s" % ("as n_jobs=-1", "as n_jobs=-1") if len(results) < len(seeds)
              else "%22s %22s" % (spread(results[:, 2]), spread(results[:, 3])))
        print("  %-24s %7d %8.2f %8.2f %6.3f %s" % (label, used, results[:, 0].mean(), results[:, 1].mean(),
                                                    results[:, 0].mean() / reference, f1))
    # Each seed gives other forests to each trainer: the means differ by chance too, by about this
    # standard error (trainers' seeds are independent draws).
    # scikit-learn's probability averages its leaves' class frequencies; ImCLASS's is the fraction
    # of trees voting for the class (as OpenCV's): the same forests of scikit-learn scored so too.
    print("  %-24s %7s %8s %8s %6s %22s %22s" % ("scikit-learn, votes", "", "", "", "", "", spread(theirs[:, 4])))
    for against, column in (("probability", 3), ("votes", 4)):
        difference = ours[:, 3].mean() - theirs[:, column].mean()
        if len(seeds) > 1:
            error = np.sqrt(ours[:, 3].var(ddof=1) / len(seeds) + theirs[:, column].var(ddof=1) / len(seeds))
            print("  F1 maximum, ImCLASS - scikit-learn's %s: %+.4f, standard error of the difference %.4f over %d seeds" %
                  (against, difference, error, len(seeds)))
    sys.stdout.flush()


def synthetic(program, work, threads, seeds, sizes):
    for size in map(int, sizes):
        x, y = make_classification(n_samples=size + 10000, n_features=150, n_informative=20, n_redundant=20, n_clusters_per_class=4,
                                   weights=[0.8, 0.2], flip_y=0.03, class_sep=1.0, random_state=1)
        x = x.astype(np.float32)
        report("synthetic: %d training samples x 150 features (%d positive), 10000 held out" % (size, int(y[:size].sum())),
               [(x[:size], y[:size], x[size:], y[size:])], program, work, threads, seeds)


def folds(program, work, threads, seeds, stack, folds_path):
    from osgeo import gdal, ogr
    gdal.UseExceptions()
    dataset = gdal.Open(stack)
    x = dataset.ReadAsArray().reshape(dataset.RasterCount, -1).T.astype(np.float32)
    rasters = {}
    for name in ("label", "fold"):
        raster = gdal.GetDriverByName("MEM").Create("", dataset.RasterXSize, dataset.RasterYSize, 1, gdal.GDT_Int16)
        raster.SetGeoTransform(dataset.GetGeoTransform())
        raster.SetProjection(dataset.GetProjection())
        raster.GetRasterBand(1).Fill(-1)
        vector = ogr.Open(folds_path)
        gdal.RasterizeLayer(raster, [1], vector.GetLayer(0), options=["ATTRIBUTE=" + name])
        rasters[name] = raster.ReadAsArray().ravel()
    valid = (rasters["label"] >= 0) & np.all(x != -9999, axis=1) & np.all(np.isfinite(x), axis=1)
    negatives = np.flatnonzero(valid & (rasters["label"] == 0))
    surplus = len(negatives) - 4 * int(np.sum(valid & (rasters["label"] == 1)))
    if surplus > 0:
        valid[np.random.default_rng(1).choice(negatives, surplus, replace=False)] = False
    x, y, fold = x[valid], rasters["label"][valid], rasters["fold"][valid]
    splits = [(x[fold != k], y[fold != k], x[fold == k], y[fold == k]) for k in sorted(set(fold.tolist()))]
    report("%s: %d pixels x %d features (%d positive), ImclassTrain's %d folds, out-of-fold" % (os.path.basename(stack), len(y), x.shape[1],
                                                                                                int(y.sum()), len(splits)),
           splits, program, work, threads, seeds)


if __name__ == "__main__":
    program, work, threads, seeds, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), list(map(int, sys.argv[4].split())), sys.argv[5]
    os.makedirs(work, exist_ok=True)
    if mode == "synthetic":
        synthetic(program, work, threads, seeds, sys.argv[6:])
    else:
        folds(program, work, threads, seeds, *sys.argv[6:8])
