package io.creditwatch.model.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one application field by field and reports every problem at once. Feed it each field
 * as it is read ({@link #number}, {@link #nullValue}, {@link #wrongType}), then {@link #finish()};
 * or hand it a whole map with {@link #validate(Map)}.
 */
public final class ApplicationValidator {

    private final double[] values = new double[Feature.COUNT];
    private final boolean[] seen = new boolean[Feature.COUNT];
    private List<FieldError> errors;

    public ApplicationValidator() {
        Arrays.fill(values, Double.NaN);
    }

    /** The outcome: exactly one of {@code application} and a non-empty {@code errors}. */
    public record Result(Application application, List<FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Validates an application given as field name to JSON value: a {@link Number}, {@code null},
     * or anything else for a value of the wrong type.
     */
    public static Result validate(Map<String, ?> fields) {
        ApplicationValidator validator = new ApplicationValidator();
        for (Map.Entry<String, ?> entry : fields.entrySet()) {
            Object raw = entry.getValue();
            if (raw == null) {
                validator.nullValue(entry.getKey());
            } else if (raw instanceof Number number) {
                validator.number(entry.getKey(), number.doubleValue());
            } else {
                validator.wrongType(entry.getKey(), describe(raw));
            }
        }
        return validator.finish();
    }

    public void number(String field, double value) {
        Feature feature = accept(field);
        if (feature == null) {
            return;
        }
        Optional<String> problem = feature.problemWith(value);
        if (problem.isPresent()) {
            error(field, problem.get());
        } else {
            values[feature.ordinal()] = value;
        }
    }

    public void nullValue(String field) {
        Feature feature = accept(field);
        if (feature != null && !feature.nullable()) {
            error(field, "is required and may not be null");
        }
    }

    /** @param description what was given instead of a number, such as "a string" */
    public void wrongType(String field, String description) {
        if (accept(field) != null) {
            error(field, "must be a number, got " + description);
        }
    }

    public Result finish() {
        for (Feature feature : Feature.ALL) {
            if (!seen[feature.ordinal()] && !feature.nullable()) {
                error(feature.jsonName(), "is required");
            }
        }
        return errors == null
                ? new Result(new Application(values), List.of())
                : new Result(null, List.copyOf(errors));
    }

    /** The feature named by {@code field}, or null after recording why the field is refused. */
    private Feature accept(String field) {
        Optional<Feature> known = Feature.byJsonName(field);
        if (known.isEmpty()) {
            error(field, Feature.closestTo(field)
                    .map(feature -> "unknown field; did you mean '" + feature.jsonName() + "'?")
                    .orElse("unknown field"));
            return null;
        }
        Feature feature = known.get();
        if (seen[feature.ordinal()]) {
            error(field, "is given more than once");
            return null;
        }
        seen[feature.ordinal()] = true;
        return feature;
    }

    private void error(String field, String message) {
        if (errors == null) {
            errors = new ArrayList<>(2);
        }
        errors.add(new FieldError(field, message));
    }

    private static String describe(Object raw) {
        if (raw instanceof CharSequence) {
            return "a string";
        }
        if (raw instanceof Boolean) {
            return "a boolean";
        }
        if (raw instanceof List<?>) {
            return "an array";
        }
        if (raw instanceof Map<?, ?>) {
            return "an object";
        }
        return raw.getClass().getSimpleName();
    }
}
