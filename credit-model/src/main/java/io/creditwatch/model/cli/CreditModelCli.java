package io.creditwatch.model.cli;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.CsvFormatException;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.training.ModelTrainer;
import io.creditwatch.model.training.TrainingOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar credit-model.jar generate|train ...}: makes synthetic data in the Kaggle layout
 * and trains a model bundle from a file in that layout.
 */
public final class CreditModelCli {

    static final int OK = 0;
    static final int USAGE = 2;

    private static final String MAIN_HELP = """
            Usage: java -jar credit-model.jar <command> [options]

            Commands:
              generate   write synthetic credit data in the Kaggle "Give Me Some Credit" layout
              train      train an XGBoost model on such a file and write a model bundle

            Run '<command> --help' for its options.
            """;
    private static final String GENERATE_HELP = """
            Usage: java -jar credit-model.jar generate --rows N --out FILE.csv [--seed S]

            Writes N rows of synthetic data that mimic Kaggle's cs-training.csv (its marginals,
            missing values, default rate and quirks), CRLF line ends, NA for missing.

              --rows N     number of rows (required)
              --out FILE   the CSV file to write (required)
              --seed S     random seed; the same seed gives the same file (default 42)
            """;
    private static final String TRAIN_HELP = """
            Usage: java -jar credit-model.jar train --data FILE.csv --out DIR [--seed S] [--version V]

            Trains a Tribuo XGBoost classifier on a labelled file in the Kaggle layout (the
            real cs-training.csv or generated data), evaluates it on a stratified 20% hold-out
            and writes the model bundle (model.tribuo, model-card.json, reference-profile.json)
            to DIR. Prints the hold-out metrics.

              --data FILE     labelled CSV in the Kaggle layout (required)
              --out DIR       bundle directory to write (required)
              --seed S        seed of the split and of XGBoost's sampling (default 42)
              --version V     model version (default: the date and the data's hash, e.g. 20261125-1a2b3c4d)
              --trees N       boosting rounds (default 200)
              --threshold T   serving threshold on the probability of default (default 0.5)
              --grades B,B,.. upper PD boundaries of the rating grades, ascending, e.g.
                              0.01,0.02,0.05,0.1,0.2 for six grades (default: eight grades of
                              equal expected defaults on the hold-out, see docs/credit-validation.md)
            """;

    private final PrintStream out;
    private final PrintStream err;

    CreditModelCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CreditModelCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        try {
            if (args.length == 0 || isHelp(args[0])) {
                out.print(MAIN_HELP);
                return args.length == 0 ? USAGE : OK;
            }
            boolean help = args.length > 1 && isHelp(args[1]);
            switch (args[0]) {
                case "generate" -> {
                    if (help) {
                        out.print(GENERATE_HELP);
                    } else {
                        generate(new Arguments("generate", args, 1, Set.of("rows", "out", "seed")));
                    }
                }
                case "train" -> {
                    if (help) {
                        out.print(TRAIN_HELP);
                    } else {
                        train(new Arguments("train", args, 1,
                                Set.of("data", "out", "seed", "version", "trees", "threshold", "grades")));
                    }
                }
                default -> throw new UsageException("unknown command '" + args[0] + "' (try --help)");
            }
            return OK;
        } catch (UsageException | CsvFormatException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return USAGE;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
    }

    private void generate(Arguments arguments) throws IOException {
        int rows = arguments.positiveInt("rows", 0);
        Path file = Path.of(arguments.required("out"));
        long seed = arguments.longValue("seed", TrainingOptions.DEFAULT_SEED);
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        KaggleCsv.write(file, new SyntheticCreditGenerator(seed).generate(rows));
        out.println("wrote " + rows + " rows to " + file);
    }

    private void train(Arguments arguments) throws IOException {
        Path data = Path.of(arguments.required("data"));
        Path bundleDirectory = Path.of(arguments.required("out"));
        long started = System.nanoTime();
        ModelTrainer.Progress progress = new ModelTrainer.Progress() {
            @Override
            public void phase(String message) {
                out.printf("[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
            }

            @Override
            public void warning(String message) {
                err.println("warning: " + message);
            }
        };
        progress.phase("reading " + data);
        String sha256 = sha256(data);
        List<CreditRecord> records = KaggleCsv.read(data);
        String version = arguments.optional("version",
                LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + sha256.substring(0, 8));
        TrainingOptions defaults = TrainingOptions.builder(version).build();
        TrainingOptions options = defaults.toBuilder()
                .seed(arguments.longValue("seed", defaults.seed()))
                .threshold(parseThreshold(arguments.optional("threshold", Double.toString(defaults.threshold()))))
                .trees(arguments.positiveInt("trees", defaults.trees()))
                .gradeBoundaries(gradeBoundaries(arguments.optional("grades", "")))
                .build();
        ModelBundle bundle = ModelTrainer.train(records, data.getFileName().toString(), sha256, options, progress);
        progress.phase("writing the bundle to " + bundleDirectory);
        bundle.write(bundleDirectory);
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelCard card = bundle.card();
        ModelCard.HoldoutMetrics holdout = card.holdout();
        out.printf("model %s trained on %d rows (%d defaults) in %.1f s, bundle written to %s%n",
                card.modelVersion(), card.data().trainRows(), card.data().positives(), seconds, bundleDirectory);
        for (MasterScale.Grade grade : card.masterScale().grades()) {
            out.printf("grade %s  PD (%.4f, %.4f]  %d rows  %d defaults  observed %.4f  mean PD %.4f%n", grade.grade(),
                    grade.lowerPd(), grade.upperPd(), grade.holdoutRows(), grade.holdoutDefaults(),
                    grade.holdoutRows() == 0 ? 0 : (double) grade.holdoutDefaults() / grade.holdoutRows(),
                    grade.holdoutMeanPd());
        }
        out.printf("hold-out (%d rows, threshold %.2f): AUC-ROC %.4f  Gini %.4f  KS %.4f  accuracy %.4f"
                        + "  precision %.4f  recall %.4f  F1 %.4f%n",
                holdout.rows(), card.threshold(), holdout.aucRoc(), holdout.gini(), holdout.ks(), holdout.accuracy(),
                holdout.precision(), holdout.recall(), holdout.f1());
    }

    private static List<Double> gradeBoundaries(String value) {
        if (value.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(value.split(",")).map(String::trim).map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new UsageException("train: --grades must be numbers separated by commas, got '" + value + "'");
        }
    }

    private static double parseThreshold(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("train: --threshold must be a number, got '" + value + "'");
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
