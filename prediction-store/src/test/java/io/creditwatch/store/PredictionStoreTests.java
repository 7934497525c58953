package io.creditwatch.store;

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
import java.util.Set;
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
            store.insertPredictions(batch.subList(0, 2));
            store.insertPredictions(batch);
            store.insertPredictions(List.of(batch.get(0), batch.get(0)));

            assertThat(store.predictionsAfter(0, 10)).extracting(StoredPrediction::predictionId)
                    .containsExactlyElementsOf(batch.stream().map(CapturedPrediction::predictionId).toList());
        }

        @Test
        void labelsJoinTheirPredictionsAndTheLastOneWins() throws SQLException {
            List<CapturedPrediction> predictions = predictions(2);
            store.insertPredictions(predictions);
            String first = predictions.get(0).predictionId();

            assertThat(store.knownPredictionIds(List.of(first, "no-such-id"))).isEqualTo(Set.of(first));
            store.insertLabels(List.of(new LabelSubmission(first, 1)), 1000);
            store.insertLabels(List.of(new LabelSubmission(first, 0)), 2000);

            List<StoredLabel> labels = store.labelsAfter(0, 10);
            assertThat(labels).extracting(StoredLabel::actual).containsExactly(1, 0);
            assertThat(labels.get(1).probability()).isEqualTo(predictions.get(0).probability());
            assertThat(store.labelsAfter(labels.get(0).seq(), 10)).hasSize(1);
            assertThat(store.lastLabelSeq()).isEqualTo(labels.get(1).seq());
        }

        @Test
        void knownIdsAreLookedUpInChunks() throws SQLException {
            List<CapturedPrediction> predictions = predictions(1200);
            store.insertPredictions(predictions);
            List<String> ids = new ArrayList<>(predictions.stream().map(CapturedPrediction::predictionId).toList());
            ids.add("unknown");

            assertThat(store.knownPredictionIds(ids)).hasSize(1200);
        }

        @Test
        void emptyStoreHasPositionZero() throws SQLException {
            assertThat(store.lastPredictionSeq()).isZero();
            assertThat(store.lastLabelSeq()).isZero();
            assertThat(store.labelsAfter(0, 10)).isEmpty();
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
                assertThat(store.predictionsAfter(0, 100)).as("committed although the client saw a failure").hasSize(50);

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
