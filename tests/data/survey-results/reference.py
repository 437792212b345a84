#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The figures of `hak-survey results` (SPEC 5.4, 5.5) on this directory's
fixture, computed independently of hakjibon: Python's standard library only
(csv, statistics, math).  The answers are read from the CSV files here and
turned into values by this script's own rules; Student's t quantile is found
by bisection on the closed-form t CDF for integer degrees of freedom
(Abramowitz and Stegun 26.7.3 and 26.7.4), the Wilson interval written out
from its formula with z = 1.96.

  reference.py expect [--by B] [--question Q] [--compare OTHER]
               [--min-group N]          print the expected results csv
  reference.py check EXPECTED GOT       compare two results csv files: the
                                        same rows and cells, numbers to 1e-9
  reference.py verify LIST              each line of LIST is "GOT ARGS...":
                                        compare GOT with expect ARGS; print
                                        "pass GOT" or "fail GOT" and why
  reference.py table EXPECTED GOT       the (all) rows of EXPECTED (csv) in
                                        GOT (-f table): one decimal, shares
                                        as percentages
"""
import csv
import math
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLS = ("survey,question,group,group_name,respondents,n,mean,sd,ci95_low,"
        "ci95_high,score100,top2,dist,response_rate").split(",")
COMPARE = ("n_other,mean_other,score100_other,top2_other,delta_mean,"
           "delta_score100,delta_top2").split(",")

SAT5 = ["매우 불만족", "불만족", "보통", "만족", "매우 만족"]
AGREE5 = ["전혀 그렇지 않다", "그렇지 않다", "보통이다", "그렇다", "매우 그렇다"]
EASE7 = ["매우 어려움", "어려움", "약간 어려움", "보통", "약간 쉬움", "쉬움",
         "매우 쉬움"]
SAT4 = ["불만족", "약간 불만족", "약간 만족", "만족"]
YES, NO = ["예", "네"], ["아니오", "아니요"]
LEVELS = ["kindergarten", "elementary", "middle", "high", "special", "other"]
LEVEL_KO = dict(zip(LEVELS, ["유치원", "초등학교", "중학교", "고등학교",
                             "특수학교", "기타"]))

# question id: (column, kind, labels, na labels, reverse)
SURVEYS = {
    "res-a": {
        "file": "res-a.csv", "population": 120,
        "questions": [
            ("overall", "전반적 만족도", "scale", SAT5, ["해당 없음"], False),
            ("burden", "업무 부담이 크다", "scale", AGREE5, [], True),
            ("workload_reduced", "행정업무 경감", "yesno", None, [], False),
            ("time_gained", "수업 시간 확보", "yesno", None, [], False),
            ("ease", "신청 절차", "scale", EASE7, ["모름"], False),
        ]},
    "res-b": {
        "file": "res-b.csv", "population": None,
        "questions": [
            ("overall", "전반적 만족도", "scale", SAT5, ["해당 없음"], False),
            ("burden", "업무 부담이 크다", "scale", AGREE5, [], True),
            ("workload_reduced", "행정업무 경감", "yesno", None, [], False),
            ("extra", "추가 문항", "scale", SAT5, ["해당 없음"], False),
        ]},
    "res-c": {
        "file": None, "population": None,
        "questions": [
            ("overall", "전반적 만족도", "scale", SAT4, [], False),
        ]},
}
ROLES = {"교사": "teacher", "담임교사": "teacher", "teacher": "teacher",
         "교장": "principal", "교감": "principal", "principal": "principal"}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def nospace(s):
    return "".join(s.split())


def answer(cell, kind, labels, na):
    """('v', value) | ('na',) | ('missing',)"""
    c = nospace(cell)
    if c == "":
        return ("missing",)
    if kind == "yesno":
        if c in YES:
            return ("v", 1)
        if c in NO:
            return ("v", 0)
        raise ValueError("bad yes/no %r" % cell)
    if c in [nospace(x) for x in labels]:
        return ("v", [nospace(x) for x in labels].index(c) + 1)
    if c in [nospace(x) for x in na]:
        return ("na",)
    if c in CIRCLED:
        return ("v", CIRCLED.index(c) + 1)
    if c.endswith("점"):
        c = c[:-1]
    if c.endswith(".0"):
        c = c[:-2]
    if c.isdigit() and 1 <= int(c) <= len(labels):
        return ("v", int(c))
    raise ValueError("bad answer %r" % cell)


def schools():
    out = {}
    with open(os.path.join(HERE, "schools.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[r["code"]] = r
    return out


def school_of(cell, reg):
    """SPEC 4, as far as the fixture needs: a code, a name, or a name
    shortened to 초/중/고."""
    if cell == "":
        return None
    for code, r in reg.items():
        if cell in (code, r["name"]):
            return code
    for short, full in (("초", "초등학교"), ("중", "중학교"), ("고", "고등학교")):
        if cell.endswith(short):
            for code, r in reg.items():
                if r["name"] == cell[:-1] + full:
                    return code
    return None


def responses(code, reg):
    s = SURVEYS[code]
    out = []
    with open(os.path.join(HERE, s["file"]), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            school = school_of(r["학교명"], reg)
            resp = {
                "school": school,
                "level": reg[school]["level"] or None if school else None,
                "district": reg[school]["district"] or None if school
                else None,
                "role": ROLES.get(r["직위"]) if r["직위"] else None,
                "subject": r["과목"] or None,
                "answers": {},
            }
            for q in s["questions"]:
                resp["answers"][q[0]] = answer(r[q[1]], q[2], q[3], q[4])
            out.append(resp)
    return out


def t_cdf(t, df):
    """P(T <= t) for integer df (A&S 26.7.3, 26.7.4)."""
    th = math.atan(t / math.sqrt(df))
    c, s = math.cos(th), math.sin(th)
    if df % 2 == 1:
        total, term = 0.0, c
        if df > 1:
            total = term
            for k in range(3, df, 2):
                term *= (k - 1) / k * c * c
                total += term
        a = 2 / math.pi * (th + s * total)
    else:
        total, term = 1.0, 1.0
        for k in range(2, df, 2):
            term *= (k - 1) / k * c * c
            total += term
        a = s * total
    return 0.5 + a / 2


# Student's t, two-sided 95%, as printed in textbook tables (3 decimals):
# the bisection below must reproduce them.
T_TABLE = {1: 12.706, 2: 4.303, 3: 3.182, 5: 2.571, 10: 2.228, 20: 2.086,
           30: 2.042, 60: 2.000, 120: 1.980}


def t_quantile(p, df):
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def wilson(k, n, z=1.96):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n
                                           + z * z / (4 * n * n))
    return centre - half, centre + half


def figures(q, group):
    """The cells mean..dist of question q over the responses of group."""
    qid, _, kind, labels, _, reverse = q
    vals = [r["answers"][qid][1] for r in group
            if r["answers"][qid][0] == "v"]
    f = dict.fromkeys(["mean", "sd", "ci95_low", "ci95_high", "score100",
                       "top2", "dist"])
    f["n"] = len(vals)
    if kind == "yesno":
        yes = vals.count(1)
        f["dist"] = "%d;%d" % (yes, len(vals) - yes)
        if vals:
            f["mean"] = yes / len(vals)
            f["score100"] = 100 * f["mean"]
            f["ci95_low"], f["ci95_high"] = wilson(yes, len(vals))
        return f
    points = len(labels)
    if reverse:
        vals = [points + 1 - v for v in vals]
    f["dist"] = ";".join(str(vals.count(p)) for p in range(1, points + 1))
    if not vals:
        return f
    f["mean"] = statistics.mean(vals)
    f["score100"] = (f["mean"] - 1) / (points - 1) * 100
    f["top2"] = sum(1 for v in vals if v >= points - 1) / len(vals)
    if len(vals) >= 2:
        f["sd"] = statistics.stdev(vals)
        half = t_quantile(0.975, len(vals) - 1) * f["sd"] / math.sqrt(
            len(vals))
        f["ci95_low"], f["ci95_high"] = f["mean"] - half, f["mean"] + half
    return f


def grouped(resps, by, reg):
    """[(group, group_name, responses)]: (all), the groups, (missing)."""
    out = [("(all)", None, resps)]
    if not by:
        return out
    keys = {}
    for r in resps:
        keys.setdefault(r[by], []).append(r)
    present = [k for k in keys if k is not None]
    if by == "level":
        present.sort(key=LEVELS.index)
    else:
        present.sort()
    for k in present:
        name = None
        if by == "school":
            name = reg[k]["name"]
        elif by == "level":
            name = LEVEL_KO[k]
        elif by == "role":
            name = {"teacher": "교사", "principal": "교장"}[k]
        out.append((k, name, keys[k]))
    if None in keys:
        out.append(("(missing)", None, keys[None]))
    return out


def expect(args, out=None):
    for df, t in T_TABLE.items():
        if abs(t_quantile(0.975, df) - t) > 0.0005:
            sys.exit("reference.py: t(0.975, %d) is not %s" % (df, t))
    by = question = other = None
    min_group = 5
    i = 0
    while i < len(args):
        if args[i] == "--by":
            by = args[i + 1]
        elif args[i] == "--question":
            question = args[i + 1]
        elif args[i] == "--compare":
            other = args[i + 1]
        elif args[i] == "--min-group":
            min_group = int(args[i + 1])
        else:
            sys.exit("reference.py: unknown argument " + args[i])
        i += 2
    reg = schools()
    code = "res-a"
    resps = responses(code, reg)
    groups = grouped(resps, by, reg)
    ogroups = {}
    if other:
        for g, _, rs in grouped(responses(other, reg), by, reg):
            ogroups[g] = rs
    oq = {q[0]: q for q in SURVEYS[other]["questions"]} if other else {}
    w = csv.writer(out or sys.stdout, lineterminator="\n")
    w.writerow(COLS + (COMPARE if other else []))
    for q in SURVEYS[code]["questions"]:
        if question and q[0] != question:
            continue
        for gi, (g, name, rs) in enumerate(groups):
            f = figures(q, rs)
            hidden = gi > 0 and len(rs) < min_group
            row = {"survey": code, "question": q[0], "group": g,
                   "group_name": name, "respondents": len(rs), "n": f["n"]}
            if not hidden:
                row.update({k: f[k] for k in ("mean", "sd", "ci95_low",
                            "ci95_high", "score100", "top2", "dist")})
                if gi == 0 and SURVEYS[code]["population"]:
                    row["response_rate"] = len(rs) / \
                        SURVEYS[code]["population"]
            if other and q[0] in oq and g in ogroups:
                orows = ogroups[g]
                of = figures(oq[q[0]], orows)
                row["n_other"] = of["n"]
                if not hidden and not (gi > 0 and len(orows) < min_group):
                    row["mean_other"] = of["mean"]
                    row["score100_other"] = of["score100"]
                    row["top2_other"] = of["top2"]
                    for k in ("mean", "score100", "top2"):
                        if f[k] is not None and of[k] is not None:
                            row["delta_" + k] = f[k] - of[k]
            w.writerow(["" if row.get(c) is None else repr(row[c])
                        if isinstance(row[c], float) else row[c]
                        for c in COLS + (COMPARE if other else [])])


def table(expected, got):
    """The (all) rows of the table: the non-empty cells, in order."""
    shares = {"top2", "response_rate"}
    with open(expected, encoding="utf-8") as f:
        want = list(csv.DictReader(f))
    with open(got, encoding="utf-8") as f:
        lines = [line.split() for line in f]
    bad = 0
    for r in want:
        if r["group"] != "(all)":
            continue
        yesno = r["top2"] == "" and r["dist"].count(";") == 1
        toks = []
        for c in COLS:
            v = r[c]
            if v == "" or c in ("group_name",):
                continue
            if c in ("survey", "question", "group", "respondents", "n",
                     "dist"):
                toks.append(v)
                continue
            x = float(v)
            if c in shares or (yesno and c in ("mean", "ci95_low",
                                                "ci95_high")):
                x *= 100
            toks.append("%.1f" % x)
        if toks not in lines:
            bad += 1
            print("# no table line %s" % " ".join(toks))
    return 1 if bad else 0


def verify(listfile):
    import io
    bad = 0
    with open(listfile, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            buf = io.StringIO()
            expect(words[1:], buf)
            fails = check(buf.getvalue(), words[0])
            print("%s %s" % ("fail" if fails else "pass", words[0]))
            bad += fails
    return 1 if bad else 0


def check(expected, got):
    if "\n" in expected:
        want = list(csv.reader(expected.splitlines()))
    else:
        with open(expected, encoding="utf-8") as f:
            want = list(csv.reader(f))
    with open(got, encoding="utf-8") as f:
        have = list(csv.reader(f))
    bad = 0
    if len(want) != len(have):
        print("# rows: want %d, got %d" % (len(want), len(have)))
        bad += 1
    if want and have and want[0] != have[0]:
        print("# header: want %s, got %s" % (want[0], have[0]))
        return 1
    cells = 0
    for i, (a, b) in enumerate(zip(want, have)):
        if len(a) != len(b):
            print("# row %d: want %d cells, got %d" % (i + 1, len(a), len(b)))
            bad += 1
            continue
        for col, x, y in zip(want[0], a, b):
            cells += 1
            same = x == y
            if not same and i > 0 and x and y and col not in (
                    "group", "group_name", "dist", "question", "survey"):
                try:
                    same = abs(float(x) - float(y)) <= 1e-9 * max(
                        1.0, abs(float(x)))
                except ValueError:
                    same = False
            if not same:
                bad += 1
                if bad <= 10:
                    print("# row %d %s: want %r, got %r" % (i + 1, col, x, y))
    print("# %d cells compared, %d differ" % (cells, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "expect":
        expect(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "verify":
        sys.exit(verify(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "table":
        sys.exit(table(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
