package io.github.conductorjwt.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.core.execution.tasks.WorkflowSystemTask;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.IndependentSigner;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.JwtRequestReader;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.Pkcs11Token;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.SigningPolicy;
import io.github.conductorjwt.core.SoftHsmToken;
import io.github.conductorjwt.core.TestKeys;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.VerifyJwt;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The server plugin holding keys on a real SoftHSM2 token ({@code conductor.jwt.pkcs11.*}): tasks
 * naming them are mapped to the asynchronous twin type, which signs them; a refused login stops the
 * start naming the property; the JWK Set is written where the operator said.
 */
@ExtendWith(OutputCaptureExtension.class)
class HeldKeysPluginTest {

    private static SoftHsmToken hsm;

    @TempDir static Path dir;

    @BeforeAll
    static void token() {
        hsm = SoftHsmToken.forThisJvm();
    }

    private ApplicationContextRunner runner(String pinVariable, long slot) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConductorJwtAutoConfiguration.class))
                .withBean(ParametersUtils.class, () -> new ParametersUtils(new ObjectMapper()))
                .withBean(
                        MetadataDAO.class,
                        () ->
                                (MetadataDAO)
                                        Proxy.newProxyInstance(
                                                MetadataDAO.class.getClassLoader(),
                                                new Class<?>[] {MetadataDAO.class},
                                                (proxy, method, args) -> null))
                .withPropertyValues(
                        "conductor.jwt.pkcs11.library=" + SoftHsmToken.LIBRARY,
                        "conductor.jwt.pkcs11.slot=" + slot,
                        "conductor.jwt.pkcs11.pin-file=" + pinFile(pinVariable),
                        "conductor.jwt.pkcs11.keys="
                                + SoftHsmToken.RSA
                                + ","
                                + SoftHsmToken.EC_P256,
                        "conductor.jwt.jwks-file=" + dir.resolve("jwks.json"));
    }

    private static Path pinFile(String pin) {
        try {
            Path file = Files.createTempFile(dir, "pin", ".txt");
            Files.writeString(file, pin + "\n");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> keyNameTask() {
        Map<String, Object> declared = new HashMap<>();
        declared.put("keyName", SoftHsmToken.EC_P256);
        declared.put("subject", "svc@example.iam.gserviceaccount.com");
        declared.put("issuer", "svc@example.iam.gserviceaccount.com");
        declared.put("audience", "https://oauth2.googleapis.com/token");
        declared.put("ttlInSecond", 3600);
        declared.put("scopes", "https://www.googleapis.com/auth/cloud-platform");
        return declared;
    }

    @Test
    void aTaskNamingATokenKeyRunsAsTheAsyncTwinAndSignsAVerifiableToken() throws Exception {
        runner(hsm.pin(), hsm.slot())
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            GetSignedJwtTaskMapper mapper =
                                    context.getBean(GetSignedJwtTaskMapper.class);
                            WorkflowTask workflowTask =
                                    ConductorFixtures.workflowTask(keyNameTask());
                            TaskModel task =
                                    mapper.getMappedTasks(
                                                    TaskMapperContext.newBuilder()
                                                            .withWorkflowModel(
                                                                    ConductorFixtures.workflow(
                                                                            Map.of()))
                                                            .withWorkflowTask(workflowTask)
                                                            .withTaskInput(new HashMap<>())
                                                            .withRetryCount(0)
                                                            .withTaskId("task-1")
                                                            .build())
                                            .get(0);

                            assertThat(task.getTaskType()).isEqualTo(GetSignedJwt.ASYNC_TASK_TYPE);
                            assertThat(task.getStatus()).isEqualTo(TaskModel.Status.SCHEDULED);
                            assertThat(task.getResponseTimeoutSeconds())
                                    .isEqualTo(RoutedTaskMapper.ASYNC_RESPONSE_TIMEOUT_SECONDS);

                            WorkflowSystemTask twin =
                                    context.getBean(
                                            GetSignedJwt.ASYNC_TASK_TYPE, WorkflowSystemTask.class);
                            assertThat(twin.isAsync()).isTrue();
                            assertThat(twin.getTaskType()).isEqualTo(GetSignedJwt.ASYNC_TASK_TYPE);
                            assertThat(
                                            context.getBean(
                                                            GetSignedJwt.TASK_TYPE,
                                                            WorkflowSystemTask.class)
                                                    .isAsync())
                                    .isFalse();
                            twin.start(ConductorFixtures.workflow(Map.of()), task, null);

                            assertThat(task.getStatus()).isEqualTo(TaskModel.Status.COMPLETED);
                            String jwks = Files.readString(dir.resolve("jwks.json"));
                            IndependentVerifier.verifyWithJwks(
                                    (String) task.getOutputData().get("token"), jwks);
                            assertThat(context.getBean(HeldSigners.class).names())
                                    .containsExactlyInAnyOrder(
                                            SoftHsmToken.RSA, SoftHsmToken.EC_P256);
                        });
    }

    /** What the decider does: the mapper schedules the task from its declared input. */
    private static TaskModel mapped(
            com.netflix.conductor.core.execution.mapper.TaskMapper mapper,
            Map<String, Object> declared) {
        return mapper.getMappedTasks(
                        TaskMapperContext.newBuilder()
                                .withWorkflowModel(ConductorFixtures.workflow(Map.of()))
                                .withWorkflowTask(ConductorFixtures.workflowTask(declared))
                                .withTaskInput(new HashMap<>())
                                .withRetryCount(0)
                                .withTaskId("task-" + System.nanoTime())
                                .build())
                .get(0);
    }

    /** A token the server signs with its held key {@code keyName}, on the asynchronous twin. */
    private static String signedByTheServer(
            org.springframework.context.ApplicationContext context, String keyName) {
        Map<String, Object> declared = keyNameTask();
        declared.put("keyName", keyName);
        TaskModel sign = mapped(context.getBean(GetSignedJwtTaskMapper.class), declared);
        context.getBean(GetSignedJwt.ASYNC_TASK_TYPE, WorkflowSystemTask.class)
                .start(ConductorFixtures.workflow(Map.of()), sign, null);
        assertThat(sign.getStatus()).isEqualTo(TaskModel.Status.COMPLETED);
        return (String) sign.getOutputData().get("token");
    }

    private static Map<String, Object> verifyTask(String token, String keyName) {
        Map<String, Object> declared = new HashMap<>();
        declared.put("token", token);
        declared.put("keyName", keyName);
        declared.put("issuer", "svc@example.iam.gserviceaccount.com");
        return declared;
    }

    /**
     * VERIFY_JWT as the decider runs it: mapped, then started in the same decide when the mapper
     * made it our synchronous system task (as Conductor does for a synchronous type).
     */
    private static TaskModel verified(
            org.springframework.context.ApplicationContext context, String token, String keyName) {
        TaskModel task =
                mapped(context.getBean(VerifyJwtTaskMapper.class), verifyTask(token, keyName));
        assertThat(task.getTaskType()).isEqualTo(VerifyJwt.TASK_TYPE);
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.IN_PROGRESS);
        WorkflowSystemTask verify = context.getBean(VerifyJwt.TASK_TYPE, WorkflowSystemTask.class);
        assertThat(verify.isAsync()).isFalse();
        verify.start(ConductorFixtures.workflow(Map.of()), task, null);
        return task;
    }

    @Test
    void verifyJwtNamingAHeldKeyVerifiesInTheServerWithoutTheWorker() {
        runner(hsm.pin(), hsm.slot())
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            String token = signedByTheServer(context, SoftHsmToken.EC_P256);

                            TaskModel task = verified(context, token, SoftHsmToken.EC_P256);

                            assertThat(task.getStatus()).isEqualTo(TaskModel.Status.COMPLETED);
                            assertThat(task.getOutputData())
                                    .containsEntry("valid", true)
                                    .containsEntry("algorithm", "ES256")
                                    .containsEntry(
                                            "keyId",
                                            thumbprint(hsm.publicKey(SoftHsmToken.EC_P256)));
                        });
    }

    @Test
    void aTokenOfAnotherKeyFailsAsTheContractSays() {
        runner(hsm.pin(), hsm.slot())
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            // Another held key's token (RS256): the name's EC key never
                            // verifies it.
                            TaskModel otherHeldKey =
                                    verified(
                                            context,
                                            signedByTheServer(context, SoftHsmToken.RSA),
                                            SoftHsmToken.EC_P256);
                            assertThat(otherHeldKey.getStatus())
                                    .isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
                            assertThat(otherHeldKey.getOutputData())
                                    .containsEntry("valid", false)
                                    .containsEntry("errorCode", "ALGORITHM_NOT_ALLOWED");
                            assertThat(otherHeldKey.getReasonForIncompletion())
                                    .startsWith("ALGORITHM_NOT_ALLOWED: ");

                            // An ES256 token whose kid is not among the name's keys.
                            String unknownKid =
                                    IndependentSigner.token(
                                            "ES256",
                                            TestKeys.ec("secp256r1").getPrivate(),
                                            "not-held",
                                            Map.of("iss", "svc@example.iam.gserviceaccount.com"));
                            TaskModel notFound =
                                    verified(context, unknownKid, SoftHsmToken.EC_P256);
                            assertThat(notFound.getStatus())
                                    .isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
                            assertThat(notFound.getOutputData())
                                    .containsEntry("errorCode", "KEY_NOT_FOUND");

                            // The name's kid, signed by a key of the same kind that is not it.
                            String forged =
                                    IndependentSigner.token(
                                            "ES256",
                                            TestKeys.ec("secp256r1").getPrivate(),
                                            thumbprint(hsm.publicKey(SoftHsmToken.EC_P256)),
                                            Map.of("iss", "svc@example.iam.gserviceaccount.com"));
                            TaskModel badSignature =
                                    verified(context, forged, SoftHsmToken.EC_P256);
                            assertThat(badSignature.getStatus())
                                    .isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
                            assertThat(badSignature.getOutputData())
                                    .containsEntry("errorCode", "SIGNATURE_INVALID");
                            assertThat(badSignature.getReasonForIncompletion())
                                    .doesNotContain(forged);
                        });
    }

    @Test
    void aKeyNameTheServerDoesNotHoldStillGoesToTheWorkersQueue() {
        runner(hsm.pin(), hsm.slot())
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            TaskModel task =
                                    mapped(
                                            context.getBean(VerifyJwtTaskMapper.class),
                                            verifyTask("t", "orders-api"));
                            assertThat(task.getTaskType()).isEqualTo(VerifyJwt.HELD_KEY_TASK_TYPE);
                            assertThat(task.getStatus()).isEqualTo(TaskModel.Status.SCHEDULED);
                        });
    }

    @Test
    void ofANamesVersionLabelsTheLastSignsAndAllAreInTheJwkSetFile() throws Exception {
        // A name of this test's own: the token is shared by the tests of this JVM.
        String name = "plugin-rotating-" + System.nanoTime();
        hsm.addKey(name, "rsa:2048");
        hsm.addKey(name + ".2027-01", "EC:prime256v1");
        runner(hsm.pin(), hsm.slot())
                .withPropertyValues(
                        "conductor.jwt.pkcs11.keys=" + name,
                        // Both labels were made just now: no delay, so the last signs at once.
                        "conductor.jwt.pkcs11.publish-delay-seconds=0")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            String older = thumbprint(hsm.publicKey(name));
                            String newest = thumbprint(hsm.publicKey(name + ".2027-01"));
                            assertThat(context.getBean(HeldSigners.class).find(name).keyId())
                                    .isEqualTo(newest);
                            assertThat(Files.readString(dir.resolve("jwks.json")))
                                    .contains(older, newest);

                            // VERIFY_JWT with the name accepts the tokens of every label.
                            assertThat(
                                            verified(
                                                            context,
                                                            signedByTheServer(context, name),
                                                            name)
                                                    .getOutputData())
                                    .containsEntry("valid", true)
                                    .containsEntry("keyId", newest);
                            assertThat(
                                            verified(context, signedByLabel(name, older), name)
                                                    .getOutputData())
                                    .containsEntry("valid", true)
                                    .containsEntry("keyId", older);
                        });
    }

    /**
     * A label added to the running token: in the JWK Set file within a reload, so VERIFY_JWT by
     * name accepts its tokens at once; signing by name only once its (shortened) delay has passed.
     */
    @Test
    void aNewLabelIsPublishedAtOnceAndSignsAfterItsDelayWithoutARestart(CapturedOutput output)
            throws Exception {
        String name = "plugin-reload-" + System.nanoTime();
        Path jwksFile = dir.resolve(name + ".json");
        hsm.addKey(name, "EC:prime256v1");
        runner(hsm.pin(), hsm.slot())
                .withPropertyValues(
                        "conductor.jwt.pkcs11.keys=" + name,
                        "conductor.jwt.jwks-file=" + jwksFile,
                        "conductor.jwt.pkcs11.reload-seconds=1",
                        "conductor.jwt.pkcs11.publish-delay-seconds=" + PUBLISH_DELAY_SECONDS)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            String older = thumbprint(hsm.publicKey(name));
                            assertThat(kidOf(signedByTheServer(context, name))).isEqualTo(older);

                            hsm.addKey(name + ".2", "rsa:2048");
                            String newer = thumbprint(hsm.publicKey(name + ".2"));
                            await().atMost(Duration.ofSeconds(30))
                                    .until(() -> Files.readString(jwksFile).contains(newer));

                            // Published, not yet signing: the older label still signs.
                            String beforeDelay = signedByTheServer(context, name);
                            assertThat(kidOf(beforeDelay)).isEqualTo(older);
                            IndependentVerifier.verifyWithJwks(
                                    beforeDelay, Files.readString(jwksFile));
                            // VERIFY_JWT by name knows the new label's kid already.
                            assertThat(
                                            verified(context, signedByLabel(name, newer), name)
                                                    .getOutputData())
                                    .containsEntry("valid", true)
                                    .containsEntry("keyId", newer);

                            await().atMost(Duration.ofSeconds(PUBLISH_DELAY_SECONDS + 30))
                                    .until(
                                            () ->
                                                    kidOf(signedByTheServer(context, name))
                                                            .equals(newer));
                            String afterDelay = signedByTheServer(context, name);
                            IndependentVerifier.verifyWithJwks(
                                    afterDelay, Files.readString(jwksFile));
                            assertThat(verified(context, afterDelay, name).getOutputData())
                                    .containsEntry("valid", true)
                                    .containsEntry("keyId", newer);
                        });
        assertThat(output.getAll()).doesNotContain(hsm.pin());
    }

    /** Long enough to see the older label sign between a reload and the end of the delay. */
    private static final int PUBLISH_DELAY_SECONDS = 8;

    @Test
    void aLabelRemovedFromTheTokenLeavesTheJwkSetFileWithoutARestart() throws Exception {
        String name = "plugin-removed-" + System.nanoTime();
        Path jwksFile = dir.resolve(name + ".json");
        hsm.addKey(name, "EC:prime256v1");
        String newerId = hsm.addKey(name + ".2", "EC:prime256v1");
        runner(hsm.pin(), hsm.slot())
                .withPropertyValues(
                        "conductor.jwt.pkcs11.keys=" + name,
                        "conductor.jwt.jwks-file=" + jwksFile,
                        "conductor.jwt.pkcs11.reload-seconds=1",
                        "conductor.jwt.pkcs11.publish-delay-seconds=0",
                        "conductor.jwt.pkcs11.retire-seconds=0")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            String older = thumbprint(hsm.publicKey(name));
                            String newer = thumbprint(hsm.publicKey(name + ".2"));
                            assertThat(Files.readString(jwksFile)).contains(older, newer);
                            assertThat(kidOf(signedByTheServer(context, name))).isEqualTo(newer);

                            hsm.removeKey(newerId);
                            await().atMost(Duration.ofSeconds(30))
                                    .until(() -> !Files.readString(jwksFile).contains(newer));

                            assertThat(Files.readString(jwksFile)).contains(older);
                            assertThat(kidOf(signedByTheServer(context, name))).isEqualTo(older);
                        });
    }

    /**
     * A read that fails (here a new label whose key is too weak to sign) keeps the keys read before
     * and logs the rule, never the PIN; once the label is gone the next read succeeds.
     */
    @Test
    void aFailedReadKeepsTheKeysReadBeforeAndSaysWhyWithoutThePin(CapturedOutput output)
            throws Exception {
        String name = "plugin-failing-" + System.nanoTime();
        Path jwksFile = dir.resolve(name + ".json");
        hsm.addKey(name, "EC:prime256v1");
        runner(hsm.pin(), hsm.slot())
                .withPropertyValues(
                        "conductor.jwt.pkcs11.keys=" + name,
                        "conductor.jwt.jwks-file=" + jwksFile,
                        "conductor.jwt.pkcs11.reload-seconds=1",
                        "conductor.jwt.pkcs11.publish-delay-seconds=0")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            String older = thumbprint(hsm.publicKey(name));
                            String jwksBefore = Files.readString(jwksFile);

                            String weakId = hsm.addKey(name + ".2", "rsa:1024");
                            await().atMost(Duration.ofSeconds(30))
                                    .until(
                                            () ->
                                                    output.getAll()
                                                            .contains(
                                                                    "Keeping the PKCS#11 keys read"
                                                                            + " before; cannot read"
                                                                            + " the token: label '"
                                                                            + name
                                                                            + ".2'"));
                            assertThat(Files.readString(jwksFile)).isEqualTo(jwksBefore);
                            assertThat(kidOf(signedByTheServer(context, name))).isEqualTo(older);

                            hsm.removeKey(weakId);
                            hsm.addKey(name + ".3", "EC:prime256v1");
                            String newer = thumbprint(hsm.publicKey(name + ".3"));
                            await().atMost(Duration.ofSeconds(30))
                                    .until(
                                            () ->
                                                    kidOf(signedByTheServer(context, name))
                                                            .equals(newer));
                            assertThat(output.getAll())
                                    .contains("The PKCS#11 token's keys read cleanly again");
                        });
        assertThat(output.getAll()).doesNotContain(hsm.pin());
    }

    @Test
    void aReloadIntervalBelowOneSecondStopsTheStartNamingTheProperty() {
        runner(hsm.pin(), hsm.slot())
                .withPropertyValues("conductor.jwt.pkcs11.reload-seconds=0")
                .run(
                        context -> {
                            assertThat(context).hasFailed();
                            Throwable cause = context.getStartupFailure();
                            while (cause.getCause() != null) {
                                cause = cause.getCause();
                            }
                            assertThat(cause)
                                    .hasMessage(
                                            "conductor.jwt.pkcs11.reload-seconds must be at least 1"
                                                    + " seconds");
                        });
    }

    /** An application's own held keys replace the token's, and nothing reads the token. */
    @Test
    void anApplicationsOwnHeldSignersStandInTheTokensPlace() {
        runner(hsm.pin(), hsm.slot())
                .withBean(HeldSigners.class, () -> HeldSigners.NONE)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context).doesNotHaveBean(ServerHeldKeys.class);
                            assertThat(context.getBean(HeldSigners.class))
                                    .isSameAs(HeldSigners.NONE);
                        });
    }

    /** The kid in a token's header, read as a verifier would. */
    private static String kidOf(String token) throws java.io.IOException {
        byte[] header =
                java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
        return new ObjectMapper().readTree(header).get("kid").asText();
    }

    /** A token of one of a name's keys, by kid, as the token signs it (the older label's). */
    private static String signedByLabel(String name, String keyId) {
        HeldSigner signer =
                Pkcs11Token.open(hsm.config(name), SigningAlgorithm.RS256, new JwtSigner())
                        .signers()
                        .stream()
                        .filter(key -> key.keyId().equals(keyId))
                        .findFirst()
                        .orElseThrow();
        Map<String, Object> input = keyNameTask();
        input.remove("keyName");
        return signer.sign(new JwtRequestReader(SigningPolicy.defaults()).read(input, signer))
                .token();
    }

    private static String thumbprint(java.security.PublicKey key) {
        return io.jsonwebtoken.security.Jwks.builder().key(key).idFromThumbprint().build().getId();
    }

    @Test
    void aRefusedLoginStopsTheStartNamingThePropertyNeverThePin(CapturedOutput output) {
        String wrongPin = "wrong-" + hsm.pin();
        runner(wrongPin, hsm.spareSlot())
                .run(
                        context -> {
                            assertThat(context).hasFailed();
                            Throwable cause = context.getStartupFailure();
                            while (cause.getCause() != null) {
                                cause = cause.getCause();
                            }
                            assertThat(cause)
                                    .hasMessage(
                                            "conductor.jwt.pkcs11.pin-file the token refused the"
                                                    + " login; not retried, as tokens lock after a"
                                                    + " few wrong PINs");
                        });
        assertThat(output.getAll()).doesNotContain(wrongPin, hsm.pin());
    }
}
