"""pitcheig.symbolic: sympy derivations of the Frobenius expansions of eq. (15)
at mu = +-1, and an independent series-based eigen-solver built on them (issue 3).

* frobenius -- the derivation (indicial roots, regular and log recurrences for
  general u, lam and Taylor data d_k of D, closed forms generalising eqs. 31-32)
  and ``generate()``, which writes ``_recurrence.py`` (checked in, do not edit);
* taylor -- exact Taylor data of the flat and peak models at the ends;
* shoot -- eigenvalues from the regular series at both ends, continued by Taylor
  steps across the peak and matched at mu = 0, in double or arbitrary precision
  (flat and peak models; ``pitcheig eigs --method shoot [--digits N]``).

The core solver needs nothing from here: regularity at mu = +-1 is a natural
condition of its weak form (see pitcheig.discretisation).
"""
