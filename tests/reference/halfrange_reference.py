# ruff: noqa: E401, E501, E701, E702, E731, E741, F841
# Independent reference code written by a helper session that never read solver/; kept as it
# ran, since it is what produced halfrange_reference.json (python halfrange_reference.py writes
# reference.json in the working directory, about 7 minutes; copied here under that name).
"""
Independent reference solution of the half-range (two-way diffusion) problem

    (u + mu) f_z = d/dmu[ (1-mu^2) D(mu) f_mu ],  -1<mu<1, z>=0,
    f(0,mu) = f0(mu) for u+mu>0,  f bounded.

Method (no spectral elements / no Chebyshev-Galerkin):
 * Cell-centred conservative finite-volume discretisation in mu.  Faces are placed
   exactly at the break points  -1, -u, (1-b for case d), 1, so no cell straddles
   mu=-u and the D-kink sits on a face.  Inside each sub-interval [a,c] the faces are
   the image of a uniform s-grid under the smooth map
        mu = a + (c-a) g(s),  g(s) = s - beta sin(2 pi s)/(2 pi),  beta = 0.9,
   which clusters cells (10x) towards every break point (mu=-u, mu=+-1, peak edge).
   Cell centres are the images of the s-midpoints.  Counts per sub-interval are
   chosen ~ proportional to length and are doubled between levels, so successive grids
   are refinements of one fixed mapping (needed for Richardson extrapolation).
 * Semi-discrete system  W f' = -A f, with W_i = int_cell (u+mu) dmu (exact, so
   sum W = 2u and the discrete flux sum W f is exactly conserved) and
   A = Delta^T diag(t) Delta, t_j = p(face_j)/(c_{j+1}-c_j), p=(1-mu^2)D; p=0 at mu=+-1
   gives the regularity (no-flux) condition automatically.
 * Eigen-decomposition of the pencil A v = lambda W v:  with R = diag(sqrt t) Delta
   (A=R^T R) the nonzero eigenvalues are those of the symmetric tridiagonal
   H = R W^{-1} R^T (scipy eigh_tridiagonal, all pairs).  Pencil eigenvectors are
   recovered from the H eigenvectors w through Delta v = lambda w/sqrt(t) (cumulative
   sum) plus a constant fitted to v = W^{-1}R^T w with weights W^2.  All modes with
   lambda < 1e6 are then polished by shifted inverse iteration on the tridiagonal
   pencil (banded solves; gives ~1e-12 relative accuracy for the low eigenvalues).
 * Bounded solution: f = f_inf*1 + sum_{lambda>1} C v e^{-lambda z}.  The number of
   positive eigenvalues equals (#cells with u+mu>0) - 1 (checked), so collocating
   f0 at the cells with u+mu>0 gives a square dense system for (f_inf, C).
   (Jordan pair at lambda=0 for u=0, and the small negative eigenvalue for u>0,
   are excluded automatically by the lambda>1 selection.)
 * Point values at the requested mu are obtained by 6-point Lagrange interpolation
   in the mapping coordinate s inside a sub-interval (O(h^6), one-sided at ends).
 * Levels n = 200,...,6400 cells per unit length (N = 400..~14400 cells).
   Richardson: R1 = Q_h + (Q_h - Q_2h)/3 (p=2), then R2 from two R1's (p=4).
   Reported value = R2 (finest three levels); error estimate =
   max(|R2 - R1_finest|, |R2 - R2 from the previous three levels|, 1e-13).
   Observed order log2(d_{k-1}/d_k) of the two finest differences is stored.
"""
import numpy as np, scipy.linalg as sl, scipy.special as ss, json, time, sys
from scipy.optimize import brentq

J1Z = ss.jn_zeros(1, 1)[0]
EPS_D, A_D = 0.01, 0.01
B_D = J1Z**2*EPS_D/2
ZS = [0.02, 0.1, 0.5, 2.0]
MUS = [round(-1+0.1*k, 10) for k in range(21)]
BETA = 0.9

def D_one(mu): return np.ones_like(mu)
def D_peak(mu):
    w = (1-mu)/B_D
    F = np.zeros_like(mu)
    m = (w > 0) & (w <= 1)
    x = J1Z*np.sqrt(w[m])
    F[m] = (np.pi/2)*ss.j1(x)**2/(J1Z**2*w[m])
    F[w <= 0] = np.pi/8
    return 1+F/A_D

def gmap(s, beta): return s-beta*np.sin(2*np.pi*s)/(2*np.pi)

def make_grid(breaks, counts, beta):
    fa = [np.array([breaks[0]])]; cs = []
    for k in range(len(breaks)-1):
        a, b = breaks[k], breaks[k+1]; n = counts[k]
        s = np.arange(1, n+1)/n; sc = (np.arange(n)+0.5)/n
        x = a+(b-a)*gmap(s, beta); x[-1] = b
        fa.append(x); cs.append(a+(b-a)*gmap(sc, beta))
    return np.concatenate(fa), np.concatenate(cs)

