-- Evaluation: generated answers, blind rating tasks and ratings, probe results, gate decisions, releases.
-- Generated answers may themselves leak PHI; the probes report entity types and offsets, never the text.
CREATE TABLE evaluations (
    id         TEXT PRIMARY KEY,
    run_id     TEXT NOT NULL,
    dataset    TEXT NOT NULL,         -- name@hash of the dataset the prompts come from
    split      TEXT NOT NULL,
    candidate  TEXT NOT NULL,         -- system name of the run under evaluation
    baseline   TEXT NOT NULL,         -- system name of the base model
    systems    TEXT NOT NULL,         -- JSON list of every system that answered
    sampling   TEXT NOT NULL,         -- JSON SamplingConfig
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX evaluations_by_run ON evaluations (run_id);

CREATE TABLE generations (
    id           INTEGER PRIMARY KEY,
    eval_id      TEXT NOT NULL REFERENCES evaluations (id),
    prompt_id    TEXT NOT NULL,
    system       TEXT NOT NULL,
    prompt       TEXT NOT NULL,       -- the redacted test prompt
    answer       TEXT NOT NULL,
    seed         INTEGER NOT NULL,
    batch        INTEGER NOT NULL,
    n_new_tokens INTEGER NOT NULL,
    UNIQUE (eval_id, prompt_id, system)
);

CREATE TABLE rating_tasks (
    id         INTEGER PRIMARY KEY,
    eval_id    TEXT NOT NULL REFERENCES evaluations (id),
    prompt_id  TEXT NOT NULL,
    rater      TEXT NOT NULL,
    gen_a      INTEGER NOT NULL REFERENCES generations (id),   -- shown as answer A
    gen_b      INTEGER NOT NULL REFERENCES generations (id),   -- shown as answer B
    overlap    INTEGER NOT NULL DEFAULT 0,                     -- 1: also sent to another rater
    position   INTEGER NOT NULL,                               -- order in the rater's queue
    created_at TEXT NOT NULL,
    UNIQUE (eval_id, prompt_id, rater, gen_a, gen_b)
);
CREATE INDEX rating_tasks_by_rater ON rating_tasks (rater, eval_id, position);

CREATE TABLE ratings (
    task_id    INTEGER PRIMARY KEY REFERENCES rating_tasks (id),
    rater      TEXT NOT NULL,
    choice     TEXT NOT NULL CHECK (choice IN ('a', 'b', 'tie')),
    grade      TEXT CHECK (grade IN ('fail', 'pass', 'excellent')),
    simulated  INTEGER NOT NULL DEFAULT 0,                     -- 1: filled by the demo's simulated rater
    created_at TEXT NOT NULL
);

CREATE TABLE probe_results (
    id         INTEGER PRIMARY KEY,
    eval_id    TEXT NOT NULL REFERENCES evaluations (id),
    kind       TEXT NOT NULL,         -- phi | memorization | canary
    summary    TEXT NOT NULL,         -- JSON: ids, entity types, offsets, scores; never generated text
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX probe_results_by_eval ON probe_results (eval_id, kind);

CREATE TABLE gate_decisions (
    id         INTEGER PRIMARY KEY,
    run_id     TEXT NOT NULL,
    eval_id    TEXT,
    passed     INTEGER NOT NULL,
    criteria   TEXT NOT NULL,         -- JSON list of {name, passed, value, threshold, detail}
    policy     TEXT NOT NULL,         -- JSON of the policy used
    decided_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE releases (
    id          TEXT PRIMARY KEY,
    run_id      TEXT NOT NULL,
    eval_id     TEXT NOT NULL,
    decision_id INTEGER NOT NULL REFERENCES gate_decisions (id),
    merged      INTEGER NOT NULL,
    path        TEXT NOT NULL,
    lineage     TEXT NOT NULL,        -- JSON lineage chain
    approved_by TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
