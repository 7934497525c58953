package io.creditwatch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The same behaviour on both dialects: each nested class runs the shared checks on one of them. */
class PredictionStoreTests {

    abstract static class Contract {

        HikariDataSource dataSource;
        PredictionStore store;

        @AfterEach
        void close() {
            TestDatabases.dispose(dataSource);
        }

        @Test
        void predictionsReadBackInOrderWithMissingValuesIntact() throws SQLException {
            List<CapturedPrediction> written = predictions(3);
            store.insertPredictions(written);

            List<StoredPrediction> read = store.predictionsAfter(0, 10);

            assertThat(read).extracting(StoredPrediction::predictionId)
                    .containsExactlyElementsOf(written.stream().map(CapturedPrediction::predictionId).toList());
            assertThat(read.get(0).features()).containsExactly(written.get(0).features());
            assertThat(read.get(1).features()[Feature.MONTHLY_INCOME.ordinal()]).isNaN();
            assertThat(read.get(2).probability()).isEqualTo(written.get(2).probability());
            assertThat(read.get(2).predictedClass()).isEqualTo(1);
            assertThat(read).extracting(StoredPrediction::modelVersion)
                    .containsExactlyElementsOf(written.stream().map(CapturedPrediction::modelVersion).toList());
            assertThat(read).extracting(StoredPrediction::seq).isSorted().doesNotHaveDuplicates();
        }

        @Test
        void readsOnlyWhatIsAfterThePositionUpToTheLimit() throws SQLException {
            store.insertPredictions(predictions(5));
            long third = store.predictionsAfter(0, 3).get(2).seq();

            assertThat(store.predictionsAfter(third, 10)).hasSize(2);
            assertThat(store.predictionsAfter(0, 2)).hasSize(2);
            assertThat(store.lastPredictionSeq()).isEqualTo(store.predictionsAfter(third, 10).get(1).seq());
        }

        @Test
        void aBatchWithARowTheStoreRefusesWritesNothingAndSaysItIsTheData() throws SQLException {
            List<CapturedPrediction> batch = new ArrayList<>(predictions(2));
            CapturedPrediction valid = batch.get(1);
            batch.add(new CapturedPrediction(UUID.randomUUID().toString(), null, 1, "1.0.0", valid.features(), 0.05,
                    0, 640, "low"));

            SQLException refused = catchThrowableOfType(SQLException.class, () -> store.insertPredictions(batch));
            assertThat(store.predictionsAfter(0, 10)).isEmpty();
            assertThat(StoreFailures.refusesData(refused)).isTrue();
            assertThat(StoreFailures.describe(refused)).doesNotContain(valid.predictionId(), "INSERT", "0.35");
        }

        @Test
        void aRetriedBatchThatWasStoredSucceedsAndStoresEachPredictionOnce() throws SQLException {
            List<CapturedPrediction> batch = predictions(3);
            assertThat(store.insertPredictions(batch.subList(0, 2))).containsExactly(true, true);
            assertThat(store.insertPredictions(batch)).containsExactly(false, false, true);
            assertThat(store.insertPredictions(List.of(batch.get(0), batch.get(0)))).containsExactly(false, false);

            assertThat(store.predictionsAfter(0, 10)).extracting(StoredPrediction::predictionId)
                    .containsExactlyElementsOf(batch.stream().map(CapturedPrediction::predictionId).toList());
        }

        @Test
        void aLargeBatchSaysOfEachRowWhetherItWasNew() throws SQLException {
            List<CapturedPrediction> batch = predictions(1_250);
            store.insertPredictions(batch.subList(400, 700));

            boolean[] stored = store.insertPredictions(batch);

            for (int i = 0; i < stored.length; i++) {
                assertThat(stored[i]).as("row %d", i).isEqualTo(i < 400 || i >= 700);
            }
            assertThat(store.predictionsAfter(0, 2_000)).extracting(StoredPrediction::predictionId)
                    .containsExactlyInAnyOrderElementsOf(batch.stream().map(CapturedPrediction::predictionId).toList());
        }

