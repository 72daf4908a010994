-- Curation (kit curate add|edit|list|show|build|rejections): candidate pairs, built datasets, and why each
-- candidate of a build was rejected. Text here is redacted (from signed-off records) or hand-authored and
-- checked for PHI; raw text never lives here.

-- Hand-authored pairs (origin 'authored') and a snapshot of the pairs derived from signed-off records at
-- the last build (origin 'example' or 'document', replaced by every build).
CREATE TABLE candidates (
    id          TEXT PRIMARY KEY,
    origin      TEXT NOT NULL CHECK (origin IN ('example', 'document', 'authored')),
    source      TEXT NOT NULL,
    category    TEXT NOT NULL,
    prompt      TEXT NOT NULL,
    response    TEXT NOT NULL,
    rating      REAL CHECK (rating IS NULL OR (rating >= 1 AND rating <= 5)),
    record_id   TEXT,                   -- lineage: the record it was derived from
    signoff_id  TEXT,                   -- lineage: the sign-off that covered that record
    rule        TEXT,                   -- the pair rule (doc_type) or 'example' / 'authored'
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX candidates_by_origin ON candidates (origin);

CREATE TABLE datasets (
    id            TEXT PRIMARY KEY,     -- name@hash
    name          TEXT NOT NULL,
    hash          TEXT NOT NULL,
    path          TEXT NOT NULL,        -- relative to the workspace root
    signoff_id    TEXT,
    n_candidates  INTEGER NOT NULL,
    n_train       INTEGER NOT NULL,
    n_validation  INTEGER NOT NULL,
    n_test        INTEGER NOT NULL,
    embedder      TEXT NOT NULL,
    config        TEXT NOT NULL,        -- JSON of the CurationConfig
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (name, hash)
);
CREATE INDEX datasets_by_name ON datasets (name, created_at);

CREATE TABLE rejections (
    dataset_id   TEXT NOT NULL REFERENCES datasets (id),
    candidate_id TEXT NOT NULL,
    stage        TEXT NOT NULL,         -- filter | dedup
    filter       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    detail       TEXT NOT NULL,         -- counts, offsets, entity types, ids: never text
    PRIMARY KEY (dataset_id, candidate_id)
);
CREATE INDEX rejections_by_reason ON rejections (dataset_id, reason);
