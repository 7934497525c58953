package io.creditwatch.model.cli;

/** A wrong command line: reported as one line, exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
