package io.creditwatch.inference.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version 7 UUIDs: 48 bits of Unix milliseconds then 74 random bits. Unique across service
 * replicas without coordination, sortable by time (which keeps database indexes compact), and
 * cheap: no lock and no SecureRandom on the request path.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
