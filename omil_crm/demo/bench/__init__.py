"""The benchmark dataset (manage.py seed_bench): many offices shaped like the demo one."""
