package io.creditwatch.model.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one application given as field name to JSON value (a {@link Number}, {@code null},
 * or anything else for a value of the wrong type) and reports every problem at once.
 */
public final class ApplicationValidator {

    private ApplicationValidator() {
    }

    /** The outcome: exactly one of {@code application} and a non-empty {@code errors}. */
    public record Result(Application application, List<FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Result validate(Map<String, ?> fields) {
        double[] values = new double[Feature.COUNT];
        Arrays.fill(values, Double.NaN);
        boolean[] seen = new boolean[Feature.COUNT];
        List<FieldError> errors = new ArrayList<>(0);

        for (Map.Entry<String, ?> entry : fields.entrySet()) {
            String name = entry.getKey();
            Optional<Feature> known = Feature.byJsonName(name);
            if (known.isEmpty()) {
                errors.add(new FieldError(name, unknownFieldMessage(name)));
                continue;
            }
            Feature feature = known.get();
            seen[feature.ordinal()] = true;
            Object raw = entry.getValue();
            if (raw == null) {
                if (!feature.nullable()) {
                    errors.add(new FieldError(name, "is required and may not be null"));
                }
                continue;
            }
            if (!(raw instanceof Number number)) {
                errors.add(new FieldError(name, "must be a number, got " + describe(raw)));
                continue;
            }
            double value = number.doubleValue();
            Optional<String> problem = feature.problemWith(value);
            if (problem.isPresent()) {
                errors.add(new FieldError(name, problem.get()));
            } else {
                values[feature.ordinal()] = value;
            }
        }
        for (Feature feature : Feature.ALL) {
            if (!seen[feature.ordinal()] && !feature.nullable()) {
                errors.add(new FieldError(feature.jsonName(), "is required"));
            }
        }
        return errors.isEmpty()
                ? new Result(new Application(values), List.of())
                : new Result(null, List.copyOf(errors));
    }

    private static String unknownFieldMessage(String name) {
        return Feature.closestTo(name)
                .map(feature -> "unknown field; did you mean '" + feature.jsonName() + "'?")
                .orElse("unknown field");
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
