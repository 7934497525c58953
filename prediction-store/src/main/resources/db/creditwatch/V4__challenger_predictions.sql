-- What a challenger model, scored in the shadow beside the champion, said of the same application:
-- one row per champion prediction that had a challenger, under the champion's prediction id. The
-- champion's row in predictions holds the features; the role is the table.
CREATE TABLE challenger_predictions (
    prediction_id VARCHAR(36) NOT NULL PRIMARY KEY,
    model_version VARCHAR(64) NOT NULL,
    probability DOUBLE PRECISION NOT NULL,
    predicted_class SMALLINT NOT NULL,
    credit_score INTEGER NOT NULL,
    risk_band VARCHAR(32) NOT NULL
);
