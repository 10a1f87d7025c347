"""Services of the system itself (not of the domain): see each module."""
