"""Verdict rules: how the report judges a claim of the paper (issue 14).

No verdict is typed in: every one is the output of a rule below applied to
computed numbers, and the rule is printed beside it.

* A **quoted number** agrees when it lies within the accuracy the paper's own
  words claim (:class:`Accuracy`): "≈ 14.54" (four significant digits) allows
  half a unit in the last digit; "~ 1e-3" is an order of magnitude (a factor
  √10 either way); "with a 5 % accuracy" allows 5 %; "≃ 2" one digit.
* An **asymptotic formula** holds when its error vanishes in the stated limit
  at the order the theory predicts (:func:`vanishes`): log|error| is fitted
  against log x on the points given, and the fitted order must be within a
  stated tolerance of the predicted one, with the error falling toward the
  limit.  When the theory predicts a form with coefficients,
  :func:`coefficients` fits that form and compares each coefficient.
* A **sign rule** holds when every measured sign is the predicted one
  (:func:`signs`); an inequality by :func:`bound`.
* A disagreement is **traced** to a cause when substituting the candidate
  cause's value makes the paper's number agree by the same rule
  (:func:`traced`); a claim that inherits an earlier slip is marked with that
  slip's cause, and the report counts each root cause once.
"""

import math
from dataclasses import dataclass, field

import numpy as np

#: "an order of magnitude": within this factor either way
ORDER_OF_MAGNITUDE = math.sqrt(10.0)


@dataclass(frozen=True)
class Accuracy:
    """The accuracy a quoted number claims, from the paper's words.

    kind is "digits" (n significant digits: half a unit in the last one),
    "relative" (|value/paper - 1| <= amount), "factor" (within a factor
    amount either way) or "absolute" (|value - paper| <= amount)."""

    kind: str
    amount: float
    words: str

    def allowed(self, paper):
        """(lower, upper) bounds that agree with ``paper``."""
        if self.kind == "digits":
            half = 0.5 * 10.0 ** (math.floor(math.log10(abs(paper))) - int(self.amount) + 1)
            return paper - half, paper + half
        if self.kind == "relative":
            return tuple(sorted((paper * (1 - self.amount), paper * (1 + self.amount))))
        if self.kind == "factor":
            return tuple(sorted((paper / self.amount, paper * self.amount)))
        if self.kind == "absolute":
            return paper - self.amount, paper + self.amount
        raise ValueError(f"unknown accuracy kind {self.kind!r}")

    def describe(self, paper):
        lo, hi = self.allowed(paper)
        return f"{self.words}: [{lo:.6g}, {hi:.6g}]"


def digits(n, words=None):
    """The paper quotes n significant digits ("≈", "≃" with a number)."""
    return Accuracy("digits", n, words or f"{n} significant digit{'s' if n > 1 else ''} quoted")


def order_of_magnitude(words="'~': an order of magnitude (factor sqrt(10))"):
    return Accuracy("factor", ORDER_OF_MAGNITUDE, words)


def relative(amount, words=None):
    return Accuracy("relative", amount, words or f"within {100 * amount:g} %")


def within_factor(amount, words):
    return Accuracy("factor", amount, words)


@dataclass(frozen=True)
class Verdict:
    """The outcome of a rule: whether the claim holds, a sentence made from the
    numbers, and the rule that was applied."""

    holds: bool
    text: str
    rule: str
    fit: dict = field(default_factory=dict)

    @property
    def word(self):
        return "agrees" if self.holds else "DISAGREES"


def quoted(value, paper, accuracy):
    """A number the paper quotes, judged at the accuracy its words claim."""
    lo, hi = accuracy.allowed(paper)
    holds = bool(lo <= value <= hi)
    rel = abs(value / paper - 1.0) if paper else float("inf")
    where = "inside" if holds else "outside"
    return Verdict(holds, f"{value:.6g} is {where} {accuracy.describe(paper)} (rel. diff {rel:.2e})",
                   f"quoted number, {accuracy.words}")


def every_quoted(values, paper, accuracy):
    """Several numbers, one claim: holds when every value lies within ``accuracy`` of ``paper``."""
    values = [float(v) for v in values]
    lo, hi = accuracy.allowed(paper)
    holds = all(lo <= v <= hi for v in values)
    return Verdict(holds, f"values {min(values):.4g} to {max(values):.4g} {'inside' if holds else 'not inside'} "
                   f"{accuracy.describe(paper)}", f"every value, {accuracy.words}")


def power_fit(x, err):
    """Least squares log|err| = log C + p log x: returns (C, p, max relative misfit)."""
    x, err = np.asarray(x, dtype=float), np.abs(np.asarray(err, dtype=float))
    p, log_c = np.polyfit(np.log(x), np.log(err), 1)
    misfit = float(np.max(np.abs(np.exp(log_c) * x**p / err - 1.0)))
    return float(np.exp(log_c)), float(p), misfit


