package io.creditwatch.model.cli;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.FileDigest;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.outcome.Maturity;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.schema.ApplicationValidator;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.schema.FieldError;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.ChallengerPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads a lender's history into a prediction store: each application as the prediction the
 * inference service would have answered with the bundle (probability, class at the card's
 * cut-off, standard scorecard and risk bands), made at 00:00 UTC of its application day, and
 * each dated outcome as a label, final or censored by the card's performance window.
 *
 * <p>Rows are checked as {@code /predict} checks an application, and their dates besides; a bad
 * row is reported with its line and skipped. Without a {@code prediction_id} a row's id is derived
 * from the file's SHA-256 and its line ({@link #derivedId}), so that loading the same file again
 * stores nothing twice (the store skips ids and observations it holds).
 */
final class Backfill {

    private static final String PREDICTION_ID = "prediction_id";
    /** Rows per transaction: large enough that a commit's cost is spread thin, small enough to keep little in memory. */
    private static final int BATCH_ROWS = 5_000;
    private static final int PRINTED_BAD_ROWS = 20;
    private static final List<String> COLUMNS = List.of(KaggleCsv.APPLICATION_DATE, KaggleCsv.OUTCOME_DATE,
            PREDICTION_ID);
    private static final long DAY_MILLIS = 86_400_000L;

    /** What a backfill did; labels are counted by maturity as stored. */
    record Summary(long rows, long stored, long bad, long alreadyStored, long defaults, long performing,
                   long performingSoFar, long outcomesAlreadyStored, long withoutOutcome) {
    }

    /** One valid row, ready to score and store. */
    private record Row(long line, String predictionId, double[] features, LocalDate applied, int actual,
                       LocalDate observed) {
    }

