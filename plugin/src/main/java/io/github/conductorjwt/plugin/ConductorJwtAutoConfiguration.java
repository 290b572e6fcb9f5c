package io.github.conductorjwt.plugin;

import com.netflix.conductor.core.execution.tasks.WorkflowSystemTask;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import io.github.conductorjwt.core.JwksFetcher;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.core.VerifyRequestReader;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.HeldVerificationKeys;
import io.github.conductorjwt.task.InputPreparer;
import io.github.conductorjwt.task.MicrometerSigningMetrics;
import io.github.conductorjwt.task.MicrometerVerifyMetrics;
import io.github.conductorjwt.task.OutputCache;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.SigningMetrics;
import io.github.conductorjwt.task.SigningProviderGauge;
import io.github.conductorjwt.task.VerifyJwt;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import io.github.conductorjwt.task.VerifyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Registers GET_SIGNED_JWT and VERIFY_JWT in a Conductor server that has this jar on its class
 * path. Our package lies outside the server's component scan, so Spring Boot's auto-configuration
 * is the way in. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(WorkflowSystemTask.class)
@ConditionalOnProperty(
        prefix = ConductorJwtProperties.PREFIX,
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(ConductorJwtProperties.class)
public class ConductorJwtAutoConfiguration {

    /** Chosen once, logged once (see {@link SigningProviderChoice}). */
    @Bean
    @ConditionalOnMissingBean
    public SigningProvider conductorJwtSigningProvider(ConductorJwtProperties properties) {
        return SigningProviderChoice.choose(properties.provider());
    }

    /**
     * The keys the server holds as they rotate (see {@link HeldKeysConfiguration}); none unless
     * configured. Closing the context stops the token's reload timer. An application that defines
     * its own {@link HeldSigners} holds those, fixed, instead.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(HeldSigners.class)
    ServerHeldKeys conductorJwtServerHeldKeys(ConductorJwtProperties properties) {
        return HeldKeysConfiguration.open(properties, new JwtSigner());
    }

    /** The keys held at start: their names are the ones the server routes to itself. */
    @Bean
    @ConditionalOnMissingBean
    public HeldSigners conductorJwtHeldSigners(ServerHeldKeys heldKeys) {
        return heldKeys.atStart();
    }

    @Bean
    @ConditionalOnMissingBean
    public SignedJwtTaskHandler signedJwtTaskHandler(
            ConductorJwtProperties properties,
            SigningProvider provider,
            ObjectProvider<SigningMetrics> metrics,
            HeldSigners heldSigners,
            ObjectProvider<ServerHeldKeys> rotating) {
        ServerHeldKeys heldKeys = rotating.getIfAvailable();
        return new SignedJwtTaskHandler(
                new JwtRequestReader(properties.signingPolicy(), provider),
                new JwtSigner(),
                InputPreparer.NONE,
                metrics.getIfAvailable(() -> SigningMetrics.NONE),
                new OutputCache(properties.outputCacheSize()),
                // The key that signs for a name now: a new label once its delay has passed.
                heldKeys == null ? () -> heldSigners : heldKeys::now);
    }

    /**
     * A {@code keyName} the server holds verifies with the public halves published now (see {@link
     * HeldVerificationKeys}); any other goes to the worker (see {@link VerifyJwtTaskMapper}).
     */
    @Bean
    @ConditionalOnMissingBean
    public VerifyJwtTaskHandler verifyJwtTaskHandler(
            ConductorJwtProperties properties,
            ObjectProvider<VerifyMetrics> metrics,
            HeldSigners heldSigners,
            ObjectProvider<ServerHeldKeys> rotating) {
        ServerHeldKeys heldKeys = rotating.getIfAvailable();
        return new VerifyJwtTaskHandler(
                new VerifyRequestReader(
                        properties.keyCacheSize(),
                        JwksFetcher.forHosts(properties.verify().jwksAllowedHosts())),
                new JwtVerifier(),
                heldSigners.published().isEmpty()
                        ? InputPreparer.NONE
                        : new HeldVerificationKeys(
                                "server",
                                heldKeys == null ? heldSigners::published : heldKeys::published),
                metrics.getIfAvailable(() -> VerifyMetrics.NONE));
    }

    /**
     * VERIFY_JWT with a key given inline or held by the server: synchronous, like GET_SIGNED_JWT.
     */
    @Bean(VerifyJwt.TASK_TYPE)
    @ConditionalOnMissingBean(name = VerifyJwt.TASK_TYPE)
    public VerifyJwtSystemTask verifyJwtSystemTask(
            VerifyJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        return new VerifyJwtSystemTask(
                VerifyJwt.TASK_TYPE, false, handler, parametersUtils, metadataDAO);
    }

    /** VERIFY_JWT with a jwksUri: asynchronous, so no fetch runs in the decide loop. */
    @Bean(VerifyJwt.JWKS_TASK_TYPE)
    @ConditionalOnMissingBean(name = VerifyJwt.JWKS_TASK_TYPE)
    public VerifyJwtSystemTask verifyJwtJwksSystemTask(
            VerifyJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        return new VerifyJwtSystemTask(
                VerifyJwt.JWKS_TASK_TYPE, true, handler, parametersUtils, metadataDAO);
    }

    @Bean
    @ConditionalOnMissingBean
    public VerifyJwtTaskMapper verifyJwtTaskMapper(
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO,
            VerifyJwtTaskHandler handler,
            HeldSigners heldSigners) {
        return new VerifyJwtTaskMapper(parametersUtils, metadataDAO, handler, heldSigners);
    }

    /** Metrics in the server's registry, when it has one (Conductor's does, with Prometheus). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        SigningMetrics conductorJwtSigningMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry meters = registry.getIfAvailable();
            return meters == null ? SigningMetrics.NONE : new MicrometerSigningMetrics(meters);
        }

        @Bean
        @ConditionalOnMissingBean
        VerifyMetrics conductorJwtVerifyMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry meters = registry.getIfAvailable();
            return meters == null ? VerifyMetrics.NONE : new MicrometerVerifyMetrics(meters);
        }

        @Bean
        SigningProviderGauge conductorJwtSigningProviderGauge(
                ObjectProvider<MeterRegistry> registry, SigningProvider provider) {
            return new SigningProviderGauge(registry.getIfAvailable(), provider);
        }
    }

    /** Named after the task type, as Conductor names its own system task beans. */
    @Bean(GetSignedJwt.TASK_TYPE)
    @ConditionalOnMissingBean
    public GetSignedJwtSystemTask getSignedJwtSystemTask(
            SignedJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        return new GetSignedJwtSystemTask(handler, parametersUtils, metadataDAO);
    }

    /**
     * The asynchronous twin for held keys on a device or behind a service; only with such keys, as
     * Conductor's system-task workers poll every asynchronous type's queue.
     */
    @Bean(GetSignedJwt.ASYNC_TASK_TYPE)
    @Conditional(HeldKeysCondition.class)
    @ConditionalOnMissingBean(name = GetSignedJwt.ASYNC_TASK_TYPE)
    public GetSignedJwtSystemTask getSignedJwtAsyncSystemTask(
            SignedJwtTaskHandler handler,
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO) {
        return GetSignedJwtSystemTask.async(handler, parametersUtils, metadataDAO);
    }

    /** One warning at start-up if the server hands out secret values, our keys among them. */
    @Bean
    SecretsEndpointWarning conductorJwtSecretsEndpointWarning(ListableBeanFactory beans) {
        return new SecretsEndpointWarning(beans);
    }

    @Bean
    @ConditionalOnMissingBean
    public GetSignedJwtTaskMapper getSignedJwtTaskMapper(
            ParametersUtils parametersUtils,
            MetadataDAO metadataDAO,
            SignedJwtTaskHandler handler,
            HeldSigners heldSigners) {
        return new GetSignedJwtTaskMapper(parametersUtils, metadataDAO, handler, heldSigners);
    }
}
