"""lima-kit's Streamlit UI: thin pages over the kit library (start it with ``kit ui``)."""
