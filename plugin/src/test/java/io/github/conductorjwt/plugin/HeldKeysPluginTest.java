package io.github.conductorjwt.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.core.execution.tasks.WorkflowSystemTask;
import com.netflix.conductor.core.utils.ParametersUtils;
import com.netflix.conductor.dao.MetadataDAO;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.SoftHsmToken;
import io.github.conductorjwt.task.GetSignedJwt;
import io.github.conductorjwt.task.HeldSigners;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void ofANamesVersionLabelsTheLastSignsAndAllAreInTheJwkSetFile() throws Exception {
        // A name of this test's own: the token is shared by the tests of this JVM.
        String name = "plugin-rotating-" + System.nanoTime();
        hsm.addKey(name, "rsa:2048");
        hsm.addKey(name + ".2027-01", "EC:prime256v1");
        runner(hsm.pin(), hsm.slot())
                .withPropertyValues("conductor.jwt.pkcs11.keys=" + name)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            String older = thumbprint(hsm.publicKey(name));
                            String newest = thumbprint(hsm.publicKey(name + ".2027-01"));
                            assertThat(context.getBean(HeldSigners.class).find(name).keyId())
                                    .isEqualTo(newest);
                            assertThat(Files.readString(dir.resolve("jwks.json")))
                                    .contains(older, newest);
                        });
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
