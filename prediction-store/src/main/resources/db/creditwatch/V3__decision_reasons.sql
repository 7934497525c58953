-- The principal reasons a decision was given with (a JSON array of feature, code, description and
-- contribution, as /predict answered them), kept as the adverse-action record; NULL when the
-- decision was not explained.
ALTER TABLE predictions ADD COLUMN reasons TEXT;