        @Test
        void labelsJoinTheirPredictionsWithTheirDatesAndFinality() throws SQLException {
            List<CapturedPrediction> predictions = predictions(2);
            store.insertPredictions(predictions);
            String first = predictions.get(0).predictionId();

            assertThat(store.predictionTimes(List.of(first, "no-such-id")))
                    .isEqualTo(Map.of(first, predictions.get(0).predictedAtMillis()));
            assertThat(store.insertOutcomes(List.of(new OutcomeSubmission(first, 0, 5_000L)), 1000))
                    .containsExactly(true);
            assertThat(store.insertOutcomes(List.of(new OutcomeSubmission(first, 1, 9_000L)), label -> true, 2000))
                    .containsExactly(true);

            List<StoredOutcome> labels = store.outcomesAfter(0, 10);
            assertThat(labels).extracting(StoredOutcome::actual).containsExactly(0, 1);
            assertThat(labels).extracting(StoredOutcome::observedAtMillis).containsExactly(5_000L, 9_000L);
            assertThat(labels).extracting(StoredOutcome::isFinal).containsExactly(false, true);
            assertThat(labels.get(1).probability()).isEqualTo(predictions.get(0).probability());
            assertThat(labels.get(1).predictedAtMillis()).isEqualTo(predictions.get(0).predictedAtMillis());
            assertThat(labels.get(1).modelVersion()).as("the version of the model that made the prediction")
                    .isEqualTo(predictions.get(0).modelVersion()).isNotBlank();
            assertThat(labels.get(1).predictionSeq()).isEqualTo(store.predictionsAfter(0, 1).get(0).seq());
            assertThat(store.finalOutcomes(List.of(first, predictions.get(1).predictionId())))
                    .isEqualTo(Map.of(first, 1));
            assertThat(store.outcomesAfter(labels.get(0).seq(), 10)).hasSize(1);
            assertThat(store.lastOutcomeSeq()).isEqualTo(labels.get(1).seq());
        }

        @Test
        void aSecondFinalOutcomeAndARepeatedObservationAreNotStored() throws SQLException {
            List<CapturedPrediction> predictions = predictions(1);
            store.insertPredictions(predictions);
            String id = predictions.get(0).predictionId();

            boolean[] stored = store.insertOutcomes(List.of(new OutcomeSubmission(id, 0, 5_000L),
                    new OutcomeSubmission(id, 0, 5_000L), new OutcomeSubmission(id, 1), new OutcomeSubmission(id, 0)),
                    1);

            assertThat(stored).containsExactly(true, false, true, false);
            assertThat(store.outcomesAfter(0, 10)).hasSize(2);
        }

        @Test
        void concurrentSendersOfConflictingFinalOutcomesStoreOneEach() throws Exception {
            List<CapturedPrediction> predictions = predictions(300);
            store.insertPredictions(predictions);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<Callable<boolean[]>> sends = new ArrayList<>();
                for (CapturedPrediction prediction : predictions) {
                    for (int actual = 0; actual <= 1; actual++) {
                        OutcomeSubmission label = new OutcomeSubmission(prediction.predictionId(), actual);
                        sends.add(() -> insertRetryingBusy(label));
                    }
                }
                long storedCount = 0;
                for (Future<boolean[]> sent : senders.invokeAll(sends)) {
                    storedCount += sent.get()[0] ? 1 : 0;
                }
                assertThat(storedCount).isEqualTo(300);
            } finally {
                senders.shutdownNow();
            }
            Map<String, Long> finals = new HashMap<>();
            store.outcomesAfter(0, 1000).forEach(label -> finals.merge(label.predictionId(), 1L, Long::sum));
            assertThat(finals).hasSize(300).allSatisfy((id, count) -> assertThat(count).isOne());
        }

        /** SQLite answers SQLITE_BUSY to a writer that waited longer than its busy timeout; a sender tries again. */
        private boolean[] insertRetryingBusy(OutcomeSubmission label) throws SQLException {
            for (int attempt = 0;; attempt++) {
                try {
                    return store.insertOutcomes(List.of(label), 1);
                } catch (SQLException e) {
                    if (attempt == 20 || !String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) {
                        throw e;
                    }
                }
            }
        }

        /** Both insert paths (SQLite's rows, PostgreSQL's column arrays) keep a decision's reasons, and only where given. */
        @Test
        void reasonsAreStoredWithTheirDecisionAndLookedUp() throws SQLException {
            List<CapturedPrediction> predictions = new ArrayList<>(predictions(3));
            CapturedPrediction plain = predictions.get(1);
            String reasons = "[{\"feature\":\"DebtRatio\",\"code\":\"DEBT\",\"description\":\"Debt is high\",\"contribution\":0.5}]";
            predictions.set(1,
                    new CapturedPrediction(plain.predictionId(), plain.requestId(), plain.predictedAtMillis(),
                            plain.modelVersion(), plain.features(), plain.probability(), plain.predictedClass(),
                            plain.creditScore(),
                            plain.riskBand(), reasons));
            store.insertPredictions(predictions);

            assertThat(store.reasons(predictions.stream().map(CapturedPrediction::predictionId).toList()))
                    .containsExactly(Map.entry(plain.predictionId(), reasons));
        }

