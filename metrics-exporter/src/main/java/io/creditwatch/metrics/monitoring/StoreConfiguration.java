package io.creditwatch.metrics.monitoring;

import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreDialect;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The prediction store on the data source named by {@code SPRING_DATASOURCE_URL}. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    StoreDialect storeDialect(DataSourceProperties dataSource) {
        String url = dataSource.determineUrl();
        StoreDialect.prepare(url);
        return StoreDialect.of(url);
    }

    @Bean
    PredictionStore predictionStore(DataSource dataSource) {
        return new PredictionStore(dataSource);
    }
}
