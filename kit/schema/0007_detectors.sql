-- Learned PHI detectors trained on the workspace's reviewed records (`kit redact train`). The model files
-- live in models/detectors/<id>/ (never in git); this row pins them by sha256 and records what they were
-- trained on (a fingerprint, no text) and how they scored. The newest row is the one detection uses.
CREATE TABLE detectors (
    id          TEXT PRIMARY KEY,          -- det-<first 12 hex of sha256>
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,             -- digest over the manifest below
    manifest    TEXT NOT NULL,             -- JSON {relative file: sha256}
    fingerprint TEXT NOT NULL,             -- sha256 over the training texts and labels
    reviewed    INTEGER NOT NULL,          -- reviewed records among the training texts
    metrics     TEXT NOT NULL,             -- JSON: held-out scores with and without the model, learning curve
    trained_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
