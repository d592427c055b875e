"""What Celery beat does for the office: each person's daily digest, follow-ups for companies
left without contact, and the record and page of every periodic job's last run."""
