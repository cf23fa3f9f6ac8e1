# ruff: noqa: E401, E501, E701, E702, E731, E741, F841
# Independent reference code written by a helper session that never read solver/; kept as it
# ran, since it is what produced halfrange_reference.json (regenerate: python halfrange_reference.py).
# It was written beside halfrange_reference.py under the name reference.py; the import below
# is the only change, so that it runs in this tree: python tests/reference/halfrange_shoot.py
# (about a minute), printing the eigenvalues quoted in halfrange_reference.json
# ("independent_eigenvalue_check").
# independent check of eigenvalues by shooting (Frobenius start at mu=+-1, match at interior point)
import sys, pathlib
import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq
sys.path.insert(0, str(pathlib.Path(__file__).parent))
import halfrange_reference as R
def make(u,Dfun):
    def p(m): return (1-m*m)*Dfun(np.array([m]))[0]
    def rhs(m,y,lam):  # y=[Psi, p Psi']
        return [y[1]/p(m), -lam*(u+m)*y[0]]
    def mis(lam,mm=-0.3):
        d=1e-7
        # near mu=1: (p Psi')' = -lam(u+mu)Psi  => p Psi' ~ -lam(u+1)(mu-1)Psi  => flux ~ lam(u+1)(1-mu)
        D1=Dfun(np.array([1.0]))[0]; Dm=Dfun(np.array([-1.0]))[0]
        yR=[1.0, lam*(u+1)*d]            # p Psi' at 1-d = int_{1-d}^1 lam(u+m)Psi
        yL=[1.0, -lam*(u-1)*d]
        sR=solve_ivp(rhs,[1-d,mm],yR,args=(lam,),rtol=1e-12,atol=1e-14,method='DOP853')
        sL=solve_ivp(rhs,[-1+d,mm],yL,args=(lam,),rtol=1e-12,atol=1e-14,method='DOP853')
        a=sR.y[:,-1]; b=sL.y[:,-1]
        return a[0]*b[1]-a[1]*b[0]
    return mis
for nm,u,Df,guess in [('a',0.0,R.D_one,[14.528,42.0485,83.3045]),('b',0.05,R.D_one,[12.981,37.711,74.776]),('d',0.0,R.D_peak,[15.4644,49.6600,107.249])]:
    mis=make(u,Df)
    out=[]
    for g in guess:
        out.append(brentq(mis,g*0.995,g*1.005,xtol=1e-13))
    print(nm,['%.9f'%x for x in out],flush=True)
