"""Staff accounts: the «Equipo» page, password-reset links and two-factor sign-in."""
