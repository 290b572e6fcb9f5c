package io.github.conductorjwt.plugin;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Google service accounts the server holds as keys, under {@code conductor.jwt.google}: IAM
 * Credentials signJwt signs for them with keys no one can download.
 *
 * @param accounts key name to service-account e-mail, e.g.
 *     accounts.orders-signer=signer@p.iam.gserviceaccount.com
 * @param credentialsFile the caller's credentials file; unset for Application Default Credentials
 * @param endpoint the IAM Credentials API, for other universe domains
 * @param delegates service-account e-mails of the delegation chain, for every account
 */
public record GoogleProperties(
        Map<String, String> accounts,
        Path credentialsFile,
        @DefaultValue("https://iamcredentials.googleapis.com") URI endpoint,
        List<String> delegates) {

    static final String PREFIX = ConductorJwtProperties.PREFIX + ".google";
}
