#!/usr/bin/env python3
"""Reference ensembles: scikit-learn's counterparts of Modelbench's ensemble
methods, on the same datasets and the same row splits, so bench/ensembles.ts
can put both side by side in one run.

Needs Debian's python3-sklearn (apt-get install -y python3-sklearn), run by
/usr/bin/python3. Input: --splits FILE, JSON written by the TypeScript bench:
  {"datasets": {"digits": {"csv": "/path/digits.csv",
                           "splits": [{"seed": 0, "train": [...], "val": [...], "test": [...]}]}}}
Row indices count data rows of the CSV (header excluded); the label is the
last column. Every model trains on the train rows only (validation rows are
where Modelbench selects and stops; scikit-learn's methods do their own
internal splitting), and is scored on the val and test rows.

Members are MLPClassifier(hidden=(H,), adam, max_iter=E) behind a
StandardScaler (Modelbench's 'standardize' recipe), N of them with seeds
derived from the split seed. For each (dataset, seed, method) it prints one
JSON line:
  {"dataset": "digits", "seed": 0, "method": "stacking", "val_accuracy": 0.97,
   "test_accuracy": 0.96, "fit_seconds": 12.3}
and for "members" also each member's accuracies (best and mean member).

Methods: members, voting (soft VotingClassifier), bagging
(BaggingClassifier(MLP), bootstrap rows), stacking (StackingClassifier with
the MLP members, LogisticRegression on predict_proba, StratifiedKFold(5)),
adaboost (AdaBoostClassifier SAMME with its default depth-1 trees:
MLPClassifier takes no sample weights, so no MLP-based AdaBoost exists here).

Diverse members (--diverse FILE: a JSON list of {"name", "hidden": [units...],
"activation": "relu"|"tanh"|"sigmoid", "lr"}, bench/ensembles-diverse.ts):
diverse-members, diverse-voting and diverse-stacking use one MLPClassifier per
entry (sigmoid is scikit-learn's 'logistic'), the rest as above.
"""
import argparse
import csv
import json
import time
import warnings

import numpy as np
from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier, StackingClassifier, VotingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

METHODS = ['members', 'voting', 'bagging', 'stacking', 'adaboost', 'diverse-members', 'diverse-voting', 'diverse-stacking']
ACTIVATIONS = {'relu': 'relu', 'tanh': 'tanh', 'sigmoid': 'logistic'}


def read_csv(path):
    with open(path, newline='') as f:
        rows = list(csv.reader(f))[1:]
    x = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float64)
    labels = [r[-1] for r in rows]
    classes = sorted(set(labels))
    y = np.array([classes.index(v) for v in labels])
    return x, y


def mlp(seed, a, hidden=None, activation='relu', lr=None):
    return make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=tuple(hidden or [a.hidden]), activation=activation, max_iter=a.epochs,
                                                         learning_rate_init=lr or a.lr, batch_size=a.batch, random_state=seed))


def members(seed, a, configs=None):
    """N copies of one MLP with their own seeds, or one MLP per diverse config."""
    if configs:
        return [('mlp%d' % i, mlp(seed * 1000 + i, a, c['hidden'], ACTIVATIONS[c['activation']], c['lr'])) for i, c in enumerate(configs)]
    return [('mlp%d' % i, mlp(seed * 1000 + i, a)) for i in range(a.members)]


def build(method, seed, a, configs=None):
    if method == 'voting':
        return VotingClassifier(members(seed, a, configs), voting='soft')
    if method == 'bagging':
        return BaggingClassifier(estimator=mlp(seed * 1000, a), n_estimators=a.members, random_state=seed)
    if method == 'stacking':
        return StackingClassifier(members(seed, a, configs), final_estimator=LogisticRegression(max_iter=1000),
                                  cv=StratifiedKFold(a.folds, shuffle=True, random_state=seed), stack_method='predict_proba')
    if method == 'adaboost':
        return AdaBoostClassifier(n_estimators=a.boost_stages, algorithm='SAMME', random_state=seed)
    raise SystemExit('unknown method ' + method)


def accuracy(model, x, y):
    return round(float((model.predict(x) == y).mean()), 6)


def run(name, x, y, split, method, a):
    seed = split['seed']
    tr, va, te = (np.array(split[k], dtype=np.int64) for k in ('train', 'val', 'test'))
    line = {'dataset': name, 'seed': seed, 'method': method}
    configs = None
    if method.startswith('diverse-'):
        if not a.diverse_members:
            raise SystemExit(method + ' needs --diverse FILE')
        method, configs = method[len('diverse-'):], a.diverse_members
    start = time.perf_counter()
    if method == 'members':
        fitted = [m.fit(x[tr], y[tr]) for _, m in members(seed, a, configs)]
        line['fit_seconds'] = round(time.perf_counter() - start, 3)
        line['val_accuracy'] = [accuracy(m, x[va], y[va]) for m in fitted]
        line['test_accuracy'] = [accuracy(m, x[te], y[te]) for m in fitted]
    else:
        model = build(method, seed, a, configs).fit(x[tr], y[tr])
        line['fit_seconds'] = round(time.perf_counter() - start, 3)
        line['val_accuracy'] = accuracy(model, x[va], y[va])
        line['test_accuracy'] = accuracy(model, x[te], y[te])
    print(json.dumps(line), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--splits', required=True)
    p.add_argument('--methods', default=','.join(METHODS))
    p.add_argument('--members', type=int, default=5)
    p.add_argument('--hidden', type=int, default=32)
    p.add_argument('--epochs', type=int, default=200)
    p.add_argument('--lr', type=float, default=0.001)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--folds', type=int, default=5)
    p.add_argument('--boost-stages', type=int, default=50)
    p.add_argument('--diverse', help='JSON list of member configs for the diverse-* methods')
    a = p.parse_args()
    a.diverse_members = None
    if a.diverse:
        with open(a.diverse) as f:
            a.diverse_members = json.load(f)
    warnings.filterwarnings('ignore', category=ConvergenceWarning)
    with open(a.splits) as f:
        spec = json.load(f)
    for name, d in spec['datasets'].items():
        x, y = read_csv(d['csv'])
        for split in d['splits']:
            for method in a.methods.split(','):
                run(name, x, y, split, method, a)


if __name__ == '__main__':
    main()
