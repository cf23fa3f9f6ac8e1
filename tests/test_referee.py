"""The report's verdicts follow the numbers (issue 14): for every study, changing one
computed input changes the verdict of the claim that reads it, and every row's
verdict is the output of a rule (never a typed string).

The studies run once per module (real results); each test mutates a deep copy."""

import copy

import pytest

from pitcheig.studies import referee as R


@pytest.fixture(scope="module")
def parts():
    from pitcheig.studies import (asymptotics, beam_formation, claims, eigenfunctions, finite_correlation,
                                  first_principles, sustainability)
    return {"claims": claims.results(), "first_principles": first_principles.results(),
            "finite_correlation": finite_correlation.results(),
            "eigenfunctions": eigenfunctions.results(), "asymptotics": asymptotics.results(),
            "propagation": beam_formation.results(), "sustainability": sustainability.results()}


def rows_of(parts):
    from pitcheig.studies.reproduce import all_rows
    return all_rows(parts)


def find(rows, start):
    hits = [r for r in rows if r["claim"].startswith(start)]
    assert len(hits) == 1, (start, [r["claim"] for r in hits])
    return hits[0]


def flipped(parts, start, mutate):
    """(verdict before, verdict after) of the row whose claim starts with ``start``
    when ``mutate`` changes a deep copy of the results."""
    before = find(rows_of(parts), start)["holds"]
    changed = copy.deepcopy(parts)
    mutate(changed)
    return before, find(rows_of(changed), start)["holds"]


def test_every_verdict_comes_from_a_rule(parts):
    rows = rows_of(parts)
    assert len(rows) > 50
    for r in rows:
        assert r["verdict"] == ("agrees" if r["holds"] else "DISAGREES")
        assert r["rule"] and r["why"]
        assert (r["cause"] is None) == r["holds"]


def test_lambda_1_is_traced_to_the_six_legendre_truncation(parts):
    """The paper's 14.54 is the six-polynomial value 14.5357 rounded; the exact one is
    14.5280.  Each root cause counts once: lambda_1, 'six suffice' and eq. 36's 53.4 share it."""
    rows = rows_of(parts)
    lam = find(rows, "eq. 17: lambda_1")
    assert not lam["holds"] and lam["cause"] == "legendre6"
    causes = R.root_causes(rows)
    assert len(causes["legendre6"]) == 3


def test_claims_study_mutations(parts):
    assert flipped(parts, "eq. 17: lambda_1", lambda p: p["claims"]["flat_lambda"].__setitem__(0, 14.541)) \
        == (False, True)

    def untrace(p):
        p["claims"]["legendre6_lambda"][0] = 14.528
    rows = rows_of(copy.deepcopy(parts))
    changed = copy.deepcopy(parts)
    untrace(changed)
    assert find(rows, "eq. 17: lambda_1")["cause"] == "legendre6"
    assert find(rows_of(changed), "eq. 17: lambda_1")["cause"].startswith("untraced")


def test_first_principles_study_mutations(parts):
    def shrink(p):
        p["first_principles"]["eq6_paper_eps"]["rel_error"] = [
            0.01 * e for e in p["first_principles"]["eq6_paper_eps"]["rel_error"]]
    assert flipped(parts, "eq. 6 where the paper states it", shrink) == (False, True)

    def other_c2(p):
        y = p["first_principles"]["eq10_y"]
        p["first_principles"]["eq10_err_r0"] = [-0.4 * x**2 for x in y]
    assert flipped(parts, "eq. 10 (r = 0)", other_c2) == (True, False)


def test_finite_correlation_study_mutations(parts):
    def consistent(p):
        for r in p["finite_correlation"]["delta_limit"]:
            r["printed"] = r["derived"]
    assert flipped(parts, "eq. 7 as printed reproduces eq. 4", consistent) == (False, True)

    def more_n(p):
        for r in p["finite_correlation"]["bessel_sum"]:
            r["share_n_ge_2"] = 0.08
    assert flipped(parts, "after eq. 8: the terms n = +-1", more_n) == (True, False)


def test_the_eq7_cache_check_sees_a_changed_table(parts):
    """The cached eq. 7 tables are recomputed at two entries in every run; a cache whose
    numbers differ from the code's is reported (and reproduce exits 3)."""
    from pitcheig.studies import finite_correlation as fc
    cache = copy.deepcopy(parts["finite_correlation"])
    assert fc.verify_cache(cache)["agrees"]
    for r in cache["delta_limit"]:
        r["derived"] *= 1 + 1e-6
    assert not fc.verify_cache(cache)["agrees"]


def test_eigenfunction_study_mutations(parts):
    assert flipped(parts, "eq. 21: the zero mu_1", lambda p: p["eigenfunctions"].__setitem__("mu_1", 0.9)) \
        == (True, False)

    def no_log(p):
        for r in p["eigenfunctions"]["beam_sequence"]:
            r["deficit"] = r["eq36"] * (1 - 7.0 * r["b"])       # the b term only: c1 fitted ~0
    assert flipped(parts, "eq. 36 holds to the order", no_log) == (True, False)


def test_asymptotics_study_mutations(parts):
    def with_log(p):
        p["asymptotics"]["flat"]["laurent_residue_at_mu1"] = 0.1 * p["asymptotics"]["flat"]["double_pole_A"]
    assert flipped(parts, "eq. 21: principal value", with_log) == (False, True)
    assert flipped(parts, "eq. 34: delta lambda =",
                   lambda p: p["asymptotics"]["dlam"]["semi"].__setitem__("c_b", 12.0)) == (True, False)


def test_propagation_study_mutations(parts):
    def far(p):
        for r in p["propagation"]["sign_rule"]:
            r["mu_c_star"] += 0.1
    assert flipped(parts, "sec. 4.3: a bump needs", far) == (True, False)

    def hole(p):
        p["propagation"]["named_sources"]["forward"] = abs(p["propagation"]["named_sources"]["forward"])
    assert flipped(parts, "sec. 4.3: a beam collimated", hole) == (True, False)


def test_sustainability_study_mutations(parts):
    assert flipped(parts, "eq. 40: threshold F_th = delta F_C/(q_c - 2) (q_c = 4.6)",
                   lambda p: p["sustainability"]["threshold_ratio"].__setitem__("4.6", 1.01)) == (True, False)

    def doubled(p):
        bi = p["sustainability"]["beam_integral"][0]
        bi["measured"]["W=1"] = bi["paper"]
    assert flipped(parts, "eq. 41: int beam dmu = lambda_1 b^2/2 F0 [eps = 0.0021", doubled) == (False, True)


def test_certification_reads_converged(parts):
    from pitcheig.studies.reproduce import certification
    full = dict(parts, convergence={"eps": 1e-3, "graded": {"converged": True}},
                beam_physical_units={"converged": True})
    assert all(ok for _, ok in certification(full))
    broken = copy.deepcopy(full)
    broken["eigenfunctions"]["beam_physical"]["converged"] = False
    assert [what for what, ok in certification(broken) if not ok] == \
        ["eigenfunction beam_physical (eps 0.0021, a 0.00012)"]
