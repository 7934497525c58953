-- Outcomes with dates. observed_at_ms is the day an outcome was observed (NULL: final as given);
-- final_prediction_id is the prediction's id when the outcome is final (a default within the
-- performance window, performing at or after its end, or undated), NULL while it is censored.
ALTER TABLE feedback ADD COLUMN observed_at_ms BIGINT;
ALTER TABLE feedback ADD COLUMN final_prediction_id VARCHAR(36);

-- Before dates, the first label of a prediction was its final one.
UPDATE feedback SET final_prediction_id = prediction_id
    WHERE seq IN (SELECT MIN(seq) FROM feedback GROUP BY prediction_id);

-- The store itself makes a second final outcome impossible (NULLs, censored ones, never collide),
-- and keeps one row per observation, so that the same status sent again is stored once.
CREATE UNIQUE INDEX feedback_final_outcome ON feedback (final_prediction_id);
CREATE UNIQUE INDEX feedback_observation ON feedback (prediction_id, actual, observed_at_ms);

-- feedback_observation begins with prediction_id, so it serves every lookup by prediction the old index did.
DROP INDEX feedback_prediction_id;
