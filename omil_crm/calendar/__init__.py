"""Each person's calendar feed (.ics) of visits, follow-ups and meetings, and its private link."""
