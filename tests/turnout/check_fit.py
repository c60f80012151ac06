#!/usr/bin/env python3
"""Independent check of jelly's turnout model fit (src/turnout/model.rs).

Runs the Rust test `export_a_history_for_the_independent_check`, which
writes a generated history (person, km, came) and jelly's own fit to a JSON
file, then fits the same penalised logistic model with statsmodels:

    maximise  loglik(a + u[person] + b * km / 10)  -  sum(u^2) / (2 * sigma2)

with sigma2 the person-effect variance jelly estimated (exported). The
reference is statsmodels' penalised maximum likelihood: a GLM (binomial,
logit link) with its PenalizedMixin and an L2 penalty, whose log-likelihood
is  loglik - pen_weight * sum(w_j * params_j^2)  (scale 1 for the
binomial). With pen_weight = 1, w = 0 for the intercept and the slope and
1 / (2 * sigma2) for each person's dummy, that is exactly the objective
above, maximised by statsmodels' own Newton solver.

(statsmodels' elastic net with L1_wt = 0 and alpha_j = 1 / (n * sigma2)
states the same objective, but its coordinate descent stalls at ~2e-3 from
the optimum here: the intercept and the person dummies are collinear.)

Exits 1 when an intercept, slope or person effect differs by 1e-3 or more.
Usage: python3 tests/turnout/check_fit.py (from the repository root).
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import statsmodels.api as sm
from statsmodels.base._penalized import PenalizedMixin
from statsmodels.base._penalties import L2

TOLERANCE = 1e-3


class PenalizedGLM(PenalizedMixin, sm.GLM):
    """A GLM whose log-likelihood carries a penalty."""


def export(path):
    env = dict(os.environ, JELLY_TURNOUT_EXPORT=path)
    subprocess.run(
        [
            "cargo", "test", "--quiet", "--lib", "--",
            "--ignored", "--exact",
            "turnout::model::tests::export_a_history_for_the_independent_check",
        ],
        check=True,
        env=env,
    )
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        doc = export(os.path.join(tmp, "history.json"))
    people = doc["people"]
    rows = doc["observations"]
    fit = doc["fit"]
    n = len(rows)
    y = np.array([1.0 if r["came"] else 0.0 for r in rows])
    X = np.zeros((n, 2 + people))
    X[:, 0] = 1.0
    for i, r in enumerate(rows):
        X[i, 1] = r["km"] / 10.0
        X[i, 2 + r["person"]] = 1.0
    sigma2 = fit["person_variance"]
    weights = np.concatenate([[0.0, 0.0], np.full(people, 1.0 / (2.0 * sigma2))])
    model = PenalizedGLM(
        y, X, family=sm.families.Binomial(), penal=L2(weights=weights), pen_weight=1.0
    )
    result = model.fit(method="newton", maxiter=200, tol=1e-12, disp=False)
    params = np.asarray(result.params)
    ours = np.concatenate([[fit["intercept"], fit["per_10_km"]], fit["person_effects"]])
    names = ["intercept", "per_10_km"] + [f"person {k}" for k in range(people)]

    def objective(p):
        eta = X @ p
        loglik = np.sum(y * eta - np.logaddexp(0.0, eta))
        return loglik - np.sum(p[2:] ** 2) / (2.0 * sigma2)

    print(f"{n} observations, {people} people, person variance {sigma2:.6f}")
    print(f"penalised log-likelihood: jelly {objective(ours):.9f}, statsmodels {objective(params):.9f}")
    print(f"intercept: jelly {ours[0]:.6f}, statsmodels {params[0]:.6f}")
    print(f"per 10 km: jelly {ours[1]:.6f}, statsmodels {params[1]:.6f}")
    worst = int(np.argmax(np.abs(ours - params)))
    diff = float(np.abs(ours - params)[worst])
    print(f"largest difference: {diff:.2e} ({names[worst]})")
    if not np.all(np.abs(ours - params) < TOLERANCE):
        print(f"FAIL: jelly and statsmodels disagree by {diff:.2e} >= {TOLERANCE}", file=sys.stderr)
        return 1
    print(f"OK: every coefficient agrees to {TOLERANCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
