"""The field day: the day's route on foot and a brief for each visit (printable for the day).

It reads companies, requests, vacancies and meetings, so it sits with the dashboard on top.
"""
