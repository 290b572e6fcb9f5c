package io.github.conductorjwt.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.conductor.core.execution.mapper.TaskMapperContext;
import com.netflix.conductor.model.TaskModel;
import io.github.conductorjwt.core.HeldSigner;
import io.github.conductorjwt.core.JwtRequest;
import io.github.conductorjwt.core.JwtVerifier;
import io.github.conductorjwt.core.SignedJwt;
import io.github.conductorjwt.core.SigningAlgorithm;
import io.github.conductorjwt.core.VerifyRequestReader;
import io.github.conductorjwt.task.HeldSigners;
import io.github.conductorjwt.task.VerifyJwtTaskHandler;
import io.jsonwebtoken.security.PublicJwk;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the decider puts a VERIFY_JWT task, by its evaluated input. */
class VerifyJwtTaskMapperTest {

    private static final Map<String, Object> DECLARED =
            Map.of(
                    "token", "${workflow.input.token}",
                    "publicKey", "${workflow.input.publicKey}",
                    "jwksUri", "${workflow.input.jwksUri}",
                    "keyName", "${workflow.input.keyName}");

    private final VerifyJwtTaskHandler handler =
            new VerifyJwtTaskHandler(new VerifyRequestReader(10), new JwtVerifier());

    private HeldSigners heldSigners = HeldSigners.NONE;

    private TaskModel map(Map<String, Object> declared, Object... workflowInput) {
        Map<String, Object> input = new HashMap<>();
        for (int i = 0; i < workflowInput.length; i += 2) {
            input.put((String) workflowInput[i], workflowInput[i + 1]);
        }
        VerifyJwtTaskMapper mapper =
                new VerifyJwtTaskMapper(
                        ConductorFixtures.parametersUtils(),
                        ConductorFixtures.metadataDAO(null),
                        handler,
                        heldSigners);
        TaskMapperContext context =
                TaskMapperContext.newBuilder()
                        .withWorkflowModel(ConductorFixtures.workflow(input))
                        .withWorkflowTask(ConductorFixtures.workflowTask(declared))
                        .withTaskInput(new HashMap<>())
                        .withRetryCount(1)
                        .withRetryTaskId("task-0")
                        .withTaskId("task-1")
                        .build();
        List<TaskModel> tasks = mapper.getMappedTasks(context);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    @Test
    void anInlineKeyRunsSynchronouslyInPlace() {
        TaskModel task = map(DECLARED, "token", "t", "publicKey", "k");
        assertThat(task.getTaskType()).isEqualTo("VERIFY_JWT");
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.IN_PROGRESS);
        assertThat(task.getRetryCount()).isEqualTo(1);
    }

    @Test
    void aJwksUriGoesToTheAsynchronousTwinSoNoFetchRunsInTheDecideLoop() {
        TaskModel task = map(DECLARED, "token", "t", "jwksUri", "https://idp.example/jwks");
        assertThat(task.getTaskType()).isEqualTo("VERIFY_JWT_JWKS");
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.SCHEDULED);
    }

    /**
     * Without one, Conductor reserves a running fetch's queue message for an hour: a node killed
     * mid-fetch would hold the workflow that long.
     */
    @Test
    void aJwksUriTaskWithoutATaskDefinitionGetsTheAsynchronousResponseTimeout() {
        TaskModel task = map(DECLARED, "token", "t", "jwksUri", "https://idp.example/jwks");
        assertThat(task.getResponseTimeoutSeconds())
                .isEqualTo(RoutedTaskMapper.ASYNC_RESPONSE_TIMEOUT_SECONDS);
    }

    @Test
    void aKeyNameGoesToTheWorkersQueue() {
        TaskModel task = map(DECLARED, "token", "t", "keyName", "orders-api");
        assertThat(task.getTaskType()).isEqualTo("VERIFY_JWT_HELD_KEY");
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.SCHEDULED);
        // An empty form field is not a key name.
        assertThat(map(DECLARED, "token", "t", "keyName", "", "publicKey", "k").getTaskType())
                .isEqualTo("VERIFY_JWT");
    }

    /** A key the server holds (a Google account's, say: only its name matters to the route). */
    private static final HeldSigner HELD =
            new HeldSigner() {
                @Override
                public String name() {
                    return "google-signer";
                }

                @Override
                public String keyId() {
                    return null;
                }

                @Override
                public List<SigningAlgorithm> algorithms() {
                    return List.of(SigningAlgorithm.RS256);
                }

                @Override
                public boolean remote() {
                    return true;
                }

                @Override
                public SignedJwt sign(JwtRequest request) {
                    throw new UnsupportedOperationException("routing only");
                }

                @Override
                public List<PublicJwk<?>> publicJwks() {
                    return List.of();
                }
            };

    @Test
    void aKeyNameTheServerHoldsRunsSynchronouslyInPlaceAndAnyOtherGoesToTheWorker() {
        heldSigners = HeldSigners.of(List.of(HELD));
        TaskModel held = map(DECLARED, "token", "t", "keyName", " google-signer ");
        assertThat(held.getTaskType()).isEqualTo("VERIFY_JWT");
        assertThat(held.getStatus()).isEqualTo(TaskModel.Status.IN_PROGRESS);
        assertThat(map(DECLARED, "token", "t", "keyName", "orders-api").getTaskType())
                .isEqualTo("VERIFY_JWT_HELD_KEY");
    }

    @Test
    void aSecretReferenceSmuggledThroughWorkflowDataIsRefusedBeforeResolution() {
        TaskModel task =
                map(DECLARED, "token", "t", "publicKey", "${workflow.secrets.jwt-privatekey}");
        assertThat(task.getStatus()).isEqualTo(TaskModel.Status.FAILED_WITH_TERMINAL_ERROR);
        assertThat(task.getTaskType()).isEqualTo("VERIFY_JWT");
        assertThat(task.getInputData()).doesNotContainKey("publicKey");
        assertThat(task.getReasonForIncompletion()).startsWith("publicKey: ");
    }
}