def vanishes(x, err, predicted, tolerance, limit="0", name="x", at_least=False):
    """An asymptotic claim: err -> 0 as x -> ``limit`` ("0" or "inf") at order
    ``predicted`` (err ~ C x^predicted).  Holds when the fitted order is within
    ``tolerance`` of the prediction (or, with ``at_least``, no more than
    ``tolerance`` below it in the direction of the limit) and |err| at the point
    nearest the limit is the smallest."""
    x, err = np.asarray(x, dtype=float), np.abs(np.asarray(err, dtype=float))
    c, p, misfit = power_fit(x, err)
    nearest = int(np.argmin(x) if limit == "0" else np.argmax(x))
    falls = bool(err[nearest] <= np.min(err) * (1 + 1e-12))
    if at_least:
        good = p >= predicted - tolerance if limit == "0" else p <= predicted + tolerance
    else:
        good = abs(p - predicted) <= tolerance
    holds = bool(good and falls)
    text = (f"|error| ~ {c:.3g} {name}^{p:.3f} over {name} in [{x.min():.3g}, {x.max():.3g}] "
            f"({x.size} points, max misfit {100 * misfit:.0f} %); predicted order {predicted:g}")
    if not falls:
        text += "; the error does not fall toward the limit"
    how = f"at least {predicted:g} - {tolerance:g}" if at_least else f"within {tolerance:g} of {predicted:g}"
    return Verdict(holds, text, f"asymptotic: fitted order {how} and the error smallest nearest {name} -> {limit}",
                   {"C": c, "order": p, "misfit": misfit, "range": [float(x.min()), float(x.max())]})


def coefficients(columns, y, names, derived, tolerance):
    """Fit y = sum_k c_k columns[k] by least squares and compare each c_k with its
    derived value (relative ``tolerance``; a derived value of None is fitted only).
    Holds when every derived coefficient is matched."""
    a = np.column_stack([np.asarray(c, dtype=float) for c in columns])
    y = np.asarray(y, dtype=float)
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    residual = float(np.max(np.abs(a @ coef - y)))
    parts, holds = [], True
    for name, c, d in zip(names, coef, derived):
        if d is None:
            parts.append(f"{name} = {c:.4g} (fitted)")
            continue
        ok = abs(c / d - 1.0) <= tolerance
        holds &= ok
        parts.append(f"{name} = {c:.4g} vs derived {d:.4g}" + ("" if ok else " (differs)"))
    return Verdict(bool(holds), "; ".join(parts) + f"; max residual {residual:.2e}",
                   f"fitted form, each derived coefficient within {100 * tolerance:g} %",
                   {"coefficients": dict(zip(names, map(float, coef))), "residual": residual})


def matches(fitted, derived, tolerance, what):
    """Coefficients fitted elsewhere (a dict) against derived ones (a dict with the
    same keys): holds when each is within relative ``tolerance``."""
    parts, holds = [], True
    for key, d in derived.items():
        ok = abs(fitted[key] / d - 1.0) <= tolerance
        holds &= ok
        parts.append(f"{key} = {fitted[key]:.4g} vs derived {d:.4g}" + ("" if ok else " (differs)"))
    return Verdict(bool(holds), "; ".join(parts), f"{what}: each derived coefficient within "
                   f"{100 * tolerance:g} % of the fitted one", {"fitted": dict(fitted), "derived": dict(derived)})


def signs(measured, predicted, labels):
    """A sign rule: every measured value has the predicted sign (+1 or -1)."""
    got = [int(np.sign(v)) for v in measured]
    want = list(predicted) if np.ndim(predicted) else [int(predicted)] * len(got)
    holds = got == want
    text = ", ".join(f"{lab}: {v:+.3g}" for lab, v in zip(labels, measured))
    return Verdict(bool(holds), text + ("" if holds else f" (predicted signs {want})"),
                   "sign rule: every measured sign is the predicted one")


def bound(value, lower=None, upper=None, words=""):
    """An inequality claim: lower <= value <= upper (either may be None)."""
    holds = (lower is None or value >= lower) and (upper is None or value <= upper)
    lim = " and ".join(s for s in ((f">= {lower:.3g}" if lower is not None else ""),
                                   (f"<= {upper:.3g}" if upper is not None else "")) if s)
    return Verdict(bool(holds), f"{value:.4g} ({'' if holds else 'not '}{lim})",
                   f"inequality {lim}" + (f" ({words})" if words else ""))


def traced(candidate, paper, accuracy, cause):
    """Whether a candidate explanation reproduces the paper's number: the
    candidate value (e.g. the number computed with a truncation the paper
    mentions) agrees with the paper at the paper's own accuracy."""
    v = quoted(candidate, paper, accuracy)
    return {"cause": cause, "candidate": float(candidate), "reproduces": v.holds, "text": v.text}
