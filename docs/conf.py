"""Sphinx configuration of the pitcheig documentation (issue 16).

Build (from the repository root, after ``pip install ".[docs]"``):

    python -m sphinx -W --keep-going -b html docs docs/_build/html

``-W`` turns every warning into an error: the docs build clean or not at all.
"""

project = "pitcheig"
author = "The pitcheig developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.mathjax", "numpydoc"]
numpydoc_show_class_members = False
autodoc_typehints = "none"
exclude_patterns = ["_build"]
html_theme = "alabaster"
