package io.creditwatch.inference.model;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;

/** The model being served and how its probabilities become decisions. */
public record ServingModel(ModelCard card, CreditScorer scorer, double threshold, Scorecard scorecard,
                           RiskBands riskBands) {

    public String version() {
        return card.modelVersion();
    }

    /** Scores a batch of feature rows (NaN = missing) into decisions, in order. */
    public Decision[] decide(double[][] rows) {
        double[] probabilities = scorer.probabilities(rows);
        Decision[] decisions = new Decision[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double probability = probabilities[i];
            decisions[i] = new Decision(probability >= threshold ? 1 : 0, probability, scorecard.score(probability),
                    riskBands.bandOf(probability));
        }
        return decisions;
    }

    /** The outcome for one application. */
    public record Decision(int prediction, double probability, long creditScore, String riskBand) {
    }
}
