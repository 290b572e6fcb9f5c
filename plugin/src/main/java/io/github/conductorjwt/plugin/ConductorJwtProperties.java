package io.github.conductorjwt.plugin;

import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the GET_SIGNED_JWT system task, under {@code conductor.jwt}. The parameters below are
 * the IDE help of each property (the configuration processor reads them), so plain text only.
 *
 * @param enabled whether the server registers the GET_SIGNED_JWT system task
 * @param maxTtl the longest lifetime a task may give a token
 * @param defaultAlgorithm the algorithm used when a task names none
 * @param keyCacheSize how many parsed private keys to keep, keyed by a digest of their text; 0
 *     parses on every run
 * @param outputCacheSize how many task outputs to keep for tasks that declare cacheConfig, on this
 *     node only; 0 signs on every run
 * @param provider the JCA provider our tokens are signed with: auto (Amazon Corretto Crypto
 *     Provider where it loads and passes its self-test, else the JDK), jdk or accp (refuse to start
 *     without it). Never installed in the JVM's provider list: the server's TLS and everything else
 *     are untouched
 * @param pkcs11 a PKCS#11 token whose keys tasks may name with keyName; its tasks run as the
 *     asynchronous GET_SIGNED_JWT_ASYNC type, off the decide loop
 * @param google Google service accounts tasks may name with keyName, signed by IAM signJwt; their
 *     tasks run as GET_SIGNED_JWT_ASYNC too
 * @param jwksFile where to write the JWK Set of the held keys' public halves at start, for the
 *     operator to publish to verifiers; unset for none
 * @param verify settings of the VERIFY_JWT system task
 */
@ConfigurationProperties(prefix = ConductorJwtProperties.PREFIX)
public record ConductorJwtProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1d") Duration maxTtl,
        @DefaultValue("RS256") SigningAlgorithm defaultAlgorithm,
        @DefaultValue("1000") int keyCacheSize,
        @DefaultValue("1000") int outputCacheSize,
        @DefaultValue("auto") SigningProvider.Choice provider,
        @NestedConfigurationProperty Pkcs11Properties pkcs11,
        @NestedConfigurationProperty GoogleProperties google,
        Path jwksFile,
        @DefaultValue Verify verify) {

    /**
     * Settings of VERIFY_JWT, under {@code conductor.jwt.verify}.
     *
     * @param jwksAllowedHosts the hosts a task's jwksUri may name: exact host names or
     *     *.example.com; https only, except a host listed with http:// (for loopback tests). Empty
     *     (the default) refuses every jwksUri without a network request. An address in a private,
     *     loopback or link-local range is refused unless its host is listed exactly
     */
    public record Verify(@DefaultValue("") List<String> jwksAllowedHosts) {}

    public static final String PREFIX = "conductor.jwt";

    SigningPolicy signingPolicy() {
        return new SigningPolicy(maxTtl, defaultAlgorithm, keyCacheSize);
    }
}
