# pytest loads this for every test under python/. The tests and the benchmark
# import the one copy of the seed article's functions, seed_article.py, from
# this directory: pytest's default import mode already puts it on sys.path
# when it loads this file; the line below keeps that true under
# --import-mode=importlib too.
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.append(_here)
