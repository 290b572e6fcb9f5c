package io.github.conductorjwt.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.task.LogText;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void escapesEveryCharacterThatCouldBreakOrHideALine() {
        String forged = "a\nINFO b\rc\u0085d\u2028e\u2029f\u202Eg\u0000h\ti";

        assertThat(LogText.of(forged))
                .isEqualTo("a\\u000AINFO b\\u000Dc\\u0085d\\u2028e\\u2029f\\u202Eg\\u0000h\\u0009i")
                .doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029", "\u202E");
        assertThat(LogText.isClean(forged)).isFalse();
    }

    @Test
    void leavesPrintableTextAlone() {
        String path = "/keys/orders-api/2026-11-01.pem — Zürich 🔑";

        assertThat(LogText.of(path)).isSameAs(path);
        assertThat(LogText.isClean(path)).isTrue();
    }
}
