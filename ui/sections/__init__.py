"""Parts of pages too long to live in the page file; each renders one section."""
