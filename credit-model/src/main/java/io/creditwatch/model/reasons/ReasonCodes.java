package io.creditwatch.model.reasons;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.creditwatch.model.schema.Feature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reason codes of the ten features: the defaults, and a team's own wording over them. */
public final class ReasonCodes {

    /**
     * The defaults {@code train} and {@code import} write, in the schema's order. The wording
     * follows the style of the factors of the adverse-action sample forms (Regulation B, appendix C,
     * e.g. "Delinquent past or present credit obligations with others"), said of this data's columns.
     */
    public static final List<ReasonCode> DEFAULTS = List.of(
            new ReasonCode(Feature.REVOLVING_UTILIZATION.jsonName(), "UTIL",
                    "Balances on revolving credit are high compared with the credit limits"),
            new ReasonCode(Feature.AGE.jsonName(), "AGE", "Age of the applicant"),
            new ReasonCode(Feature.PAST_DUE_30_59_DAYS.jsonName(), "DLQ30",
                    "Payments 30 to 59 days past due in the last two years"),
            new ReasonCode(Feature.DEBT_RATIO.jsonName(), "DEBT", "Debt payments are high compared with income"),
            new ReasonCode(Feature.MONTHLY_INCOME.jsonName(), "INCOME",
                    "Income is insufficient for the credit requested, or was not given"),
            new ReasonCode(Feature.OPEN_CREDIT_LINES.jsonName(), "LINES", "Number of open credit lines and loans"),
            new ReasonCode(Feature.TIMES_90_DAYS_LATE.jsonName(), "DLQ90", "Payments 90 days or more past due"),
            new ReasonCode(Feature.REAL_ESTATE_LOANS.jsonName(), "REALTY", "Number of mortgage and real estate loans"),
            new ReasonCode(Feature.PAST_DUE_60_89_DAYS.jsonName(), "DLQ60",
                    "Payments 60 to 89 days past due in the last two years"),
            new ReasonCode(Feature.DEPENDENTS.jsonName(), "DEPENDENTS", "Number of dependents"));

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ReasonCodes() {
    }

    /**
     * The defaults with {@code overrides} in place of the features they name, in the schema's order.
     *
     * @throws IllegalArgumentException when an override names no schema feature, a feature twice, or two features share a code
     */
    public static List<ReasonCode> withOverrides(List<ReasonCode> overrides) {
        Map<String, ReasonCode> byFeature = new LinkedHashMap<>();
        DEFAULTS.forEach(code -> byFeature.put(code.feature(), code));
        List<String> seen = new ArrayList<>();
        for (ReasonCode override : overrides) {
            if (Feature.byJsonName(override.feature()).isEmpty()) {
                throw new IllegalArgumentException(
                        "reason codes: '" + override.feature() + "' is not a feature of the schema");
            }
            if (seen.contains(override.feature())) {
                throw new IllegalArgumentException("reason codes: " + override.feature() + " is given twice");
            }
            seen.add(override.feature());
            byFeature.put(override.feature(), override);
        }
        List<ReasonCode> codes = List.copyOf(byFeature.values());
        long distinct = codes.stream().map(ReasonCode::code).distinct().count();
        if (distinct != codes.size()) {
            throw new IllegalArgumentException("reason codes: two features share a code, " + codes.stream()
                    .map(ReasonCode::code).toList());
        }
        return codes;
    }

    /**
     * Reads overrides from a JSON array of {@code {"feature", "code", "description"}} objects and
     * puts them over the defaults.
     */
    public static List<ReasonCode> read(Path file) throws IOException {
        List<ReasonCode> overrides;
        try {
            overrides = JSON.readValue(file.toFile(), new TypeReference<List<ReasonCode>>() {
            });
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new IOException(file + ": not a JSON array of {\"feature\", \"code\", \"description\"}: "
                    + e.getOriginalMessage(), e);
        }
        try {
            return withOverrides(overrides);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
