"""Who may do what: the five roles and their menu, the «Equipo» page, password-reset links,
two-factor sign-in, the lock-out after failed sign-ins and the middleware of signed-in pages."""
