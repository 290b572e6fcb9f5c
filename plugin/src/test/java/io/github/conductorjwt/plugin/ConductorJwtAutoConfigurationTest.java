package io.github.conductorjwt.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SigningProvider;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.task.CacheConfig;
import io.github.conductorjwt.task.CacheKeyReferences;
import io.github.conductorjwt.task.SignedJwtTaskHandler;
import io.github.conductorjwt.task.TaskOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.conductoross.conductor.ai.agentspan.runtime.controller.SecretController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The auto-configuration as a Conductor server's Spring context sees it. */
class ConductorJwtAutoConfigurationTest {

    private static final String PEM = TestKeys.pkcs8Pem(TestKeys.RSA_2048);

    /** The two server beans our mapper needs; the metadata store is never consulted here. */
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ConductorJwtAutoConfiguration.class))
                    .withBean(ParametersUtils.class, () -> new ParametersUtils(new ObjectMapper()))
                    .withBean(
                            MetadataDAO.class,
                            () ->
                                    (MetadataDAO)
                                            Proxy.newProxyInstance(
                                                    MetadataDAO.class.getClassLoader(),
                                                    new Class<?>[] {MetadataDAO.class},
                                                    (proxy, method, args) -> {
                                                        throw new UnsupportedOperationException(
                                                                method.getName());
                                                    }));

    private static Map<String, Object> input(int ttl) {
        return Map.of(
                "subject", "s",
                "issuer", "i",
                "audience", "a",
                "privateKey", PEM,
                "ttlInSecond", ttl);
    }

    @Test
    void registersTheTaskItsMapperAndTheHandler() {
        runner.run(
                context -> {
                    assertThat(context).hasSingleBean(GetSignedJwtSystemTask.class);
                    assertThat(context).hasSingleBean(GetSignedJwtTaskMapper.class);
                    assertThat(context.getBean("GET_SIGNED_JWT"))
                            .isInstanceOf(GetSignedJwtSystemTask.class);
                    assertThat(context.getBean(GetSignedJwtTaskMapper.class).getTaskType())
                            .isEqualTo("GET_SIGNED_JWT");
                });
    }

    @Test
    void appliesTheDefaults() {
        runner.run(
                context -> {
                    ConductorJwtProperties properties =
                            context.getBean(ConductorJwtProperties.class);
                    assertThat(properties.maxTtl().toSeconds()).isEqualTo(86_400);
                    assertThat(properties.defaultAlgorithm().name()).isEqualTo("RS256");
                    assertThat(properties.keyCacheSize()).isEqualTo(1000);
                    assertThat(properties.outputCacheSize()).isEqualTo(1000);
                    assertThat(handle(context.getBean(SignedJwtTaskHandler.class), 86_400).status())
                            .isEqualTo(TaskOutcome.Status.COMPLETED);
                });
    }

    @Test
    void honoursAConfiguredMaximumTtl() {
        runner.withPropertyValues("conductor.jwt.max-ttl=5m")
                .run(
                        context -> {
                            TaskOutcome outcome =
                                    handle(context.getBean(SignedJwtTaskHandler.class), 3600);
                            assertThat(outcome.status())
                                    .isEqualTo(TaskOutcome.Status.FAILED_WITH_TERMINAL_ERROR);
                            assertThat(outcome.reason())
                                    .isEqualTo("ttlInSecond: must be between 1 and 300, was 3600");
                        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("conductor.jwt.enabled=false")
                .run(
                        context -> {
                            assertThat(context).doesNotHaveBean(GetSignedJwtSystemTask.class);
                            assertThat(context).doesNotHaveBean(GetSignedJwtTaskMapper.class);
                        });
    }

    @Test
    void backsOffForAHandlerTheServerDefines() {
        SignedJwtTaskHandler own =
                new SignedJwtTaskHandler(
                        new JwtRequestReader(SigningPolicy.defaults()), new JwtSigner());
        runner.withBean(SignedJwtTaskHandler.class, () -> own)
                .run(
                        context ->
                                assertThat(context.getBean(SignedJwtTaskHandler.class))
                                        .isSameAs(own));
    }

    @Test
    void countsTokensAndRefusalsInTheServersRegistryWithoutValues() {
        runner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .run(
                        context -> {
                            SignedJwtTaskHandler handler =
                                    context.getBean(SignedJwtTaskHandler.class);
                            handle(handler, 60);
                            handle(handler, 0);
                            MeterRegistry registry = context.getBean(MeterRegistry.class);

                            assertThat(
                                            registry.get("conductor.jwt.signed")
                                                    .tag("algorithm", "RS256")
                                                    .timer()
                                                    .count())
                                    .isEqualTo(1);
                            assertThat(
                                            registry.get("conductor.jwt.refused")
                                                    .tag("field", "ttlInSecond")
                                                    .counter()
                                                    .count())
                                    .isEqualTo(1.0);
                            assertThat(registry.getMeters())
                                    .allSatisfy(
                                            meter ->
                                                    assertThat(meter.getId().toString())
                                                            .doesNotContain(
                                                                    TestKeys.body(PEM)
                                                                            .substring(0, 16)));
                        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void warnsOnceWhenTheServerServesSecretValues(CapturedOutput output) {
        runner.withBean(SecretController.class).run(context -> assertThat(context).hasNotFailed());

        assertThat(
                        output.getAll()
                                .split(
                                        "conductor-jwt: this Conductor server serves secret values",
                                        -1))
                .hasSize(2);
        assertThat(output.getAll())
                .contains("WARN")
                .contains("conductor.integrations.ai.enabled=false");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void saysNothingWhenItDoesNot(CapturedOutput output) {
        runner.run(context -> assertThat(context).hasNotFailed());

        assertThat(output.getAll()).doesNotContain("serves secret values");
    }

    @Test
    void outputCacheSizeZeroSignsEveryTaskThatDeclaresCacheConfig() {
        runner.withPropertyValues("conductor.jwt.output-cache-size=0")
                .run(
                        context -> {
                            SignedJwtTaskHandler handler =
                                    context.getBean(SignedJwtTaskHandler.class);
                            TaskOutcome first = cacheable(handler);
                            TaskOutcome second = cacheable(handler);

                            assertThat(verifiedToken(second)).isNotEqualTo(verifiedToken(first));
                            assertThat(second.output()).doesNotContainKey("cached");
                        });
        runner.run(
                context -> {
                    SignedJwtTaskHandler handler = context.getBean(SignedJwtTaskHandler.class);
                    TaskOutcome first = cacheable(handler);
                    TaskOutcome second = cacheable(handler);

                    assertThat(verifiedToken(second)).isEqualTo(verifiedToken(first));
                    assertThat(second.output()).containsEntry("cached", true);
                });
    }

    /** A task that declares cacheConfig, as the plugin's mapper hands it over. */
    private static TaskOutcome cacheable(SignedJwtTaskHandler handler) {
        return handler.handle(
                "t", input(3600), null, new CacheConfig("k", 300), CacheKeyReferences.AS_WRITTEN);
    }

    /** The outcome's token, which must exist and verify (Nimbus) against the key's public half. */
    private static String verifiedToken(TaskOutcome outcome) {
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(TaskOutcome.Status.COMPLETED);
        String token = (String) outcome.output().get("token");
        IndependentVerifier.verify(token, TestKeys.RSA_2048.getPublic());
        return token;
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void signsWithAccpByDefaultWhereItLoadsAndSaysSoOnceAndInATag(CapturedOutput output) {
        runner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .run(
                        context -> {
                            assertThat(
                                            handle(context.getBean(SignedJwtTaskHandler.class), 60)
                                                    .status())
                                    .isEqualTo(TaskOutcome.Status.COMPLETED);
                            assertThat(
                                            context.getBean(MeterRegistry.class)
                                                    .get("conductor.jwt.provider")
                                                    .tag("provider", "accp")
                                                    .gauge()
                                                    .value())
                                    .isEqualTo(1.0);
                        });

        assertThat(output.getAll().split("GET_SIGNED_JWT signs with accp: auto: ACCP", -1))
                .hasSize(2);
    }

    @Test
    void signsWithTheJdkWhenToldTo() {
        runner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("conductor.jwt.provider=jdk")
                .run(
                        context -> {
                            assertThat(context.getBean(SigningProvider.class).name())
                                    .isEqualTo("jdk");
                            assertThat(
                                            context.getBean(MeterRegistry.class)
                                                    .get("conductor.jwt.provider")
                                                    .tag("provider", "jdk")
                                                    .gauge()
                                                    .value())
                                    .isEqualTo(1.0);
                        });
    }

    private static TaskOutcome handle(SignedJwtTaskHandler handler, int ttl) {
        return handler.handle("t", input(ttl), null);
    }
}