def solve_case(u, Dfun, f0fun, breaks, counts, beta=BETA, lref=1e6):
    fa, c = make_grid(breaks, counts, beta)
    h = np.diff(fa); W = h*(u+0.5*(fa[1:]+fa[:-1]))
    fi = fa[1:-1]; t = (1-fi**2)*Dfun(fi)/np.diff(c)
    N = len(W); st = np.sqrt(t); iw = 1/W
    lam, w = sl.eigh_tridiagonal(t*(iw[:-1]+iw[1:]), -st[:-1]*st[1:]*iw[1:-1])
    keep = lam > 1.0
    lam = lam[keep]; w = w[:, keep]
    P = W > 0
    assert len(lam) == P.sum()-1, (len(lam), P.sum())
    # eigenvectors of the pencil
    v = np.empty((N, len(lam)))
    v[0] = 0; np.cumsum(lam[None, :]*w/st[:, None], axis=0, out=v[1:])
    Rtw = np.zeros((N, len(lam))); Rtw[1:] += st[:, None]*w; Rtw[:-1] -= st[:, None]*w
    Rtw /= W[:, None]
    wt = W**2
    v += ((wt[:, None]*(Rtw-v)).sum(0)/wt.sum())[None, :]
    del Rtw, w
    # inverse-iteration polish of the low modes
    diag = np.zeros(N); diag[:-1] += t; diag[1:] += t
    ab = np.zeros((3, N)); ab[0, 1:] = -t; ab[2, :-1] = -t
    for k in np.where(lam < lref)[0]:
        x = v[:, k]/np.linalg.norm(v[:, k]); l = lam[k]
        for it in range(3):
            ab[1] = diag-l*W
            try:
                y = sl.solve_banded((1, 1), ab, W*x)
            except np.linalg.LinAlgError:
                break   # shift is an exact eigenvalue to machine precision
            if not np.all(np.isfinite(y)): break
            x = y/np.linalg.norm(y)
            d = t*(x[:-1]-x[1:]); Ax = np.zeros(N); Ax[:-1] += d; Ax[1:] -= d
            l = (x@Ax)/(x@(W*x))
        lam[k] = l; v[:, k] = x
    v /= np.abs(v).max(0)[None, :]
    M = np.hstack([np.ones((P.sum(), 1)), v[P]])
    rhs = f0fun(c[P])
    sol = np.linalg.solve(M, rhs)
    res = np.abs(M@sol-rhs).max()
    # W-orthogonality check of the low modes to the constant
    return dict(u=u, fa=fa, c=c, W=W, lam=lam, v=v, C=sol[1:], finf=sol[0], res=res,
                breaks=breaks, counts=counts, beta=beta, f0=f0fun)

def interp(S, vals, targets, m=6):
    br, cn, beta = S['breaks'], S['counts'], S['beta']
    off = np.concatenate([[0], np.cumsum(cn)])
    out = np.zeros((len(targets),)+vals.shape[1:])
    for j, x in enumerate(targets):
        k = int(np.clip(np.searchsorted(br, x, side='right')-1, 0, len(br)-2))
        a, b = br[k], br[k+1]; n = cn[k]
        r = (x-a)/(b-a)
        st = brentq(lambda s: gmap(s, beta)-r, 0, 1, xtol=1e-15) if 0 < r < 1 else float(np.clip(r, 0, 1))
        sc = (np.arange(n)+0.5)/n
        i0 = int(np.clip(np.floor(st*n-m/2+0.5), 0, n-m)); idx = np.arange(i0, i0+m)
        sx = sc[idx]; L = np.ones(m)
        for p in range(m):
            for q in range(m):
                if q != p: L[p] *= (st-sx[q])/(sx[p]-sx[q])
        out[j] = np.tensordot(L, vals[off[k]+idx], axes=(0, 0))
    return out

def quantities(S):
    lam, v, C, finf, u = S['lam'], S['v'], S['C'], S['finf'], S['u']
    q = {'finf': np.array(finf), 'lam': lam[:3].copy(), 'flux_exact': np.array(2*u*finf)}
    q['A1'] = interp(S, C[0]*v[:, 0], [1.0, 0.5])
    F = []
    xg, wg = np.polynomial.legendre.leggauss(12)
    for z in ZS:
        fz = finf+v@(C*np.exp(-lam*z))
        F.append(interp(S, fz, MUS))
        if z == 0.1:
            q['flux_sum'] = np.array(S['W']@fz)
            tot = 0.0; br = S['breaks']
            for k in range(len(br)-1):
                e = np.linspace(br[k], br[k+1], 41)
                xx = (0.5*(e[:-1]+e[1:])[:, None]+0.5*np.diff(e)[:, None]*xg[None, :]).ravel()
                ww = (0.5*np.diff(e)[:, None]*wg[None, :]).ravel()
                tot += np.sum(ww*(u+xx)*interp(S, fz, xx))
            q['flux_quad'] = np.array(tot)
    q['f'] = np.array(F)
    # diagnostics at z=0 (outgoing side, mu<-u): f(0,mu) from the mode sum
    f0z = finf+v@C
    q['f_z0_out'] = interp(S, f0z, [-1.0, -0.5, -0.2-u, -0.05-u])
    return q

