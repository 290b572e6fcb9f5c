package io.github.conductorjwt.google;

import com.google.auth.oauth2.GoogleCredentials;
import io.github.conductorjwt.core.HeldSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The Google service accounts an operator offers as key names, all signing with one caller's
 * credentials: a credentials file, or Application Default Credentials (the metadata server on GKE
 * and Cloud Run, {@code GOOGLE_APPLICATION_CREDENTIALS} or gcloud's file elsewhere). Credentials
 * are read at start; their access token is fetched at the first signing.
 */
public final class GoogleAccounts {

    static final String NO_CREDENTIALS_MSG = "no Google credentials could be read (%s)";

    private GoogleAccounts() {}

    /**
     * @param accounts key name to service-account e-mail
     * @param credentialsFile a credentials file, or {@code null} for Application Default
     *     Credentials
     * @param endpoint the IAM Credentials API
     * @param delegates the delegation chain, for every account; empty for none
     * @throws IllegalArgumentException saying what cannot be read or used; never a credential
     */
    public static List<HeldSigner> open(
            Map<String, String> accounts,
            Path credentialsFile,
            URI endpoint,
            List<String> delegates) {
        GoogleCredentials credentials;
        try {
            if (credentialsFile != null) {
                try (InputStream in = Files.newInputStream(credentialsFile)) {
                    credentials = GoogleCredentials.fromStream(in);
                }
            } else {
                credentials = GoogleCredentials.getApplicationDefault();
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    NO_CREDENTIALS_MSG.formatted(e.getClass().getSimpleName()));
        }
        return accounts.entrySet().stream()
                .<HeldSigner>map(
                        account ->
                                new GoogleSignJwt(
                                        account.getKey(),
                                        account.getValue(),
                                        delegates,
                                        endpoint,
                                        credentials,
                                        Clock.systemUTC()))
                .toList();
    }
}
