package io.creditwatch.model.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.creditwatch.model.bundle.DistributionProfile;
import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.bundle.ReferenceProfile;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.CsvFormatException;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.data.FileDigest;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.estimation.CalibrationMap;
import io.creditwatch.model.estimation.EstimationReference;
import io.creditwatch.model.estimation.PerformanceEstimator;
import io.creditwatch.model.importing.ModelImporter;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.reasons.Reason;
import io.creditwatch.model.reasons.ReasonCode;
import io.creditwatch.model.reasons.ReasonRanker;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.scoring.DecisionPolicy;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import io.creditwatch.model.stats.ConfusionMatrix;
import io.creditwatch.model.stats.RankingMetrics;
import io.creditwatch.model.training.ModelTrainer;
import io.creditwatch.model.training.TrainingOptions;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreDialect;
import io.creditwatch.store.StoreFailures;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code java -jar credit-model.jar <command>}: make synthetic data in the Kaggle layout (dated, if
 * asked), train a model bundle, import a model trained elsewhere into a bundle, score a file with a
 * bundle, evaluate a bundle on labelled data, describe a bundle, backfill a store with a history.
 * A wrong argument or an unusable file is one line on stderr and exit code 2.
 */
@Command(name = "credit-model", mixinStandardHelpOptions = true, version = "credit-model 0.1.0",
        description = "Credit-scoring data, models and model bundles.",
        subcommands = CommandLine.HelpCommand.class)
public final class CreditModelCli implements Callable<Integer> {

    static final int OK = 0;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    /** What today is to backfill (dates after it are refused) and the time its labels are received. */
    private final Clock clock;

    CreditModelCli(PrintStream out, PrintStream err) {
        this(out, err, Clock.systemUTC());
    }

