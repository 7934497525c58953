package io.creditwatch.model.schema;

/** One problem with one field of an application; {@code field} is the JSON name as sent. */
public record FieldError(String field, String message) {
}
