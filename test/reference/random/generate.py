"""Reference streams for src/math/random.ts from numpy's legacy MT19937 (RandomState).

Run: /usr/bin/python3 test/reference/random/generate.py > test/reference/random/numpy-mt19937.json
Needs numpy (Debian python3-numpy). Not run in CI.
"""
import json
import numpy as np

cases = []
for seed in (0, 1, 5489, 20240501, 4294967295):
    bg = np.random.MT19937()
    bg._legacy_seeding(seed)  # the same seeding as np.random.seed(seed) / RandomState(seed)
    raw = [int(v) for v in bg.random_raw(1250)]  # crosses two twists of the 624-word state
    uniform = [float(v) for v in np.random.RandomState(seed).random_sample(8)]
    rs = np.random.RandomState(seed)
    perms = {str(n): [int(v) for v in rs.permutation(n)] for n in (1, 2, 5, 31, 1000)}
    cases.append({"seed": seed, "uint32_first": raw[:10], "uint32_1240_1249": raw[1240:1250],
                  "uniform": uniform, "permutations_in_sequence": perms})
print(json.dumps({
    "source": f"numpy {np.__version__} legacy RandomState / MT19937._legacy_seeding",
    "generator": "/usr/bin/python3 test/reference/random/generate.py > test/reference/random/numpy-mt19937.json",
    "tolerance": 0,
    "cases": cases,
}, indent=1))
