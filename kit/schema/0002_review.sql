-- Review: detection results (offsets only), reviewer decisions, redacted records, the QA sample and
-- sign-offs. No raw text lives here; deny- and allow-listed values live encrypted in the vault.

-- One row per record the engine has processed: the "detected" mark, written in the same transaction
-- as the record's findings, so a crash never leaves a record half-detected.
CREATE TABLE detections (
    record_id   TEXT PRIMARY KEY REFERENCES records (id),
    policy_hash TEXT NOT NULL,          -- hash of the policy (minus its review section) the engine ran under
    n_findings  INTEGER NOT NULL,
    detected_at TEXT NOT NULL
);

CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    record_id     TEXT NOT NULL REFERENCES records (id),
    field         TEXT NOT NULL,        -- text | prompt | response
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    entity_type   TEXT NOT NULL,
    score         REAL NOT NULL,
    recognizer    TEXT NOT NULL,        -- engine recognizer, "deny_list" or "reviewer"
    origin        TEXT NOT NULL CHECK (origin IN ('engine', 'deny_list', 'reviewer')),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'rejected')),
    original_type TEXT,                 -- set when a reviewer changed the type
    decided_by    TEXT,
    decided_at    TEXT,
    created_at    TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start),
    UNIQUE (record_id, field, start, "end")
);
CREATE INDEX findings_by_record ON findings (record_id);
CREATE INDEX findings_by_status ON findings (status);

-- Every reviewer action, in order: the UI's history and the audit log's counterpart inside kit.db.
CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY,
    record_id  TEXT NOT NULL REFERENCES records (id),
    finding_id INTEGER REFERENCES findings (id),
    action     TEXT NOT NULL CHECK (action IN ('confirm', 'reject', 'retype', 'add_span', 'approve',
                                               'suppress', 'reopen')),
    old_type   TEXT,
    new_type   TEXT,
    allow_list INTEGER NOT NULL DEFAULT 0,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX decisions_by_record ON decisions (record_id);

CREATE TABLE approvals (
    record_id   TEXT PRIMARY KEY REFERENCES records (id),
    approved_by TEXT NOT NULL,          -- a reviewer, or the kit itself in a sample review mode
    automatic   INTEGER NOT NULL DEFAULT 0,
    approved_at TEXT NOT NULL
);

-- Anonymized records: redacted text only. Deleted (and rebuilt) when a record's findings change.
CREATE TABLE redacted (
    record_id   TEXT PRIMARY KEY REFERENCES records (id),
    fields      TEXT NOT NULL,          -- JSON {"text"} or {"prompt", "response"}, redacted
    text_hash   TEXT NOT NULL,          -- sha256 of fields
    n_tokens    INTEGER NOT NULL,       -- whitespace tokens, the denominator of the per-token bound
    n_applied   INTEGER NOT NULL,
    policy_hash TEXT NOT NULL,
    redacted_at TEXT NOT NULL
);

-- The QA sample: redacted records a reviewer checks for anything still identifying.
CREATE TABLE qa_samples (
    record_id      TEXT PRIMARY KEY REFERENCES records (id),
    draw_no        INTEGER NOT NULL,    -- 1 for the first draw, 2.. for top-ups
    position       INTEGER NOT NULL,    -- rank in the seeded permutation
    seed           INTEGER NOT NULL,
    text_hash      TEXT NOT NULL,       -- the redacted text that was drawn
    n_tokens       INTEGER NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'clean', 'residual')),
    residual_spans TEXT,                -- JSON [{"field", "start", "end", "entity_type"}] in redacted text
    residual_tokens INTEGER NOT NULL DEFAULT 0,
    checked_by     TEXT,
    checked_at     TEXT,
    drawn_at       TEXT NOT NULL
);

CREATE TABLE signoffs (
    id              INTEGER PRIMARY KEY,
    policy_name     TEXT NOT NULL,
    policy_hash     TEXT NOT NULL,
    record_set_hash TEXT NOT NULL,
    n_records       INTEGER NOT NULL,
    review_mode     TEXT NOT NULL,
    qa_checked      INTEGER NOT NULL,
    qa_residual     INTEGER NOT NULL,
    bound_record    REAL NOT NULL,
    bound_token     REAL NOT NULL,
    threshold       REAL NOT NULL,
    reviewer        TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

-- The exact redacted text each sign-off covers: curation reads this snapshot, never the live table.
CREATE TABLE signoff_records (
    signoff_id INTEGER NOT NULL REFERENCES signoffs (id),
    record_id  TEXT NOT NULL REFERENCES records (id),
    fields     TEXT NOT NULL,
    text_hash  TEXT NOT NULL,
    PRIMARY KEY (signoff_id, record_id)
);

-- A sign-off is a compliance record: it can be superseded by a newer one, never edited or removed.
CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
BEGIN
    SELECT RAISE(ABORT, 'sign-offs are immutable');
END;
CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs
BEGIN
    SELECT RAISE(ABORT, 'sign-offs are immutable');
END;
CREATE TRIGGER signoff_records_no_update BEFORE UPDATE ON signoff_records
BEGIN
    SELECT RAISE(ABORT, 'sign-offs are immutable');
END;
CREATE TRIGGER signoff_records_no_delete BEFORE DELETE ON signoff_records
BEGIN
    SELECT RAISE(ABORT, 'sign-offs are immutable');
END;
