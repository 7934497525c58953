package io.creditwatch.service;

import io.creditwatch.store.PredictionStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/** The prediction store on the data source named by {@code SPRING_DATASOURCE_URL}, for both services. */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
public class StoreConfiguration {

    @Bean
    PredictionStore predictionStore(DataSource dataSource, DataSourceProperties properties) {
        return new PredictionStore(dataSource, properties.determineUrl());
    }
}