    /** Why a row is refused; thrown once per bad row, so without a stack trace. */
    private static final class BadRow extends Exception {
        BadRow(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ModelBundle bundle;
    private final CreditScorer scorer;
    /** The challenger that scored each application in the shadow, or null for none. */
    private final ModelBundle challenger;
    private final CreditScorer challengerScorer;
    private final PredictionStore store;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final long progressEvery;

    Backfill(ModelBundle bundle, PredictionStore store, Clock clock, PrintStream out, PrintStream err,
             long progressEvery) {
        this(bundle, null, store, clock, out, err, progressEvery);
    }

    /** @param challenger a bundle whose decision of each application is stored as the challenger's, or null */
    Backfill(ModelBundle bundle, ModelBundle challenger, PredictionStore store, Clock clock, PrintStream out,
             PrintStream err, long progressEvery) {
        this.bundle = bundle;
        this.scorer = bundle.scorer();
        this.challenger = challenger;
        this.challengerScorer = challenger == null ? null : challenger.scorer();
        this.store = store;
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.progressEvery = progressEvery;
    }

    Summary load(Path data) throws IOException, SQLException {
        long started = System.nanoTime();
        String sha256 = FileDigest.sha256(data);
        Counts counts = new Counts();
        // reading and scoring the next batch overlaps storing this one: the database writes on one core
        ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "backfill-writer");
            thread.setDaemon(true);
            return thread;
        });
        try (BufferedReader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            KaggleCsv.Rows rows = KaggleCsv.rows(reader, COLUMNS);
            if (!rows.hasColumn(0)) {
                throw new IllegalArgumentException(
                        "backfill: " + data + " has no " + KaggleCsv.APPLICATION_DATE + " column");
            }
            load(rows, sha256, writer, counts, started);
        } finally {
            writer.shutdownNow();
        }
        if (counts.bad > PRINTED_BAD_ROWS) {
            err.println("... and " + (counts.bad - PRINTED_BAD_ROWS) + " more bad rows skipped");
        }
        return counts.summary();
    }

    private void load(KaggleCsv.Rows rows, String sha256, ExecutorService writer, Counts counts, long started)
            throws IOException, SQLException {
        LocalDate today = LocalDate.now(clock);
        String requestPrefix = "backfill-" + sha256.substring(0, 8) + "-";
        List<Row> batch = new ArrayList<>(BATCH_ROWS);
        Future<Written> writing = null;
        while (rows.next()) {
            counts.rows++;
            try {
                batch.add(read(rows, sha256, today));
            } catch (BadRow bad) {
                if (++counts.bad <= PRINTED_BAD_ROWS) {
                    err.println("skipped line " + rows.lineNumber() + ": " + bad.getMessage());
                }
            }
            if (batch.size() == BATCH_ROWS) {
                Prepared prepared = prepare(batch, requestPrefix);
                batch.clear();
                counts.add(prepared, await(writing));
                writing = writer.submit(() -> store(prepared));
            }
            if (counts.rows % progressEvery == 0) {
                out.printf(Locale.ROOT, "[%5.1f s] %d rows read, %d stored%n", (System.nanoTime() - started) / 1e9,
                        counts.rows, counts.stored);
            }
        }
        counts.add(null, await(writing));
        if (!batch.isEmpty()) {
            Prepared last = prepare(batch, requestPrefix);
            counts.add(last, store(last));
        }
    }

    private static final class Counts {
        long rows;
        long stored;
        long bad;
        long alreadyStored;
        long defaults;
        long performing;
        long performingSoFar;
        long outcomesAlreadyStored;
        long withoutOutcome;

        /** Adds a batch as prepared and what storing a batch did; either may be null (nothing to add). */
        void add(Prepared prepared, Written written) {
            if (prepared != null) {
                withoutOutcome += prepared.withoutOutcome();
            }
            if (written != null) {
                stored += written.stored();
                alreadyStored += written.alreadyStored();
                defaults += written.labelsByMaturity()[Maturity.DEFAULT.ordinal()];
                performing += written.labelsByMaturity()[Maturity.PERFORMING.ordinal()];
                performingSoFar += written.labelsByMaturity()[Maturity.PERFORMING_SO_FAR.ordinal()];
                outcomesAlreadyStored += written.labelsAlreadyStored();
            }
        }

        Summary summary() {
            return new Summary(rows, stored, bad, alreadyStored, defaults, performing, performingSoFar,
                    outcomesAlreadyStored, withoutOutcome);
        }
    }

    /** Waits for a batch being stored, if any; the store's failure is this thread's. */
    private static Written await(Future<Written> writing) throws SQLException {
        if (writing == null) {
            return null;
        }
        try {
            return writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Row read(KaggleCsv.Rows rows, String sha256, LocalDate today) throws BadRow {
        if (rows.problem() != null) {
            throw new BadRow(rows.problem());
        }
        ApplicationValidator validator = new ApplicationValidator();
        for (Feature feature : Feature.ALL) {
            String cell = rows.feature(feature);
            if (KaggleCsv.isMissing(cell)) {
                validator.nullValue(feature.jsonName());
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                validator.wrongType(feature.jsonName(), "'" + cell + "'");
                continue;
            }
            validator.number(feature.jsonName(), value);
        }
        ApplicationValidator.Result application = validator.finish();
        List<String> problems = new ArrayList<>(1);
        for (FieldError error : application.errors()) {
            problems.add(error.field() + " " + error.message());
        }
        Integer actual = KaggleCsv.label(rows.label());
        if (actual == null) {
            problems.add(KaggleCsv.LABEL + " must be 0, 1 or empty, got '" + rows.label() + "'");
        }
        LocalDate applied = date(rows.column(0), KaggleCsv.APPLICATION_DATE, problems);
        LocalDate observed = date(rows.column(1), KaggleCsv.OUTCOME_DATE, problems);
        if (rows.column(0).isEmpty()) {
            problems.add(KaggleCsv.APPLICATION_DATE + " is required");
        }
        if (applied != null && applied.isAfter(today)) {
            problems.add(KaggleCsv.APPLICATION_DATE + " " + applied + " is in the future (today is " + today + ")");
        }
        if (observed != null) {
            if (observed.isAfter(today)) {
                problems.add(KaggleCsv.OUTCOME_DATE + " " + observed + " is in the future (today is " + today + ")");
            } else if (applied != null && observed.isBefore(applied)) {
                problems.add(KaggleCsv.OUTCOME_DATE + " " + observed + " is before the application (" + applied + ")");
            }
            if (actual != null && actual == CreditRecord.UNLABELED) {
                problems.add(KaggleCsv.OUTCOME_DATE + " is given but " + KaggleCsv.LABEL + " is not");
            }
        }
        String predictionId = predictionId(rows.column(2), sha256, rows.lineNumber(), problems);
        if (!problems.isEmpty()) {
            throw new BadRow(String.join("; ", problems));
        }
        return new Row(rows.lineNumber(), predictionId, application.application().values(), applied, actual, observed);
    }

    /** The date in a cell, or null when it is empty or absent; a malformed one adds a problem. */
    private static LocalDate date(String cell, String column, List<String> problems) {
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(cell);
        } catch (DateTimeParseException e) {
            problems.add(column + " holds '" + cell + "', not a date YYYY-MM-DD");
            return null;
        }
    }

    /**
     * The id of a row without one: a version 8 UUID (RFC 9562's custom layout) of the first 60 bits of the
     * file's SHA-256 and the line number. Unique per file and line like a name-based UUID, but in line order,
     * so the store's indexes on prediction_id grow at their end; random ids (name-based UUIDs) spread each
     * batch over the whole index, and every commit rewrote most of its pages (4,400 rows/s on a million rows).
     */
    static String derivedId(String sha256, long line) {
        long file = Long.parseUnsignedLong(sha256.substring(0, 15), 16);
        long high = (file >>> 12 << 16) | 0x8000L | (file & 0xFFFL);
        long low = 0x8000_0000_0000_0000L | line;
        return new UUID(high, low).toString();
    }

    private static String predictionId(String cell, String sha256, long line, List<String> problems) {
        if (cell == null || cell.isEmpty()) {
            return derivedId(sha256, line);
        }
        try {
            String id = UUID.fromString(cell).toString();
            if (id.equalsIgnoreCase(cell)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // refused below, with the others
        }
        problems.add(PREDICTION_ID + " holds '" + cell + "', not a UUID");
        return null;
    }

    /** A batch scored and ready to store. */
    private record Prepared(List<CapturedPrediction> predictions, List<OutcomeSubmission> labels,
                            List<Maturity> maturities,
                            Set<OutcomeSubmission> finals, long withoutOutcome) {
    }

    /** What storing a batch did: predictions stored or there already, labels stored by maturity or there already. */
    private record Written(long stored, long alreadyStored, long[] labelsByMaturity, long labelsAlreadyStored) {
    }

    /** 1 when the card's cut-off declines probability {@code p}, as the service decides with the standard scales. */
    private static int declined(ModelCard card, double p) {
        return card.cutOff().declines(p, Scorecard.STANDARD.score(p), RiskBands.STANDARD.bandOf(p), RiskBands.STANDARD)
                ? 1 : 0;
    }

    /** Scores the rows as the service would answer them and turns their outcomes into labels. */
    private Prepared prepare(List<Row> batch, String requestPrefix) {
        ModelCard card = bundle.card();
        PerformanceWindow window = card.window();
        double[][] features = new double[batch.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = batch.get(i).features();
        }
        double[] probabilities = scorer.probabilities(features);
        double[] challengerProbabilities = challenger == null ? null : challengerScorer.probabilities(features);
        List<CapturedPrediction> predictions = new ArrayList<>(batch.size());
        List<OutcomeSubmission> labels = new ArrayList<>(batch.size());
        List<Maturity> maturities = new ArrayList<>(batch.size());
        Set<OutcomeSubmission> finals = Collections.newSetFromMap(new IdentityHashMap<>());
        long withoutOutcome = 0;
        for (int i = 0; i < features.length; i++) {
            Row row = batch.get(i);
            double p = probabilities[i];
            ChallengerPrediction shadow = null;
            if (challenger != null) {
                double q = challengerProbabilities[i];
                shadow = new ChallengerPrediction(challenger.card().modelVersion(), q, declined(challenger.card(), q),
                        Scorecard.STANDARD.score(q), RiskBands.STANDARD.bandOf(q));
            }
            predictions.add(new CapturedPrediction(row.predictionId(), requestPrefix + row.line(),
                    row.applied().toEpochDay() * DAY_MILLIS, card.modelVersion(), row.features(), p, declined(card, p),
                    Scorecard.STANDARD.score(p), RiskBands.STANDARD.bandOf(p), null, shadow));
            if (row.observed() == null || row.actual() == CreditRecord.UNLABELED) {
                withoutOutcome++;
                continue;
            }
            OutcomeSubmission label = new OutcomeSubmission(row.predictionId(), row.actual(),
                    row.observed().toEpochDay() * DAY_MILLIS);
            Maturity maturity = window.classify(row.applied(), row.actual(), row.observed());
            labels.add(label);
            maturities.add(maturity);
            if (maturity.isFinal()) {
                finals.add(label);
            }
        }
        return new Prepared(predictions, labels, maturities, finals, withoutOutcome);
    }

    /** One batch of predictions, then their labels (a prediction must be stored before its label). */
    private Written store(Prepared prepared) throws SQLException {
        long stored = 0;
        for (boolean s : store.insertPredictions(prepared.predictions())) {
            stored += s ? 1 : 0;
        }
        boolean[] labelled = store.insertOutcomes(prepared.labels(), prepared.finals()::contains, clock.millis());
        long[] byMaturity = new long[Maturity.values().length];
        long labelsAlreadyStored = 0;
        for (int i = 0; i < labelled.length; i++) {
            if (labelled[i]) {
                byMaturity[prepared.maturities().get(i).ordinal()]++;
            } else {
                labelsAlreadyStored++;
            }
        }
        return new Written(stored, prepared.predictions().size() - stored, byMaturity, labelsAlreadyStored);
    }
}
