"""Sphinx configuration of the pitcheig documentation (issue 16).

Build (from the repository root, after ``pip install ".[docs]"``):

    python -m sphinx -W --keep-going -b html docs docs/_build/html

``-W`` turns every warning into an error: the docs build clean or not at all.  The
gallery (sphinx-gallery) runs every script of ``docs/examples`` and renders it, with
its output and figures, to ``docs/gallery``, each downloadable as a script and as a
Jupyter notebook; ``-D plot_gallery=0`` renders them without running them (the test
suite runs them itself, tests/test_examples.py).
"""

project = "pitcheig"
author = "The pitcheig developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.mathjax", "numpydoc", "sphinx_gallery.gen_gallery"]
numpydoc_show_class_members = False
autodoc_typehints = "none"
exclude_patterns = ["_build", "examples"]
html_theme = "alabaster"

sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "gallery",
    "filename_pattern": r".*\.py$",        # run every example, not only plot_*.py
    "download_all_examples": True,
    "write_computation_times": False,    # no generated sg_execution_times.rst in the source tree
}
