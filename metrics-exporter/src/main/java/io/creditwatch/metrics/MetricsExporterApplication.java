package io.creditwatch.metrics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class MetricsExporterApplication {

    public static void main(String[] args) {
        SpringApplication.run(MetricsExporterApplication.class, args);
    }
}
