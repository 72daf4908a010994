"""Privacy probes over a fine-tuned model: PHI in its answers, verbatim memorization, planted canaries.

Results carry ids, entity types, offsets and scores, never generated or training text.
"""
