"""An independent Python reading of CURSUS-TODAY sections 4 and 8 (the dependency resolver's score and the
compiler's binding), for cross-checking the TypeScript resolver. Uses semantic_reference.py for the
SemanticMatcher score (itself checked against difflib). Written from the text, not copied from Cursus.

Reads JSON lines on stdin, one case each:
  {"consumer": [dep, ...], "providers": [{"node", "step_type", "outputs": [out, ...]}, ...]}
with dep = {name, type, required, compatible_sources, semantic_keywords, data_type} and
out = {name, type, aliases, data_type}. Writes one JSON line per case:
  {"scores": [[dep, node, output, score], ...], "bindings": {dep: [node, output, score]}}
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from semantic_reference import score as similarity  # noqa: E402

ACCEPTS = {
    "training_data": {"processing_output", "training_data"},
    "processing_output": {"processing_output", "training_data"},
    "hyperparameters": {"hyperparameters", "custom_property"},
    "payload_samples": {"payload_samples", "processing_output"},
    "model_artifacts": {"model_artifacts"},
    "custom_property": {"custom_property"},
}
DATA_COMPAT = {("S3Uri", "String"), ("String", "S3Uri"), ("Integer", "Float"), ("Float", "Integer")}
LEGACY = {"MIMSPackaging": "Package", "MIMSPayload": "Payload", "ModelRegistration": "Registration",
          "PytorchTraining": "PyTorchTraining", "PytorchModel": "PyTorchModel"}


def canon(step):
    for suffix in ("_Training", "_Testing", "_Validation", "_Calibration"):
        if step.endswith(suffix):
            step = step[: -len(suffix)]
            break
    if step.endswith("Step") and len(step) > 4:
        step = step[:-4]
    return LEGACY.get(step, step)


def compat(dep, out, step_type):
    total = 0.0
    if dep["type"] == out["type"]:
        total += 0.4
    elif out["type"] in ACCEPTS.get(dep["type"], set()):
        total += 0.2
    else:
        return 0.0
    if dep["data_type"] == out["data_type"]:
        total += 0.2
    elif (dep["data_type"], out["data_type"]) in DATA_COMPAT:
        total += 0.1
    best = similarity(dep["name"], out["name"])
    for alias in out["aliases"]:
        s = similarity(dep["name"], alias)
        if s > best:
            best = s
    total += best * 0.25
    if dep["name"] == out["name"] or dep["name"] in out["aliases"]:
        total += 0.05
    if dep["compatible_sources"]:
        listed = {canon(s) for s in dep["compatible_sources"]}
        total += 0.1 if canon(step_type) in listed else -0.1
    if dep["semantic_keywords"]:
        low = out["name"].lower()
        hits = sum(1 for k in dep["semantic_keywords"] if k.lower() in low)
        total += hits / len(dep["semantic_keywords"]) * 0.05
    return min(total, 1.0)


def bind_greedy(consumer, providers):
    scores = []
    grouped = {}
    for p in providers:
        for dep in consumer:
            for out in p["outputs"]:
                s = compat(dep, out, p["step_type"])
                scores.append([dep["name"], p["node"], out["name"], s])
                if s > 0.5:
                    grouped.setdefault(dep["name"], []).append((dep["name"], dep["required"], s, p["node"], out["name"]))
    flat = [c for cands in grouped.values() for c in cands]
    flat.sort(key=lambda c: (0 if c[1] else 1, -c[2]))
    chosen, taken = {}, set()
    for name, _required, s, node, out in flat:
        if name in chosen or (node, out) in taken:
            continue
        chosen[name] = [node, out, s]
        taken.add((node, out))
    return scores, chosen


for line in sys.stdin:
    case = json.loads(line)
    scores, chosen = bind_greedy(case["consumer"], case["providers"])
    print(json.dumps({"scores": scores, "bindings": chosen}))
