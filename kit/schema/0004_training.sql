-- Training: registered base models (with their sha256 manifests) and fine-tuning runs.
CREATE TABLE models (
    name       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('hf', 'gguf', 'builtin')),
    source     TEXT NOT NULL,          -- what the user gave: a folder, a GGUF file or a builtin name
    path       TEXT NOT NULL,          -- the Hugging Face folder the kit loads
    sha256     TEXT NOT NULL,          -- digest over the manifest below
    manifest   TEXT NOT NULL,          -- JSON {relative file: sha256}
    params     INTEGER NOT NULL,
    added_by   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE runs (
    id                  TEXT PRIMARY KEY,
    model               TEXT NOT NULL REFERENCES models (name),
    model_sha256        TEXT NOT NULL,
    dataset             TEXT NOT NULL,
    dataset_hash        TEXT NOT NULL,
    preset              TEXT NOT NULL,
    config              TEXT NOT NULL,  -- the resolved RunConfig as JSON
    status              TEXT NOT NULL CHECK (status IN
                            ('queued', 'running', 'completed', 'failed', 'stopped', 'interrupted')),
    pid                 INTEGER,
    total_steps         INTEGER,
    final_step          INTEGER,        -- last optimizer step reached (checkpointed)
    selected_checkpoint INTEGER,        -- step chosen with `kit train select`, NULL = final adapter
    error               TEXT,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX runs_by_status ON runs (status);
