package io.creditwatch.service;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

import java.io.PrintStream;

/**
 * Writes an analysed start-up failure as one plain line on stderr: what is wrong, then what to
 * do. Spring's own report still goes to the JSON log (where its line breaks are escaped), with
 * the stack trace at DEBUG only; the process exits with code 1.
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {

    private final PrintStream err;

    public OneLineFailureReporter() {
        this(System.err);
    }

    OneLineFailureReporter(PrintStream err) {
        this.err = err;
    }

    @Override
    public void report(FailureAnalysis analysis) {
        err.println("cannot start: " + oneLine(analysis.getDescription()) + " -- " + oneLine(analysis.getAction()));
        err.flush();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
