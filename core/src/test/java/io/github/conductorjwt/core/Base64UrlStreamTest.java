package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.io.Encoders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our encoder writes what JJWT's own would, however the bytes arrive. */
class Base64UrlStreamTest {

    @Test
    void writesWhatJjwtsEncoderWritesForEveryLengthAndChunking() throws IOException {
        Random random = new Random(13);
        for (int length = 0; length <= 1100; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            sink.write('.');
            OutputStream encoding = Base64UrlStream.INSTANCE.encode(sink);
            int at = 0;
            while (at < length) {
                int chunk = Math.min(length - at, random.nextInt(4) == 0 ? 1 : random.nextInt(700));
                if (chunk == 1) {
                    encoding.write(data[at]);
                } else {
                    encoding.write(data, at, chunk);
                }
                at += chunk;
            }
            encoding.close();
            encoding.close(); // JJWT closes after its JSON serializer has: nothing is written twice

            assertThat(sink.toString(StandardCharsets.US_ASCII))
                    .as("%d bytes", length)
                    .isEqualTo("." + Encoders.BASE64URL.encode(data));
        }
    }
}
