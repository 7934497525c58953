package io.creditwatch.model.cli;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import picocli.CommandLine.Option;

import java.util.List;

/** The outcome definition a bundle's card records ({@code train}, {@code import}): the performance window and the seasoning curve. */
final class OutcomeOptions {

    /** The source a card names for a curve given on the command line. */
    static final String GIVEN_SOURCE = "given";

    @Option(names = "--performance-window", defaultValue = "" + PerformanceWindow.STANDARD_MONTHS,
            paramLabel = "MONTHS",
            description = "months after the application within which 90 or more days past due is a default "
                    + "(default ${DEFAULT-VALUE}, as SeriousDlqin2yrs)")
    int windowMonths;

    @Option(names = "--seasoning", split = ",", paramLabel = "S",
            description = "the share of window defaults that have happened by each month on book 0 to the window's end, "
                    + "rising to 1, e.g. 0,0,0,0.05,...,1 (default: the standard curve over the window)")
    List<Double> seasoning;

    /** The curve over the window, both checked: a command asks for it before it does any work. */
    SeasoningCurve curve() {
        return curve(seasoning, new PerformanceWindow(windowMonths).months());
    }

    ModelCard applyTo(ModelCard card, SeasoningCurve curve) {
        return card.withOutcome(windowMonths, curve);
    }

    /** The curve given as cumulative shares over {@code windowMonths}, or the standard one when none is given. */
    static SeasoningCurve curve(List<Double> shares, int windowMonths) {
        if (shares == null) {
            return SeasoningCurve.standard(windowMonths);
        }
        if (shares.size() != windowMonths + 1) {
            throw new IllegalArgumentException(
                    "--seasoning gives " + shares.size() + " shares; a window of " + windowMonths
                            + " months needs " + (windowMonths + 1) + " (months on book 0 to " + windowMonths + ")");
        }
        return new SeasoningCurve(shares, GIVEN_SOURCE);
    }
}
