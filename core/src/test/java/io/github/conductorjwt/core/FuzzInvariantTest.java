package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz targets' echo rule tells a quote of an input from the code's own words. */
class FuzzInvariantTest {

    private static final String KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

    @Test
    void aMessageQuotingSixteenCharactersOfAnInputIsAFinding() {
        String message = "privateKey: is not a valid JWK (" + KEY_BODY.substring(3, 19) + ")";

        assertThatThrownBy(() -> FuzzInvariant.checkMessage(message, List.of("x" + KEY_BODY)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("message quotes 16 characters of an input string");
    }

    @Test
    void theCodesOwnWordsAreNoQuoteWhateverTheInputHolds() {
        String message =
                "privateKey: is required; ttlInSecond: is required (or its spelling ttlInSeconds)";

        assertThatCode(
                        () ->
                                FuzzInvariant.checkMessage(
                                        message, List.of("x; ttlInSecond: is required (or its")))
                .doesNotThrowAnyException();
    }
}
