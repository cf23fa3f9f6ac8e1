"""pitcheig.studies: reproducible studies, each an importable module with main().

* bench_solve -- timing of the adaptive solve against one global interval (issue 2);
* delta_lambda -- eq. (34) against the exact eigenvalue shift (first piece of issue 4);
* claims -- the paper's closed-form numbers recomputed (first rows of the cross-check table).
"""
