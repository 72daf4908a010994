-- Review: the spans anonymization replaced, so later checks can tell a surrogate the kit inserted (a fake
-- name, a shifted date) from PHI it missed. JSON {"field": [[start, end, "ENTITY_TYPE"], ...]}: offsets
-- into the REDACTED text and entity types only, never text. NULL on rows written before this version:
-- the next anonymization pass rebuilds those (same text, same hash), and snapshots signed before it
-- simply have no spans (curation then treats every finding in them as residual PHI: the safe side).
ALTER TABLE redacted ADD COLUMN replaced_spans TEXT;
ALTER TABLE signoff_records ADD COLUMN replaced_spans TEXT;
