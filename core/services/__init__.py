"""Services of the system itself (not of the domain), and what every app's services share: see each module."""