def richardson(Qs):
    Qs = [np.asarray(x, float) for x in Qs]
    d = [Qs[i+1]-Qs[i] for i in range(len(Qs)-1)]
    R1 = [Qs[i+1]+d[i]/3 for i in range(len(d))]
    R2 = [R1[i+1]+(R1[i+1]-R1[i])/15 for i in range(len(R1)-1)]
    val = R2[-1]
    err = np.maximum(np.abs(R2[-1]-R1[-1]), np.abs(R2[-1]-R2[-2]) if len(R2) > 1 else 0)
    err = np.maximum(err, 1e-13*np.maximum(1, np.abs(val)))
    with np.errstate(divide='ignore', invalid='ignore'):
        order = np.log2(np.abs(d[-2])/np.abs(d[-1]))
    return val, err, order, d[-1]

f_exp = lambda m: np.exp(-(1-m)/0.1)
f_one = lambda m: np.ones_like(m)
CASES = {
    'a': dict(u=0.0, D=D_one, f0=f_one, breaks=[-1, 0, 1], base=lambda n: [n, n]),
    'b': dict(u=0.05, D=D_one, f0=f_one, breaks=[-1, -0.05, 1], base=lambda n: [19*n//20, 21*n//20]),
    'c': dict(u=0.0, D=D_one, f0=f_exp, breaks=[-1, 0, 1], base=lambda n: [n, n]),
    'd': dict(u=0.0, D=D_peak, f0=f_one, breaks=[-1, 0, 1-B_D, 1], base=lambda n: [n, n, n//4]),
    # extra, non-trivial variants (not requested): f0 of case c with the b and d operators
    'b_exp': dict(u=0.05, D=D_one, f0=f_exp, breaks=[-1, -0.05, 1], base=lambda n: [19*n//20, 21*n//20]),
    'd_exp': dict(u=0.0, D=D_peak, f0=f_exp, breaks=[-1, 0, 1-B_D, 1], base=lambda n: [n, n, n//4]),
}
LEVELS = [200, 400, 800, 1600, 3200, 6400]

def run_case(name):
    cs = CASES[name]; qs = []; info = []
    for n in LEVELS:
        t0 = time.time()
        S = solve_case(cs['u'], cs['D'], cs['f0'], cs['breaks'], cs['base'](n))
        q = quantities(S); qs.append(q)
        info.append(dict(n=n, N=int(len(S['W'])), residual=float(S['res']), seconds=round(time.time()-t0, 1)))
        print(name, n, len(S['W']), '%.13f' % S['finf'], S['lam'][:3], q['A1'], '%.1fs' % (time.time()-t0), flush=True)
        del S
    out = {'u': cs['u'], 'f0': 'exp(-(1-mu)/0.1)' if cs['f0'] is f_exp else '1', 'levels': info}
    R = {k: richardson([q[k] for q in qs]) for k in qs[0]}
    out['f_inf'] = {'value': float(R['finf'][0]), 'error': float(R['finf'][1]), 'observed_order': float(R['finf'][2])}
    out['lambda'] = R['lam'][0].tolist(); out['lambda_error'] = R['lam'][1].tolist()
    out['lambda_observed_order'] = R['lam'][2].tolist()
    out['A1'] = {'1.0': float(R['A1'][0][0]), '0.5': float(R['A1'][0][1])}
    out['A1_error'] = {'1.0': float(R['A1'][1][0]), '0.5': float(R['A1'][1][1])}
    out['A1_observed_order'] = {'1.0': float(R['A1'][2][0]), '0.5': float(R['A1'][2][1])}
    out['z'] = ZS; out['mu'] = MUS
    out['f'] = R['f'][0].tolist(); out['f_error'] = R['f'][1].tolist()
    out['f_observed_order'] = R['f'][2].tolist()
    out['flux'] = {'2u_finf': float(R['flux_exact'][0]), '2u_finf_error': float(R['flux_exact'][1]),
                   'z0.1_discrete_sum_W_f': float(R['flux_sum'][0]),
                   'z0.1_gauss_quadrature_of_interpolant': float(R['flux_quad'][0]),
                   'z0.1_gauss_quadrature_error': float(R['flux_quad'][1]),
                   'z0.1_finest_grid_discrete_sum': float(qs[-1]['flux_sum'])}
    out['diag_f_z0_outgoing'] = {'mu': [-1.0, -0.5, -0.2-cs['u'], -0.05-cs['u']],
                                 'per_level': [q['f_z0_out'].tolist() for q in qs],
                                 'richardson': R['f_z0_out'][0].tolist(), 'observed_order': R['f_z0_out'][2].tolist()}
    out['raw_levels'] = {'finf': [float(q['finf']) for q in qs], 'lam': [q['lam'].tolist() for q in qs],
                         'A1': [q['A1'].tolist() for q in qs]}
    return out

if __name__ == '__main__':
    names = sys.argv[1:] or list(CASES)
    try:
        res = json.load(open('reference.json'))
    except Exception:
        res = {}
    res['method'] = __doc__.strip()
    res.setdefault('cases', {})
    for nm in names:
        res['cases'][nm] = run_case(nm)
        json.dump(res, open('reference.json', 'w'), indent=1)
