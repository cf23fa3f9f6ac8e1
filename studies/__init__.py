"""pitcheig.studies: reproducible studies, each an importable module with main().

* bench_solve -- timing of the adaptive solve against one global interval (issue 2).
"""
