-- Foundation: workspace metadata, users, imports and ingested records.
-- Raw text never lives here: records point at encrypted vault blobs.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'compliance', 'ml_engineer', 'domain_expert')),
    pw_hash    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('document', 'example')),
    content_hash TEXT NOT NULL UNIQUE,   -- keyed HMAC of the file bytes, not a plain hash
    n_records    INTEGER NOT NULL,
    imported_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE records (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('document', 'example')),
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    line         INTEGER NOT NULL,
    doc_type     TEXT,
    source       TEXT,
    category     TEXT,
    blob_id      TEXT NOT NULL,
    content_hash TEXT NOT NULL,          -- keyed HMAC of the record's fields
    n_chars      INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX records_by_kind ON records (kind);
