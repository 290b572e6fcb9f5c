package io.github.conductorjwt.bench;

import io.jsonwebtoken.io.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The JDK's base64url for JJWT's {@code JwtBuilder.b64Url}, the way the core's own
 * (package-private) {@code Base64UrlStream} hands it over: so the {@code content()} layer differs
 * from the core in the payload only, not in the encoder.
 */
final class JdkBase64UrlStream implements Encoder<OutputStream, OutputStream> {

    static final JdkBase64UrlStream INSTANCE = new JdkBase64UrlStream();

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private JdkBase64UrlStream() {}

    @Override
    public OutputStream encode(OutputStream out) {
        return new ByteArrayOutputStream(512) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    out.write(URL.encode(ByteBuffer.wrap(buf, 0, count)).array());
                    out.close();
                }
            }
        };
    }
}
