-- One schema for SQLite and PostgreSQL; ${auto_id} is the dialect's auto-numbered primary key.
-- Times are epoch milliseconds; a missing feature is NULL.

CREATE TABLE predictions (
    seq ${auto_id},
    prediction_id VARCHAR(36) NOT NULL UNIQUE,
    request_id VARCHAR(128) NOT NULL,
    predicted_at_ms BIGINT NOT NULL,
    model_version VARCHAR(64) NOT NULL,
    revolving_utilization DOUBLE PRECISION,
    age DOUBLE PRECISION,
    past_due_30_59_days DOUBLE PRECISION,
    debt_ratio DOUBLE PRECISION,
    monthly_income DOUBLE PRECISION,
    open_credit_lines DOUBLE PRECISION,
    times_90_days_late DOUBLE PRECISION,
    real_estate_loans DOUBLE PRECISION,
    past_due_60_89_days DOUBLE PRECISION,
    dependents DOUBLE PRECISION,
    probability DOUBLE PRECISION NOT NULL,
    predicted_class SMALLINT NOT NULL,
    credit_score INTEGER NOT NULL,
    risk_band VARCHAR(32) NOT NULL
);

-- Ground truth, append-only: a later label for the same prediction wins.
CREATE TABLE feedback (
    seq ${auto_id},
    prediction_id VARCHAR(36) NOT NULL,
    actual SMALLINT NOT NULL,
    received_at_ms BIGINT NOT NULL
);

CREATE INDEX feedback_prediction_id ON feedback (prediction_id);
