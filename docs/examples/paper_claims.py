r"""
The paper's claims, section 3: computed numbers and computed verdicts
=====================================================================

Section 3 of Malkov et al. (2010) builds the scattering coefficient from first
principles: the resonant sum of eqs. (4)-(5), its limits (6), (8) and (10), the
constants :math:`S_1'` (eqs. 9-10) and :math:`\zeta(9/2)` (eq. 6), and the peak model
of eqs. (24)-(26) as eq. (10) continued to :math:`y = j_1`.  This example recomputes
them as ``pitcheig reproduce`` does (``pitcheig.studies.claims`` and
``pitcheig.studies.first_principles``), builds the rows of the report's table with
``pitcheig.studies.referee.section3_rows`` and prints each claim with the paper's
number, the computed one, the verdict and the rule that produced it.  No verdict is
typed: each is the output of the rule applied to the numbers (see the user guide,
"The paper's claims and the report's verdicts").

:Parameters: the paper's: delta = 1e-4, eps = 2.1e-3 for eq. (6) where the paper states it.
:Run time: about 15-25 s (the oscillatory quadratures and Bessel sums).
:Run: ``python docs/examples/paper_claims.py [FIGURE.png]``
"""

import sys


def main(path=None):
    """Compute the section-3 rows; draw computed/paper for the quoted numbers (saved to
    ``path`` and closed if given, left open for the gallery otherwise); return the rows."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from pitcheig.studies import claims, first_principles
    from pitcheig.studies.referee import section3_rows

    rows = section3_rows(claims.results(), first_principles.results())

    # %%
    # The table: one claim per row, the verdict and the rule that gave it.
    for r in rows:
        print(f"[{r['verdict']:>9}] {r['claim']}\n            paper {r['paper']:.6g}, computed {r['value']:.10g}"
              f"\n            rule: {r['rule']}; {r['why']}")
    disagree = sum(not r["holds"] for r in rows)
    print(f"{disagree} of {len(rows)} section-3 claims disagree")

    # %%
    # Quoted numbers (the paper's number is not zero): computed / paper, coloured by verdict.
    quoted = [r for r in rows if r["paper"] != 0]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(quoted) + 1.5))
    ratios = [r["value"] / r["paper"] for r in quoted]
    colours = ["tab:green" if r["holds"] else "tab:red" for r in quoted]
    ax.barh(range(len(quoted)), ratios, color=colours)
    ax.set_yticks(range(len(quoted)), [r["claim"][:60] for r in quoted], fontsize=7)
    ax.axvline(1.0, color="0.3", lw=0.8)
    ax.set_xlabel("computed / paper (green: agrees by its rule, red: disagrees)")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return rows


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else (None if "sphinx_gallery" in sys.modules else "paper_claims.png"))
