"""The reference for Tests/EvaluateTests/SklearnCrossCheckTests.swift.

Reads a melshard predictions.json (Evaluate's `Predictions`) and prints, as JSON, what
scikit-learn computes from it: top-1 and top-k accuracy, the confusion matrix and per-class
precision, recall and F1 (zero_division=0) for single-label predictions; per-label and
micro/macro ROC-AUC, average precision and F1 at a threshold for multi-label ones.

    python3 sklearn_metrics.py predictions.json K THRESHOLD
"""

import json
import sys

import numpy as np
from sklearn import metrics


def main():
    path, k, threshold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with open(path) as f:
        p = json.load(f)
    logits = np.array([c["logits"] for c in p["clips"]], dtype=np.float64)
    n_classes = len(p["classes"])
    out = {}
    if not p["multi_label"]:
        y = np.array([c["label"] for c in p["clips"]])
        labels = list(range(n_classes))
        pred = logits.argmax(axis=1)  # the first of equal maxima, as torch.argmax
        out["top_1"] = metrics.accuracy_score(y, pred)
        out["top_k"] = metrics.top_k_accuracy_score(y, logits, k=k, labels=labels)
        out["confusion"] = metrics.confusion_matrix(y, pred, labels=labels).tolist()
        prec, rec, f1, support = metrics.precision_recall_fscore_support(
            y, pred, labels=labels, zero_division=0)
        out["precision"], out["recall"], out["f1"] = prec.tolist(), rec.tolist(), f1.tolist()
        out["support"] = support.tolist()
        out["macro_f1"] = metrics.f1_score(y, pred, labels=labels, average="macro", zero_division=0)
    else:
        y = np.array([c["labels"] for c in p["clips"]], dtype=int)
        prob = 1 / (1 + np.exp(-logits))
        hard = (prob >= threshold).astype(int)
        out["roc_auc"] = [metrics.roc_auc_score(y[:, j], logits[:, j]) for j in range(n_classes)]
        out["average_precision"] = [
            metrics.average_precision_score(y[:, j], logits[:, j]) for j in range(n_classes)]
        out["f1"] = metrics.f1_score(y, hard, average=None, zero_division=0).tolist()
        out["micro_roc_auc"] = metrics.roc_auc_score(y, logits, average="micro")
        out["macro_roc_auc"] = metrics.roc_auc_score(y, logits, average="macro")
        out["micro_average_precision"] = metrics.average_precision_score(y, logits, average="micro")
        out["macro_average_precision"] = metrics.average_precision_score(y, logits, average="macro")
        out["micro_f1"] = metrics.f1_score(y, hard, average="micro", zero_division=0)
        out["macro_f1"] = metrics.f1_score(y, hard, average="macro", zero_division=0)
    import sklearn
    out["versions"] = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
