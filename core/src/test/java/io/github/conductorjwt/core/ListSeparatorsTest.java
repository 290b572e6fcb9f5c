package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The spelled-out separator class splits as {@code [\s,]++} does. */
class ListSeparatorsTest {

    private static final Pattern SPACE_CLASS = Pattern.compile("[\\s,]++");

    @Test
    void splitsEveryStringAsTheWhitespaceClassDoes() {
        // Separators, their Unicode look-alikes (which \s does not match) and plain text.
        char[] alphabet = {
            ' ', '\t', '\n', '\u000B', '\f', '\r', ',', '\u00A0', '\u2028', '\u3000', '\u001C', ';',
            'a', 'b', 'é'
        };
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String s = text.toString();
            assertThat(Inputs.LIST_SEPARATORS.split(s)).as("%s", s).isEqualTo(SPACE_CLASS.split(s));
        }
    }
}
