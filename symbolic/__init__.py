"""pitcheig.symbolic: sympy derivations of the Frobenius expansions of eq. (15)
at mu = +-1 (regular boundary data and an independent shooting solver).

Reserved for issue 3; the core solver needs nothing from it: regularity at
mu = +-1 is a natural condition of its weak form (see discretisation.py).
"""
