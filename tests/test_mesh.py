"""Mesh construction and refinement."""

from fractions import Fraction

import numpy as np
import pytest

from pitcheig import Flat, Peak
from pitcheig.mesh import GRADING_RATIO, MAX_DEGREE, Mesh, grading_points, piece_points, split_point
from pitcheig.models import Grading


def test_grading_is_geometric_and_stops_short_of_limit():
    points = grading_points(Grading(origin=1.0, first=1e-6, limit=0.0))
    distances = 1.0 - np.asarray(points)
    assert distances[0] == pytest.approx(1e-6, rel=1e-12)
    assert np.allclose(distances[1:] / distances[:-1], GRADING_RATIO, rtol=1e-12)
    assert distances[-1] < 1.0 and 1.0 - distances[-1] >= 0.5 * (distances[-1] - distances[-2])


def test_initial_mesh_contains_model_breakpoints_and_layer():
    model = Peak(1e-4, 1e-6, "both")
    mesh = Mesh.initial(model)
    for x in model.breakpoints:
        assert np.min(np.abs(mesh.breakpoints - x)) == 0.0
    edge = 1 - model.peak_width
    assert np.min(np.abs(mesh.breakpoints - (edge + model.layer_width))) < 1e-16
    assert mesh.breakpoints[0] == -1.0 and mesh.breakpoints[-1] == 1.0
    assert np.all(np.diff(mesh.breakpoints) > 0)
    # pieces grow like log(1/eps): the flat model needs one
    assert Mesh.initial(Flat()).pieces == 1


def test_refine_nests_the_space():
    mesh = Mesh.initial(Peak(1e-3, 1e-4))
    targets = [None] * mesh.pieces
    richer = int(mesh.degrees[0]) + 10
    targets[0], targets[1] = richer, MAX_DEGREE + 10   # p-refine one piece, split another
    new = mesh.refine(targets)
    assert set(mesh.breakpoints) <= set(new.breakpoints)
    assert new.pieces == mesh.pieces + 1 and new.degrees[0] == richer


def test_split_point_is_geometric_toward_the_feature():
    g = Grading(origin=1.0, first=1e-3, limit=0.0)
    x = split_point(0.5, 1.0 - 1e-3, (g,))
    assert 1.0 - x == pytest.approx(0.5 / GRADING_RATIO, rel=1e-12)
    assert split_point(-0.5, 0.5, ()) == 0.0    # no facing feature: bisect


def test_piece_points_end_distances_are_exact_to_rounding():
    left, right = 1 - 7.3e-8, 1 - 7.2e-8
    xi = np.array([-1.0, -0.3, 0.4, 1.0])
    _, _, t_plus = piece_points(left, right, xi)
    for x, t in zip(xi, t_plus):
        exact = (1 - Fraction(right)) + (Fraction(right) - Fraction(left)) / 2 * (1 - Fraction(x))
        assert float(exact) == pytest.approx(t, rel=1e-15)


def test_initial_degree_is_capped_for_many_pieces():
    """40 on a model's few pieces; ~INITIAL_DOFS / pieces when there are many, never below 12."""
    from pitcheig.mesh import INITIAL_DEGREE, INITIAL_DOFS, MIN_INITIAL_DEGREE, initial_degree
    assert initial_degree(9) == INITIAL_DEGREE == 40
    assert initial_degree(60) == INITIAL_DOFS // 60 < INITIAL_DEGREE
    assert initial_degree(10_000) == MIN_INITIAL_DEGREE == 12
    assert set(Mesh.initial(Peak(1e-3, 1e-4)).degrees) == {40}
