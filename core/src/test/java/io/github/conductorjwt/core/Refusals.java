package io.github.conductorjwt.core;

import java.util.Map;

/** What the reader says when it refuses an input; the test fails when it accepts it. */
final class Refusals {

    private Refusals() {}

    static InvalidJwtInputException of(JwtRequestReader reader, Map<String, Object> input) {
        try {
            reader.read(input);
        } catch (InvalidJwtInputException e) {
            return e;
        }
        throw new AssertionError("expected the input to be refused");
    }
}
