package io.creditwatch.inference.model;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.reasons.Reason;
import io.creditwatch.model.reasons.ReasonRanker;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.scoring.DecisionPolicy;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;

import java.util.Arrays;
import java.util.List;

/**
 * The model being served, how its probabilities become decisions (declined, {@code prediction} 1,
 * by the lender's cut-off; the training threshold is the card's and decides nothing), and how a
 * decision's reasons are told.
 */
public record ServingModel(ModelCard card, CreditScorer scorer, double threshold, DecisionPolicy cutOff,
                           Scorecard scorecard, RiskBands riskBands, ReasonRanker reasonRanker) {

    public ServingModel {
        // a band cut-off must name one of the bands
        cutOff.probabilityCutOff(scorecard, riskBands);
    }

    /** A model whose reasons are the card's codes, at most {@code topReasons} per decision. */
    public ServingModel(ModelCard card, CreditScorer scorer, double threshold, DecisionPolicy cutOff,
                        Scorecard scorecard, RiskBands riskBands, int topReasons) {
        this(card, scorer, threshold, cutOff, scorecard, riskBands, new ReasonRanker(card.reasons(), topReasons));
    }

    public String version() {
        return card.modelVersion();
    }

    /** Scores a batch of feature rows (NaN = missing) into decisions, in order. */
    public Decision[] decide(double[][] rows) {
        double[] probabilities = scorer.probabilities(rows);
        Decision[] decisions = new Decision[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double probability = probabilities[i];
            long score = scorecard.score(probability);
            String band = riskBands.bandOf(probability);
            decisions[i] = new Decision(cutOff.declines(probability, score, band, riskBands) ? 1 : 0, probability,
                    score, band);
        }
        return decisions;
    }

    /**
     * The principal reasons of each row's decision, in order: the features that raised its
     * probability of default most, by their exact SHAP values in log-odds. Rows explained together
     * cost less each than one at a time.
     */
    public List<List<Reason>> reasons(double[][] rows) {
        return Arrays.stream(scorer.contributions(rows)).map(reasonRanker::reasons).toList();
    }

    /** The outcome for one application. */
    public record Decision(int prediction, double probability, long creditScore, String riskBand) {
    }
}
