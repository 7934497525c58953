package io.creditwatch.model.data;

import java.time.LocalDate;

/**
 * One row of credit data with its dates: the day of the application, and the day its outcome was
 * observed ({@code record.label()} 1: the day of the default; 0: the last day seen performing),
 * null when unknown.
 */
public record DatedCreditRecord(CreditRecord record, LocalDate applicationDate, LocalDate outcomeDate) {

    public DatedCreditRecord {
        if (applicationDate == null) {
            throw new IllegalArgumentException("a dated record has an application date");
        }
        if (outcomeDate != null && outcomeDate.isBefore(applicationDate)) {
            throw new IllegalArgumentException(
                    "an outcome cannot be observed (" + outcomeDate + ") before the application ("
                            + applicationDate + ")");
        }
    }
}
