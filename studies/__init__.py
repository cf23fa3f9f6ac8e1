"""pitcheig.studies: reproducible studies, each an importable module with main().

* reproduce -- the main job (`pitcheig reproduce`): runs the studies below and writes
  report.md, claims.csv/.md, results.json and the figures;
* claims -- the paper's closed-form numbers recomputed (rows of the cross-check table);
* first_principles -- the exact D_mumu of eqs. (4)-(5) against eqs. (6), (10), r, and the
  eigenvalue with the first-principles model;
* eigenfunctions -- mu_1, eqs. (31)-(33), (35)-(36) on computed eigenfunctions, Fig. 2;
* delta_lambda -- eq. (34) against the exact eigenvalue shift;
* bench_solve -- timing of the adaptive solve against one global interval.
"""