    CreditModelCli(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new CreditModelCli(System.out, System.err).run(args));
    }

    int run(String... args) {
        CommandLine line = new CommandLine(this);
        line.registerConverter(LocalDate.class, value -> {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date YYYY-MM-DD");
            }
        });
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((e, ignored) -> {
            String command = e.getCommandLine().getCommandName();
            err.println("error: " + command + ": " + e.getMessage() + " (see " + command + " --help)");
            return USAGE;
        });
        line.setExecutionExceptionHandler((e, ignored, parsed) -> {
            if (e instanceof NoSuchFileException missing) {
                err.println("error: no such file: " + missing.getFile());
            } else if (e instanceof SQLException store) {
                err.println("error: the store failed: " + StoreFailures.describe(store));
            } else if (e instanceof CsvFormatException || e instanceof IllegalArgumentException
                    || e instanceof IOException || e instanceof UncheckedIOException) {
                err.println("error: " + e.getMessage());
            } else {
                throw e;
            }
            return USAGE;
        });
        return line.execute(args);
    }

    /** Without a command: the list of commands, and exit code 2. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return USAGE;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write synthetic credit data in the Kaggle \"Give Me Some Credit\" layout: its marginals, "
                    + "missing values, default rate and quirks; CRLF line ends, NA for missing.")
    int generate(@Option(names = "--rows", required = true, paramLabel = "N", description = "rows to write") int rows,
                 @Option(names = "--out", required = true, paramLabel = "FILE.csv",
                         description = "the CSV to write") Path file,
                 @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
                         description = "random seed; the same seed writes the same file (default ${DEFAULT-VALUE})") long seed,
                 @Option(names = "--months", paramLabel = "N",
                         description = "date the rows: applications spread evenly at random over the N monthly cohorts "
                                 + "ending with the month of --today, with the columns application_date and outcome_date "
                                 + "(the default's day, or the last day seen performing: today)") Integer months,
                 @Option(names = "--today", paramLabel = "YYYY-MM-DD",
                         description = "the day the history ends (required with --months, so that the file is the same "
                                 + "every day)") LocalDate today,
                 @Option(names = "--seasoning", split = ",", paramLabel = "S",
                         description = "with --months: the share of window defaults that have happened by each month on "
                                 + "book 0 to W, rising to 1 (default: the standard curve over 24 months)") List<Double> seasoning)
            throws IOException {
        if (rows < 1) {
            throw new IllegalArgumentException("generate: --rows must be positive, got " + rows);
        }
        if (months == null && (today != null || seasoning != null)) {
            throw new IllegalArgumentException("generate: --today and --seasoning date the rows, and need --months");
        }
        if (months != null && today == null) {
            throw new IllegalArgumentException("generate: --months needs --today, the day the history ends");
        }
        if (months != null && months < 1) {
            throw new IllegalArgumentException("generate: --months must be positive, got " + months);
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        if (months == null) {
            List<CreditRecord> records = new SyntheticCreditGenerator(seed).generate(rows);
            KaggleCsv.write(file, records);
            out.println("wrote " + rows + " rows to " + file);
            noteImpossibleAges(records.stream());
            return OK;
        }
        SeasoningCurve curve = seasoning == null ? SeasoningCurve.standard(PerformanceWindow.STANDARD_MONTHS)
                : new SeasoningCurve(seasoning, OutcomeOptions.GIVEN_SOURCE);
        List<DatedCreditRecord> records = new DatedCreditGenerator(seed, today, months, curve).generate(rows);
        KaggleCsv.writeDated(file, records);
        out.println("wrote " + rows + " rows applied from " + YearMonth.from(today).minusMonths(months - 1L).atDay(1)
                + " to " + today + " to " + file);
        noteImpossibleAges(records.stream().map(DatedCreditRecord::record));
        return OK;
    }

    /** The generator keeps the real data's rare age 0; say so where a user would next trip on it. */
    private void noteImpossibleAges(Stream<CreditRecord> records) {
        long impossible = records.filter(record -> record.get(Feature.AGE) < Feature.AGE.min()).count();
        if (impossible > 0) {
            out.println("note: " + impossible + (impossible == 1 ? " row has" : " rows have") + " age 0, as the real "
                    + "data does (about 1 in 150,000): train and score take it as it is, POST /predict refuses it "
                    + "(age 18 to 120) and backfill skips it as a bad row");
        }
    }

    @Command(name = "train",
            description = "Train an XGBoost model on a labelled file in the Kaggle layout, evaluate it on a stratified "
                    + "20%% hold-out and write the model bundle (model.json, model-card.json, reference-profile.json).")
    int train(@Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "labelled CSV") Path data,
              @Option(names = "--out", required = true, paramLabel = "DIR",
                      description = "bundle directory to write") Path bundleDirectory,
              @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
                      description = "seed of the split and of XGBoost's sampling (default ${DEFAULT-VALUE})") long seed,
              @Option(names = "--trees", defaultValue = "200", paramLabel = "N",
                      description = "boosting rounds (default ${DEFAULT-VALUE})") int trees,
              @Mixin BundleOptions bundle,
              @Mixin OutcomeOptions outcome)
            throws IOException {
        if (trees < 1) {
            throw new IllegalArgumentException("train: --trees must be positive, got " + trees);
        }
        SeasoningCurve curve = outcome.curve();
        List<ReasonCode> reasonCodes = bundle.reasonCodes();
        long started = System.nanoTime();
        ModelTrainer.Progress progress = progress(started);
        progress.phase("reading " + data);
        String sha256 = FileDigest.sha256(data);
        List<CreditRecord> records = KaggleCsv.read(data);
        TrainingOptions options = TrainingOptions.builder(bundle.version != null ? bundle.version
                : ModelCard.defaultVersion(sha256))
                .seed(seed).threshold(bundle.threshold).trees(trees).gradeBoundaries(bundle.gradeBoundaries())
                .cutOff(bundle.cutOffChoice()).build();
        ModelBundle trained = withOutcome(ModelTrainer.train(records, data.getFileName().toString(), sha256, options,
                progress), outcome, curve, reasonCodes);
        progress.phase("writing the bundle to " + bundleDirectory);
        trained.write(bundleDirectory);
        ModelCard card = trained.card();
        ModelCard.HoldoutMetrics holdout = card.holdout();
        // the card counts the file's defaults; the hold-out's are not among the training rows'
        out.printf("model %s trained on %d rows (%d defaults) in %.1f s, bundle written to %s%n",
                card.modelVersion(), card.data().trainRows(), card.data().positives() - holdout.positives(),
                (System.nanoTime() - started) / 1e9, bundleDirectory);
        printGrades(card.masterScale());
        out.printf(Locale.ROOT, "hold-out (%d rows, threshold %.2f): %s%n", holdout.rows(), card.threshold(),
                metrics(holdout));
        printCutOff(card.decision());
        printCalibration(card);
        return OK;
    }

    @Command(name = "import",
            description = "Build a model bundle around an XGBoost model trained elsewhere: a booster saved by Python's "
                    + "save_model (.json or .ubj; binary:logistic, or multi:softprob with two classes) or an MLflow model "
                    + "directory of the xgboost flavour. The reference file (the training data or a sample of it, labels "
                    + "optional) gives the drift reference; the labelled evaluation file, rows the model was not trained "
                    + "on, gives the card's hold-out metrics and rating grades.")
    int importModel(@Option(names = "--model", required = true, paramLabel = "FILE|DIR",
            description = "model.json, model.ubj, or an MLflow model directory") Path model,
                    @Option(names = "--reference", required = true, paramLabel = "FILE.csv",
                            description = "reference rows: Kaggle layout, or any CSV naming the ten features") Path reference,
                    @Option(names = "--evaluation", required = true, paramLabel = "FILE.csv",
                            description = "labelled rows (SeriousDlqin2yrs) the model was not trained on") Path evaluation,
                    @Option(names = "--out", required = true, paramLabel = "DIR",
                            description = "bundle directory to write") Path bundleDirectory,
                    @Mixin BundleOptions options,
                    @Mixin OutcomeOptions outcome)
            throws IOException {
        SeasoningCurve curve = outcome.curve();
        List<ReasonCode> reasonCodes = options.reasonCodes();
        long started = System.nanoTime();
        ModelBundle bundle = withOutcome(
                ModelImporter.importModel(new ModelImporter.Options(model, reference, evaluation,
                        options.version, options.threshold, options.gradeBoundaries(), options.cutOffChoice()),
                        progress(started)),
                outcome, curve,
                reasonCodes);
        bundle.write(bundleDirectory);
        ModelCard card = bundle.card();
        out.printf(Locale.ROOT, "model %s imported from %s (%s, sha256 %s), bundle written to %s%n",
                card.modelVersion(),
                card.origin().modelFile(), card.modelType(), card.origin().modelSha256(), bundleDirectory);
        printGrades(card.masterScale());
        out.printf(Locale.ROOT, "evaluation (%d rows, threshold %.2f): %s%n", card.holdout().rows(), card.threshold(),
                metrics(card.holdout()));
        printCutOff(card.decision());
        printCalibration(card);
        return OK;
    }

    private void printCutOff(ModelCard.Decision decision) {
        ModelCard.AtCutOff at = decision.holdout();
        out.printf(Locale.ROOT, "cut-off %s, %s: approval rate %.4f, accuracy %.4f, precision %.4f, recall %.4f, "
                + "F1 %.4f%n", decision.cutOff().description(), decision.rule(), at.approvalRate(), at.accuracy(),
                at.precision(), at.recall(), at.f1());
    }

    private static ModelBundle withOutcome(ModelBundle bundle, OutcomeOptions outcome, SeasoningCurve curve,
                                           List<ReasonCode> reasonCodes) {
        return new ModelBundle(bundle.booster(), bundle.columns(), bundle.positiveClass(),
                outcome.applyTo(bundle.card(), curve).withReasonCodes(reasonCodes), bundle.profile());
    }

    private ModelTrainer.Progress progress(long started) {
        return new ModelTrainer.Progress() {
            @Override
            public void phase(String message) {
                out.printf("[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
            }

            @Override
            public void warning(String message) {
                err.println("warning: " + message);
            }
        };
    }

    /** Which rows {@code score --reasons} explains. */
    enum ReasonScope {
        DECLINED,
        ALL
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Score every application of a CSV in the Kaggle layout (labelled or not) with a bundle and write "
                    + "a CSV of row, probability of default, prediction, credit score and risk band, as the service would; "
                    + "with --reasons also each decision's principal reasons, for adverse-action letters.")
    int score(@Option(names = "--model", required = true, paramLabel = "DIR", description = "model bundle") Path model,
              @Option(names = "--data", required = true, paramLabel = "FILE.csv",
                      description = "applications") Path data,
              @Option(names = "--out", required = true, paramLabel = "FILE.csv",
                      description = "the CSV to write") Path file,
              @Option(names = "--reasons", arity = "0..1", fallbackValue = "DECLINED", paramLabel = "declined|all",
                      converter = ReasonScopeConverter.class,
                      description = "also write the principal reasons (the features that raised the probability of "
                              + "default most, by exact SHAP values in log-odds, with the card's codes) of the declined "
                              + "decisions (the default) or of all") ReasonScope reasons,
              @Option(names = "--reasons-top", defaultValue = "4", paramLabel = "N",
                      description = "at most N reasons per decision (default ${DEFAULT-VALUE})") int top)
            throws IOException {
        ModelBundle bundle = ModelBundle.read(model);
        ReasonRanker ranker = new ReasonRanker(bundle.card().reasons(), top);
        List<CreditRecord> records = KaggleCsv.read(data);
        CreditScorer scorer = bundle.scorer();
        double[] probabilities = scorer.probabilities(ModelTrainer.featureRows(records));
        DecisionPolicy cutOff = bundle.card().cutOff();
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("row,probability,prediction,credit_score,risk_band");
            for (int k = 1; reasons != null && k <= top; k++) {
                writer.write(",reason_" + k + "_code,reason_" + k + "_description,reason_" + k + "_contribution");
            }
            writer.write("\n");
            for (int i = 0; i < probabilities.length; i++) {
                double p = probabilities[i];
                long score = Scorecard.STANDARD.score(p);
                String band = RiskBands.STANDARD.bandOf(p);
                int prediction = cutOff.declines(p, score, band, RiskBands.STANDARD) ? 1 : 0;
                writer.write((i + 1) + "," + p + "," + prediction + "," + score + "," + band);
                if (reasons != null) {
                    List<Reason> given = reasons == ReasonScope.ALL || prediction == 1
                            ? ranker.reasons(scorer.contributions(records.get(i).features())) : List.of();
                    for (int k = 0; k < top; k++) {
                        writer.write(k < given.size() ? "," + csvCell(given.get(k).code()) + ","
                                + csvCell(given.get(k).description()) + "," + given.get(k).contribution() : ",,,");
                    }
                }
                writer.write("\n");
            }
        }
        out.println("scored " + probabilities.length + " applications with model " + bundle.card().modelVersion()
                + ", written to " + file);
        return OK;
    }

    /** A CSV cell, quoted when a team's own description holds a comma or a quote (RFC 4180). */
    private static String csvCell(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** {@code declined} or {@code all}, in any case. */
    static final class ReasonScopeConverter implements CommandLine.ITypeConverter<ReasonScope> {
        @Override
        public ReasonScope convert(String value) {
            try {
                return ReasonScope.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("--reasons is declined or all, not '" + value + "'");
            }
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Load historical decisions and outcomes into a prediction store (migrated first): each row as "
                    + "the prediction the inference service would have answered with the bundle, made on its "
                    + "application_date, and each SeriousDlqin2yrs with an outcome_date as a label, final or performing "
                    + "so far by the card's performance window. Rows are checked as /predict checks them; a bad row is "
                    + "reported and skipped. Loading the same file again stores nothing twice.")
    int backfill(@Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model bundle") Path model,
                 @Option(names = "--challenger", paramLabel = "DIR",
                         description = "a second bundle that scored every application in the shadow, as the service "
                                 + "does with INFERENCE_CHALLENGER_PATH: its decisions are stored as the challenger's") Path challengerModel,
                 @Option(names = "--data", required = true, paramLabel = "FILE.csv",
                         description = "Kaggle layout or any CSV naming the ten features, with application_date "
                                 + "(YYYY-MM-DD), optionally SeriousDlqin2yrs, outcome_date and prediction_id (a UUID; "
                                 + "without it, ids are derived from the file's SHA-256 and the line)") Path data,
                 @Option(names = "--store", required = true, paramLabel = "JDBC_URL",
                         description = "jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB") String url,
                 @Option(names = "--store-user", paramLabel = "USER",
                         defaultValue = "${env:SPRING_DATASOURCE_USERNAME}",
                         description = "the store's user (default: $SPRING_DATASOURCE_USERNAME, as the services)") String user,
                 @Option(names = "--store-password", paramLabel = "PASSWORD",
                         defaultValue = "${env:SPRING_DATASOURCE_PASSWORD}",
                         description = "the store's password (default: $SPRING_DATASOURCE_PASSWORD; the environment "
                                 + "keeps it out of the process list)") String password,
                 @Option(names = "--progress-every", defaultValue = "200000", paramLabel = "N",
                         description = "print progress every N rows (default ${DEFAULT-VALUE})") long progressEvery)
            throws IOException, SQLException {
        if (progressEvery < 1) {
            throw new IllegalArgumentException("backfill: --progress-every must be positive, got " + progressEvery);
        }
        ModelBundle bundle = ModelBundle.read(model);
        ModelBundle challenger = challengerModel == null ? null : ModelBundle.read(challengerModel);
        if (!Files.isRegularFile(data)) {
            throw new NoSuchFileException(data.toString());
        }
        StoreDialect.prepare(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        // one connection writes; Flyway holds a second one while it migrates PostgreSQL
        config.setMaximumPoolSize(2);
        if (StoreDialect.of(url) == StoreDialect.SQLITE) {
            // a bulk load: commit to the write-ahead log without waiting for the disk (a crash loses at most the last
            // batches, which a re-run stores), and cache the random-keyed indexes the ids go into
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("cache_size", "-262144");
            // the services may be writing to the same file: wait for them as they wait for each other
            config.addDataSourceProperty("busy_timeout", "10000");
        }
        String where = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        try (HikariDataSource dataSource = open(config, where)) {
            PredictionStore store = new PredictionStore(dataSource, url);
            try {
                store.migrate();
            } catch (FlywayException e) {
                throw new IOException("cannot migrate the store " + where + ": " + StoreFailures.describe(e), e);
            }
            ModelCard card = bundle.card();
            out.printf(Locale.ROOT,
                    "backfilling %s into %s with model %s (threshold %.2f, performance window %d months)%n",
                    data, where, card.modelVersion(), card.threshold(), card.window().months());
            long started = System.nanoTime();
            if (challenger != null) {
                out.printf(Locale.ROOT, "with challenger %s in the shadow%n", challenger.card().modelVersion());
            }
            Backfill.Summary summary = new Backfill(bundle, challenger, store, clock, out, err, progressEvery)
                    .load(data);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "read %d rows in %.1f s (%.0f rows/s): %d predictions stored, %d bad rows skipped, "
                    + "%d already in the store%n", summary.rows(), seconds, summary.rows() / seconds, summary.stored(),
                    summary.bad(), summary.alreadyStored());
            out.printf(Locale.ROOT, "outcomes: %d stored (%d defaults and %d performing, final; %d performing so far), "
                    + "%d already in the store, %d rows without an outcome%n",
                    summary.defaults() + summary.performing() + summary.performingSoFar(), summary.defaults(),
                    summary.performing(), summary.performingSoFar(), summary.outcomesAlreadyStored(),
                    summary.withoutOutcome());
        }
        return OK;
    }

    private static HikariDataSource open(HikariConfig config, String where) throws IOException {
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new IOException("cannot connect to the store " + where + ": " + StoreFailures.describe(e.getCause()),
                    e);
        }
    }

    @Command(name = "cutoff", mixinStandardHelpOptions = true,
            description = "Choose the lender's cut-off of an existing bundle, as train and import do, and write it with "
                    + "its hold-out figures into the model card, with the calibration map's reference figures at the "
                    + "cut-off (the model and the reference profile are not touched). "
                    + "A trained bundle's hold-out is drawn again from its training data (--data, checked by SHA-256); "
                    + "an imported bundle's are its evaluation rows (--data, the evaluation file).")
    int cutOff(@Option(names = "--model", required = true, paramLabel = "DIR", description = "model bundle") Path model,
               @Option(names = "--data", required = true, paramLabel = "FILE.csv",
                       description = "the bundle's training data, or an imported bundle's evaluation file") Path data,
               @Option(names = "--approval-rate", paramLabel = "R",
                       description = "the cut-off is the PD at which this share of the hold-out is approved (default 0.85)") Double approvalRate,
               @Option(names = "--cutoff-pd", paramLabel = "P",
                       description = "the cut-off as this PD instead") Double cutOffPd)
            throws IOException {
        BundleOptions choice = new BundleOptions();
        choice.approvalRate = approvalRate;
        choice.cutOffPd = cutOffPd;
        ModelCard.CutOffChoice cutOff = choice.cutOffChoice();
        ModelCard card = ModelBundle.readCard(model);
        String sha256 = FileDigest.sha256(data);
        List<CreditRecord> records = KaggleCsv.read(data);
        List<CreditRecord> holdout;
        if (card.data() != null) {
            holdout = ModelTrainer.holdout(records, sha256, card.data());
        } else if (sha256.equals(card.origin().evaluationSha256())) {
            holdout = records;
        } else {
            throw new IllegalArgumentException("cutoff: " + data
                    + " is not the evaluation file the bundle was imported "
                    + "with (" + card.origin().evaluation() + ", sha256 " + card.origin().evaluationSha256() + ")");
        }
        ModelBundle bundle = ModelBundle.read(model);
        double[] scores = bundle.scorer().probabilities(ModelTrainer.featureRows(holdout));
        int[] labels = holdout.stream().mapToInt(CreditRecord::label).toArray();
        ModelCard.Decision decision = ModelCard.Decision.choose(scores, labels, cutOff);
        ModelCard decided = card.withDecision(decision);
        if (card.calibration() != null) {
            decided = decided.withCalibration(CalibrationMap.fit(scores, labels, decision.cutOff().pd()));
        }
        new ModelBundle(bundle.booster(), bundle.columns(), bundle.positiveClass(), decided, bundle.profile())
                .write(model);
        printCutOff(decision);
        return OK;
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "A bundle's metrics on a labelled CSV in the Kaggle layout, beside the model card's hold-out: "
                    + "AUC, Gini, KS, accuracy, precision, recall and F1 at the card's threshold, and the rating grades.")
    int evaluate(@Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model bundle") Path model,
                 @Option(names = "--data", required = true, paramLabel = "FILE.csv",
                         description = "labelled CSV") Path data)
            throws IOException {
        ModelBundle bundle = ModelBundle.read(model);
        List<CreditRecord> records = KaggleCsv.read(data);
        if (records.stream().anyMatch(record -> !record.labeled())) {
            throw new IllegalArgumentException("evaluate: every row needs a label (SeriousDlqin2yrs)");
        }
        warnIfTrainedOn(bundle.card(), data);
        double[] scores = bundle.scorer().probabilities(ModelTrainer.featureRows(records));
        int[] labels = records.stream().mapToInt(CreditRecord::label).toArray();
        ModelCard card = bundle.card();
        RankingMetrics ranking = RankingMetrics.of(scores, labels);
        ConfusionMatrix confusion = ConfusionMatrix.atThreshold(scores, labels, card.threshold());
        ModelCard.HoldoutMetrics holdout = card.holdout();
        out.printf(Locale.ROOT, "model %s, threshold %.2f%n", card.modelVersion(), card.threshold());
        out.printf(Locale.ROOT, "this data (%d rows, %d defaults): %s%n", labels.length, ranking.positives(),
                metrics(ranking.aucRoc(), ranking.gini(), ranking.ks(), confusion.accuracy(), confusion.precision(),
                        confusion.recall(), confusion.f1()));
        out.printf(Locale.ROOT, "hold-out  (%d rows, %d defaults): %s%n", holdout.rows(), holdout.positives(),
                metrics(holdout));
        if (card.decision() != null) {
            // the decisions the service makes: at the lender's cut-off, not at the training threshold
            int[] declined = new int[scores.length];
            for (int i = 0; i < scores.length; i++) {
                double p = scores[i];
                declined[i] = card.cutOff().declines(p, Scorecard.STANDARD.score(p), RiskBands.STANDARD.bandOf(p),
                        RiskBands.STANDARD) ? 1 : 0;
            }
            ConfusionMatrix atCutOff = ConfusionMatrix.of(declined, labels);
            out.printf(Locale.ROOT, "this data at the cut-off %s: approval rate %.4f, accuracy %.4f, precision %.4f, "
                    + "recall %.4f, F1 %.4f%n", card.cutOff().description(),
                    1 - java.util.Arrays.stream(declined).average().orElse(0), atCutOff.accuracy(),
                    atCutOff.precision(),
                    atCutOff.recall(), atCutOff.f1());
            printCutOff(card.decision());
        }
        MasterScale scale = card.masterScale();
        if (scale != null) {
            int[] grades = scale.indexesOf(scores);
            long[] rows = new long[scale.size()];
            long[] defaults = new long[scale.size()];
            double[] pdSums = new double[scale.size()];
            for (int i = 0; i < scores.length; i++) {
                rows[grades[i]]++;
                defaults[grades[i]] += labels[i];
                pdSums[grades[i]] += scores[i];
            }
            for (int g = 0; g < scale.size(); g++) {
                out.printf(Locale.ROOT, "grade %s  %d rows  %d defaults  observed %.4f  mean PD %.4f%n",
                        scale.grades().get(g).grade(), rows[g], defaults[g],
                        rows[g] == 0 ? 0 : (double) defaults[g] / rows[g],
                        rows[g] == 0 ? 0 : pdSums[g] / rows[g]);
            }
        }
        return OK;
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Print a bundle's model card and a summary of its reference profile.")
    int describe(@Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model bundle") Path model) throws IOException {
        ModelCard card = ModelBundle.readCard(model);
        ReferenceProfile profile = ModelBundle.readProfile(model);
        out.printf(Locale.ROOT, "model %s (%s, bundle format %d), created %s%n", card.modelVersion(), card.modelType(),
                card.formatVersion(), card.createdAt());
        out.printf(Locale.ROOT, "threshold %.2f on the probability of class %s%n", card.threshold(),
                card.positiveLabel());
        ModelCard.DataSource source = card.data();
        if (source != null) {
            out.printf(Locale.ROOT, "trained on %s (sha256 %s): %d rows, %d defaults; %d trained, %d held out%n",
                    source.source(), source.sha256(), source.rows(), source.positives(), source.trainRows(),
                    source.holdoutRows());
        }
        ModelCard.Parameters parameters = card.parameters();
        if (parameters != null) {
            out.printf(Locale.ROOT, "%s, %s trees, %d rounds, eta %s, depth %d%n", parameters.objective(),
                    parameters.treeMethod(), parameters.numBoostRound(), parameters.eta(), parameters.maxDepth());
        }
        ModelCard.Origin origin = card.origin();
        if (origin != null) {
            out.printf(Locale.ROOT, "imported from %s (%s, sha256 %s), saved by XGBoost %s: %s, %d rounds%n",
                    origin.modelFile(), origin.modelFormat(), origin.modelSha256(), origin.xgboostVersion(),
                    origin.objective(), origin.rounds());
            if (origin.mlflowRunId() != null) {
                out.printf(Locale.ROOT, "MLflow run %s, model %s (MLflow %s)%n", origin.mlflowRunId(),
                        origin.mlflowModelUuid(), origin.mlflowVersion());
            }
            out.printf(Locale.ROOT, "reference %s (sha256 %s, %d rows), evaluation %s (sha256 %s)%n",
                    origin.reference(),
                    origin.referenceSha256(), origin.referenceRows(), origin.evaluation(), origin.evaluationSha256());
        }
        ModelCard.HoldoutMetrics holdout = card.holdout();
        out.printf(Locale.ROOT, "hold-out (%d rows, %d defaults): %s%n", holdout.rows(), holdout.positives(),
                metrics(holdout));
        if (card.decision() != null) {
            printCutOff(card.decision());
        }
        printGrades(card.masterScale());
        printCalibration(card);
        SeasoningCurve curve = card.seasoning();
        out.printf(Locale.ROOT, "outcome: default within %d months of the application%s; seasoning curve (%s%s): %s%n",
                card.window().months(), card.performanceWindowMonths() == null ? " (not recorded: the standard)" : "",
                curve.source(), card.seasoningCurve() == null ? ", not recorded" : "",
                curve.cumulativeShare().stream().map(share -> String.format(Locale.ROOT, "%.4f", share))
                        .collect(Collectors.joining(",")));
        out.printf(Locale.ROOT, "reference profile: %d rows%n", profile.rows());
        for (DistributionProfile feature : profile.features()) {
            out.printf(Locale.ROOT, "  %-40s missing %6.2f%%  outliers %6.2f%%  fences [%s, %s]%n", feature.name(),
                    100 * feature.missingRate(), 100 * feature.outlierRate(), feature.fences().min(),
                    feature.fences().max());
        }
        return OK;
    }

    private void printGrades(MasterScale scale) {
        if (scale == null) {
            out.println("no rating grades (bundle format 1)");
            return;
        }
        // [lower, upper), as the grades hold their PDs; the last grade includes 1
        for (int g = 0; g < scale.size(); g++) {
            MasterScale.Grade grade = scale.grades().get(g);
            out.printf(Locale.ROOT, "grade %s  PD [%.4f, %.4f%c  %d rows  %d defaults  observed %.4f  mean PD %.4f%n",
                    grade.grade(), grade.lowerPd(), grade.upperPd(), g == scale.size() - 1 ? ']' : ')',
                    grade.holdoutRows(), grade.holdoutDefaults(),
                    grade.holdoutRows() == 0 ? 0 : (double) grade.holdoutDefaults() / grade.holdoutRows(),
                    grade.holdoutMeanPd());
        }
    }

    /** The card's calibration map and the figures of the estimates' bands, or why performance is not estimated. */
    private void printCalibration(ModelCard card) {
        CalibrationMap map = card.calibration();
        if (map == null) {
            out.println("calibration: none recorded; performance is not estimated: "
                    + PerformanceEstimator.NO_CALIBRATION_MAP);
            return;
        }
        out.printf(Locale.ROOT, "calibration: %s%s: %s%n", map.method(),
                map.thresholds().isEmpty() ? "" : " (" + map.thresholds().size() + " points)", map.reason());
        EstimationReference reference = map.reference();
        long rows = PerformanceEstimator.MIN_WINDOW_ROWS;
        out.printf(Locale.ROOT, "estimate standard errors at %d rows: AUC-ROC %.4f  accuracy %.4f  precision %.4f  "
                + "recall %.4f  F1 %.4f  default rate %.4f (band: estimate ± %.0f SE, SE ∝ 1/sqrt(rows))%n", rows,
                reference.aucRoc().standardError(rows), reference.accuracy().standardError(rows),
                reference.precision().standardError(rows), reference.recall().standardError(rows),
                reference.f1().standardError(rows), reference.defaultRate().standardError(rows),
                PerformanceEstimator.BAND_STANDARD_ERRORS);
        EstimationReference.AucRange range = reference.aucRange();
        if (range == null) {
            out.printf(Locale.ROOT, "hold-out AUC over chunks: none, %d rows hold fewer than two chunks of %d%n",
                    reference.rows(), PerformanceEstimator.MIN_WINDOW_ROWS);
        } else {
            out.printf(Locale.ROOT, "hold-out AUC over %d chunks of %d rows: mean %.4f, sd %.4f, range [%.4f, %.4f]%n",
                    range.chunks(), range.chunkRows(), range.mean(), range.standardDeviation(), range.lower(),
                    range.upper());
        }
    }

    /**
     * Warns, as {@code import} does, when the file is the one the model learnt from: the training
     * file of a trained bundle (which also holds its hold-out), or the reference file of an imported
     * one (the training data or a sample of it). Rows copied into another file are not recognised.
     */
    private void warnIfTrainedOn(ModelCard card, Path data) throws IOException {
        String sha256 = FileDigest.sha256(data);
        if (card.data() != null && sha256.equals(card.data().sha256())) {
            err.println("warning: " + data + " is the model's training file (" + card.data().source() + ", sha256 "
                    + sha256 + "): " + card.data().trainRows() + " of its rows trained the model, so these metrics are "
                    + "optimistic; the card's hold-out below is the unbiased figure");
        } else if (card.origin() != null && sha256.equals(card.origin().referenceSha256())) {
            err.println("warning: " + data + " is the import's reference file (" + card.origin().reference()
                    + ", sha256 " + sha256 + "): if the model was trained on these rows, these metrics are optimistic");
        }
    }

    private static String metrics(ModelCard.HoldoutMetrics holdout) {
        return metrics(holdout.aucRoc(), holdout.gini(), holdout.ks(), holdout.accuracy(), holdout.precision(),
                holdout.recall(), holdout.f1());
    }

    private static String metrics(double auc, double gini, double ks, double accuracy, double precision, double recall,
                                  double f1) {
        return String.format(Locale.ROOT, "AUC-ROC %.4f  Gini %.4f  KS %.4f  accuracy %.4f  precision %.4f  recall %.4f"
                + "  F1 %.4f", auc, gini, ks, accuracy, precision, recall, f1);
    }
}
