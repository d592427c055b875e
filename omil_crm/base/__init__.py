"""The ground every app stands on: working days and periods, notifications and the outbox of
reminder emails, the queue, the cache, form, filter, export and calendar-file helpers.

Nothing here imports an app of the office (companies, requests, vacancies, meetings)."""
