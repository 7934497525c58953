package io.creditwatch.model.cli;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.reasons.ReasonCode;
import io.creditwatch.model.reasons.ReasonCodes;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The options of the commands that write a bundle ({@code train}, {@code import}): the model's
 * version, its serving threshold, the lender's cut-off, its rating grades, its reason codes, and help. {@code -h} only: {@code --version}
 * names the model's version here, not the program's.
 */
final class BundleOptions {

    @Option(names = "--version", paramLabel = "V",
            description = "model version (default: the date and the first 8 hex digits of the SHA-256 of the data "
                    + "(train) or of the model file (import), e.g. 20261125-1a2b3c4d)")
    String version;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "T",
            description = "serving threshold on the probability of default (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--approval-rate", paramLabel = "R",
            description = "the lender's cut-off is the PD at which this share of the hold-out (on import the "
                    + "evaluation rows) is approved (default 0.85)")
    Double approvalRate;

    @Option(names = "--cutoff-pd", paramLabel = "P",
            description = "the lender's cut-off as this PD instead: at or above it declined")
    Double cutOffPd;

    @Option(names = "--grades", split = ",", paramLabel = "B",
            description = "upper PD boundaries of the rating grades, ascending, e.g. 0.01,0.02,0.05,0.1,0.2 (default: "
                    + "eight grades of equal expected defaults on the hold-out, or on import the evaluation rows)")
    List<Double> grades;

    @Option(names = "--reason-codes", paramLabel = "FILE.json",
            description = "the reason codes of adverse-action notices: a JSON array of {\"feature\", \"code\", "
                    + "\"description\"} over the defaults (default: the defaults for the ten features)")
    Path reasonCodes;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /** How the cut-off is chosen: the PD given, else the approval rate given, else 85%. */
    ModelCard.CutOffChoice cutOffChoice() {
        if (cutOffPd != null && approvalRate != null) {
            throw new IllegalArgumentException(
                    "give --cutoff-pd or --approval-rate, not both: each chooses the cut-off");
        }
        return new ModelCard.CutOffChoice(cutOffPd,
                approvalRate != null ? approvalRate : ModelCard.CutOffChoice.DEFAULT_APPROVAL_RATE);
    }

    List<Double> gradeBoundaries() {
        return grades == null ? List.of() : grades;
    }

    /** The reason codes to write: the file's over the defaults, or the defaults; read before any work is done. */
    List<ReasonCode> reasonCodes() throws IOException {
        return reasonCodes == null ? ReasonCodes.DEFAULTS : ReasonCodes.read(reasonCodes);
    }
}
