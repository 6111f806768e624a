"""An independent Python reading of DESIGN.md section 5, using Python's own difflib, for cross-checking the
TypeScript matcher. Reads JSON lines [a, b] on stdin and writes JSON lines {ratio, score} on stdout.
Written from the design text, not copied from Cursus."""

import difflib
import json
import re
import sys

GROUPS = [
    {"model", "artifact", "trained", "output"},
    {"data", "dataset", "input", "processed", "training"},
    {"config", "configuration", "params", "parameters", "hyperparameters", "settings"},
    {"payload", "sample", "test", "inference", "example"},
    {"output", "result", "artifact", "generated", "produced"},
    {"training", "train", "fit", "learn"},
    {"preprocessing", "preprocess", "processed", "clean", "transform"},
]
EXPAND = {"config": "configuration", "params": "parameters", "hyperparams": "hyperparameters",
          "preprocess": "preprocessing", "eval": "evaluation", "reg": "registration",
          "pkg": "package", "packaged": "package"}
STOP = {"the", "a", "an", "and", "or", "but", "in", "on", "at", "to", "for", "of", "with", "by"}


def norm(name):
    s = re.sub(r"[^a-z0-9\s]", "", re.sub(r"[_\-\.]", " ", name.lower()))
    return " ".join(w for w in (EXPAND.get(w, w) for w in s.split()) if w not in STOP)


def score(a, b):
    if not a or not b:
        return 0.0
    n1, n2 = norm(a), norm(b)
    if n1 == n2:
        return 1.0
    ratio = difflib.SequenceMatcher(None, n1, n2).ratio()
    w1, w2 = set(n1.split()), set(n2.split())
    jaccard = len(w1 & w2) / len(w1 | w2) if w1 and w2 else 0.0
    total, pairs = 0.0, 0
    for x in w1:
        for y in w2:
            pairs += 1
            if x == y:
                total += 1
            elif any(x in g and y in g for g in GROUPS):
                total += 0.8
    synonym = total / pairs if pairs else 0.0
    if n1 in n2 or n2 in n1:
        sub = min(len(n1), len(n2)) / max(len(n1), len(n2))
    else:
        sub = 0.0
        for x in n1.split():
            for y in n2.split():
                if len(x) >= 3 and len(y) >= 3 and (x in y or y in x):
                    sub = max(sub, min(len(x), len(y)) / max(len(x), len(y)))
    parts = [(ratio, 0.3), (jaccard, 0.25), (synonym, 0.25), (sub, 0.2)]
    return sum(s * w for s, w in parts)


if __name__ == "__main__":
    for line in sys.stdin:
        a, b = json.loads(line)
        print(json.dumps({"ratio": difflib.SequenceMatcher(None, a, b).ratio(), "score": score(a, b)}))
