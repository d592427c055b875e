"""The scale benchmark (`make bench`): not collected by pytest, run by tests/bench/run.py."""
