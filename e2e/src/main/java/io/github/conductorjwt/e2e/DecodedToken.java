package io.github.conductorjwt.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;

/** A signed token as the demo shows it: compact form, then header and claims as indented JSON. */
final class DecodedToken {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DecodedToken() {}

    static void print(DemoLog log, SignedJWT token) {
        try {
            log.detail("token (" + token.serialize().length() + " characters):");
            log.detail("  " + token.serialize());
            log.detail("header:");
            log.detail(indent(JSON.writeValueAsString(token.getHeader().toJSONObject())));
            log.detail("claims:");
            log.detail(indent(JSON.writeValueAsString(token.getPayload().toJSONObject())));
            var claims = token.getJWTClaimsSet();
            log.detail(
                    "issued "
                            + Instant.ofEpochMilli(claims.getIssueTime().getTime())
                            + ", expires "
                            + Instant.ofEpochMilli(claims.getExpirationTime().getTime())
                            + " ("
                            + (claims.getExpirationTime().getTime()
                                            - claims.getIssueTime().getTime())
                                    / 1000
                            + " s later)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ParseException e) {
            throw new IllegalStateException("cannot show the token", e);
        }
    }

    private static String indent(String json) {
        return json.lines().map(line -> "  " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
