package io.github.conductorjwt.task;

import java.util.Map;

/**
 * A step an adapter may put before reading the input, e.g. the worker swapping a {@code keyName}
 * for the key it holds. It reports bad input by throwing {@link
 * io.github.conductorjwt.core.InvalidJwtInputException}, so the failure is mapped like any other.
 */
@FunctionalInterface
public interface InputPreparer {

    InputPreparer NONE = input -> input;

    Map<String, ?> prepare(Map<String, ?> input);
}
