package io.creditwatch.inference;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A test of the running service over real HTTP ({@code RANDOM_PORT}): its port, and a client for it. */
abstract class ServiceOverHttp {

    @LocalServerPort
    int port;

    ServiceClient client;

    @BeforeEach
    void connect() {
        client = new ServiceClient(port);
    }
}
