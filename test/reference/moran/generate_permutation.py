"""Permutation inference for global Moran's I as esda computes it, on the spdep fixture's data and weights.

esda is not packaged by Debian, so this script re-states esda's `Moran` permutation code (pysal/esda moran.py,
`Moran.__init__` and `Moran.__calc`) with numpy: `np.random.seed(seed)`, then for each permutation
`np.random.permutation(z)`, I_perm = n/S0 * (z_perm * W z_perm).sum() / (z*z).sum(); larger = (sim >= I).sum(),
folded to permutations - larger when smaller; p_sim = (larger + 1)/(permutations + 1); EI_sim = mean,
seI_sim = sim.std() (ddof 0), z_sim = (I - EI_sim)/seI_sim, p_z_sim = one-tailed normal p.

Run from the repository root (after generate.R):
  /usr/bin/python3 test/reference/moran/generate_permutation.py > test/reference/moran/china-gdppc-2019-permutation.json
Needs numpy and scipy (Debian python3-numpy, python3-scipy). Not run in CI.
"""
import json
import numpy as np
import scipy
from scipy import stats

fixture = json.load(open("test/reference/moran/china-gdppc-2019.json"))
ids = fixture["input"]["ids"]
y = np.array(fixture["input"]["y"], dtype=float)
n = len(ids)
index = {u: i for i, u in enumerate(ids)}
queen = fixture["expected"]["queen"]

# Queen contiguity with Hainan (460000) linked to Guangdong (440000), row-standardised (esda transformation "r").
nb = [list(v) for v in queen]
nb[index["460000"]].append("440000")
nb[index["440000"]].append("460000")
W = np.zeros((n, n))
for i, v in enumerate(nb):
    for u in v:
        W[i, index[u]] = 1.0
W = W / W.sum(axis=1, keepdims=True)
s0 = W.sum()

z = y - y.mean()
z2ss = (z * z).sum()
I = n / s0 * (z * (W @ z)).sum() / z2ss


def calc(zp):
    return n / s0 * (zp * (W @ zp)).sum() / z2ss


cases = []
for seed, permutations in ((1, 999), (12345, 999), (7, 99)):
    np.random.seed(seed)
    sim = np.array([calc(np.random.permutation(z)) for _ in range(permutations)])
    larger = int((sim >= I).sum())
    if permutations - larger < larger:
        larger = permutations - larger
    ei = sim.sum() / permutations
    se = sim.std()
    zs = (I - ei) / se
    pz = 1 - stats.norm.cdf(zs) if zs > 0 else stats.norm.cdf(zs)
    cases.append({"seed": seed, "permutations": permutations, "larger": larger,
                  "p_sim": (larger + 1.0) / (permutations + 1.0), "EI_sim": float(ei), "seI_sim": float(se),
                  "z_sim": float(zs), "p_z_sim": float(pz)})

print(json.dumps({
    "source": f"numpy {np.__version__}, scipy {scipy.__version__}: esda's Moran permutation procedure re-stated (esda not installed)",
    "generator": "/usr/bin/python3 test/reference/moran/generate_permutation.py > test/reference/moran/china-gdppc-2019-permutation.json",
    "tolerance": {"counts": 0, "statistics": 1e-12},
    "weights": "queen (spdep poly2nb, from china-gdppc-2019.json) + Hainan 460000 - Guangdong 440000, row-standardised",
    "input": {"ids": ids, "y": list(map(float, y))},
    "expected": {"I": float(I), "cases": cases},
}, indent=1))