        /**
         * Both insert paths keep the challenger's shadow prediction under the champion's id, and both
         * reads (predictions, and labels with their predictions) join it; a retry stores it once.
         */
        @Test
        void aChallengersPredictionIsStoredUnderTheChampionsIdAndReadBackWithIt() throws SQLException {
            List<CapturedPrediction> predictions = new ArrayList<>(predictions(3));
            CapturedPrediction plain = predictions.get(2);
            ChallengerPrediction shadow = new ChallengerPrediction("2.0.0", 0.37, 1, 512, "high");
            predictions.set(2,
                    new CapturedPrediction(plain.predictionId(), plain.requestId(), plain.predictedAtMillis(),
                            plain.modelVersion(), plain.features(), plain.probability(), plain.predictedClass(),
                            plain.creditScore(),
                            plain.riskBand(), null, shadow));
            store.insertPredictions(predictions);
            assertThat(store.insertPredictions(predictions)).containsOnly(false);
            store.insertOutcomes(List.of(new OutcomeSubmission(plain.predictionId(), 1, null),
                    new OutcomeSubmission(predictions.get(0).predictionId(), 0, null)), 5_000_000L);

            List<StoredPrediction> read = store.predictionsAfter(0, 10);
            assertThat(read).extracting(StoredPrediction::challenger).containsExactly(null, null, shadow);
            assertThat(store.outcomesAfter(0, 10)).extracting(StoredOutcome::challenger).containsExactly(shadow, null);
        }

        @Test
        void predictionTimesAreLookedUpInChunks() throws SQLException {
            List<CapturedPrediction> predictions = predictions(1200);
            store.insertPredictions(predictions);
            List<String> ids = new ArrayList<>(predictions.stream().map(CapturedPrediction::predictionId).toList());
            ids.add("unknown");

            assertThat(store.predictionTimes(ids)).hasSize(1200);
        }

        @Test
        void emptyStoreHasPositionZero() throws SQLException {
            assertThat(store.lastPredictionSeq()).isZero();
            assertThat(store.lastOutcomeSeq()).isZero();
            assertThat(store.outcomesAfter(0, 10)).isEmpty();
        }
    }

    @Test
    void aDriverThatRewritesBatchesStillSaysWhichOutcomesWereStored() throws SQLException {
        HikariDataSource migrated = TestDatabases.postgres();
        String url = migrated.getJdbcUrl() + "&reWriteBatchedInserts=true";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(TestDatabases.POSTGRES_USER);
        try (HikariDataSource rewriting = new HikariDataSource(config)) {
            PredictionStore store = new PredictionStore(rewriting, url);
            List<CapturedPrediction> predictions = predictions(2);
            assertThat(store.insertPredictions(predictions)).containsExactly(true, true);
            String id = predictions.get(0).predictionId();

            assertThat(store.insertOutcomes(List.of(new OutcomeSubmission(id, 1), new OutcomeSubmission(id, 0),
                    new OutcomeSubmission(predictions.get(1).predictionId(), 0)), 1))
                    .containsExactly(true, false, true);
        } finally {
            TestDatabases.dispose(migrated);
        }
    }

    @Nested
    class OnSqlite extends Contract {

        @TempDir
        Path directory;

        @org.junit.jupiter.api.BeforeEach
        void open() {
            dataSource = TestDatabases.sqlite(directory);
            store = new PredictionStore(dataSource, dataSource.getJdbcUrl());
        }
    }

    @Nested
    class OnPostgres extends Contract {

        @org.junit.jupiter.api.BeforeEach
        void open() {
            dataSource = TestDatabases.postgres();
            store = new PredictionStore(dataSource, dataSource.getJdbcUrl());
        }

        @Test
        void aBatchWhoseCommitAcknowledgementIsLostIsStoredOnceWhenRetried() throws Exception {
            URI server = URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
            try (CommitAckDroppingProxy proxy = new CommitAckDroppingProxy(server.getHost(), server.getPort());
                    HikariDataSource throughProxy = new HikariDataSource()) {
                throughProxy.setJdbcUrl(dataSource.getJdbcUrl().replace(server.getHost() + ":" + server.getPort(),
                        "127.0.0.1:" + proxy.port()));
                throughProxy.setUsername(TestDatabases.POSTGRES_USER);
                PredictionStore flaky = new PredictionStore(throughProxy, throughProxy.getJdbcUrl());
                List<CapturedPrediction> batch = predictions(50);

                proxy.arm();
                SQLException lost = catchThrowableOfType(SQLException.class, () -> flaky.insertPredictions(batch));
                assertThat(proxy.dropped()).isTrue();
                assertThat(StoreFailures.refusesData(lost)).as("a lost connection is not the data's fault").isFalse();
                assertThat(store.predictionsAfter(0, 100)).as("committed although the client saw a failure")
                        .hasSize(50);

                flaky.insertPredictions(batch);
                List<CapturedPrediction> next = predictions(10);
                flaky.insertPredictions(next);
                assertThat(store.predictionsAfter(0, 100)).hasSize(60);
            }
        }
    }

    static List<CapturedPrediction> predictions(int count) {
        List<CapturedPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] features = {0.3, 40 + i % 30, 0, 0.35, i % 2 == 1 ? Double.NaN : 5400, 8, 0, 1, 0, 1};
            double probability = (i % 10) / 10.0 + 0.01;
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "req-" + i, 1_000_000L + i, "1.0.0",
                    features, probability, probability >= 0.2 ? 1 : 0, 600 - i, "low"));
        }
        return predictions;
    }
}
