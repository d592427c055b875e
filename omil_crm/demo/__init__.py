"""The demo office of `make run` (manage.py seed_demo) and the benchmark dataset of a hundred
offices (manage.py seed_bench). Never imported by the running app."""
