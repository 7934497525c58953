package io.creditwatch.inference.capture;

import io.creditwatch.store.PredictionStore;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The prediction store on the data source named by {@code SPRING_DATASOURCE_URL}. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    PredictionStore predictionStore(DataSource dataSource, DataSourceProperties properties) {
        return new PredictionStore(dataSource, properties.determineUrl());
    }
}
