"""pitcheig.studies: reproducible studies, each an importable module with main().

* reproduce -- the main job (`pitcheig reproduce`): runs the studies below and writes
  report.md, claims.csv/.md, results.json and the figures;
* referee, verdicts -- the report's rows, each built from a study's numbers by a stated rule;
* claims -- the paper's closed-form numbers and the flat problem (Legendre truncation, WKB);
* first_principles -- the exact D_mumu of eqs. (4)-(5) against eqs. (6), (10), r, and the
  eigenvalue with the first-principles model;
* eigenfunctions -- mu_1, eqs. (31)-(33), (35)-(36) on computed eigenfunctions, Fig. 2;
* delta_lambda -- eq. (34) against the exact eigenvalue shift (a first look; asymptotics fits it);
* asymptotics -- the paper's matched-asymptotic solution (eqs. 17-34) as code, against exact eigenpairs;
* sustainability -- sections 4.4-6: eqs. (38)-(48) and the physical numbers (astropy);
* report_figures -- D(mu), the excess in degrees, convergence against the shooting reference;
* beam_formation -- the half-range problem (eqs. 12-16): convergence, eqs. (35)-(36) on
  the transported f, the sign rule of section 4.3;
* bench_solve -- timing of the adaptive solve against one global interval;
* profile_solve -- where the time of one solve goes (assembly, eigen-solve, resolution tests, ...);
* bench_sweep -- solves per second and executor overhead of pitcheig sweep.
"""

import argparse
import os


def output_directory(doc, argv):
    """Parse ``[--out DIR]`` for a study's main() (creating DIR); None when not given."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", default=None, help="directory for figures (none when omitted)")
    out = parser.parse_args(argv).out
    if out:
        os.makedirs(out, exist_ok=True)
    return out


def print_results(res):
    """Print a study's results dict one key per line (the main() of the number-only studies)."""
    for key, value in res.items():
        print(f"{key}: {value}")
    return res


def half_width(t, feature):
    """The first distance t at which |feature| falls below half its value at t[0] (both
    arrays over t ascending): the half-width of a feature at the end of the range.
    Raises ValueError when it never does, rather than returning t[0] (argmax of an
    all-False mask)."""
    import numpy as np

    below = np.abs(np.asarray(feature)) < 0.5 * abs(feature[0])
    if not np.any(below):
        raise ValueError(f"the feature never falls to half its value at t = {t[0]:.3g} within "
                         f"t <= {t[-1]:.3g}: no half-width (widen the range)")
    return float(np.asarray(t)[np.argmax(below)])
