package io.creditwatch.model.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of one command, checked against the names the command knows. */
final class Arguments {

    private final String command;
    private final Map<String, String> values = new HashMap<>();

    Arguments(String command, String[] args, int from, Set<String> known) {
        this.command = command;
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new UsageException(command + ": unknown option '" + name + "' (see " + command + " --help)");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(command + ": option " + name + " needs a value");
            }
            values.put(name.substring(2), args[++i]);
        }
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(command + ": --" + name + " is required (see " + command + " --help)");
        }
        return value;
    }

    String optional(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    long longValue(String name, long fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, got '" + value + "'");
        }
    }

    int positiveInt(String name, int fallback) {
        long value = longValue(name, fallback);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new UsageException(command + ": --" + name + " must be a positive whole number, got " + value);
        }
        return (int) value;
    }
}
