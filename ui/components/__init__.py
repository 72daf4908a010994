"""Rendering helpers shared by pages: no business logic, only layout and HTML."""
