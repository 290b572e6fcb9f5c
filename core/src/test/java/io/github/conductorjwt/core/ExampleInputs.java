package io.github.conductorjwt.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task inputs tests and benchmarks start from, as fresh mutable maps: one place for the example
 * every module signs.
 */
public final class ExampleInputs {

    private ExampleInputs() {}

    /** The inputs of Orkes' documented example, resolved: RS256, a key id and one scope. */
    public static Map<String, Object> orkesExample(Object privateKey) {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "svc@example.iam.gserviceaccount.com");
        input.put("issuer", "svc@example.iam.gserviceaccount.com");
        input.put("privateKey", privateKey);
        input.put("privateKeyId", "key-123");
        input.put("audience", "https://oauth2.googleapis.com/token");
        input.put("ttlInSecond", 3600);
        input.put("scopes", "https://www.googleapis.com/auth/cloud-platform");
        input.put("algorithm", "RS256");
        return input;
    }

    /**
     * What conductor-oss ui-next writes for a new "Get Signed JWT" task: every field empty, {@code
     * ttlInSecond} 0, RS256.
     */
    public static Map<String, Object> uiNextForm() {
        Map<String, Object> input = new HashMap<>();
        input.put("subject", "");
        input.put("issuer", "");
        input.put("privateKey", "");
        input.put("privateKeyId", "");
        input.put("audience", "");
        input.put("ttlInSecond", 0);
        input.put("scopes", List.of());
        input.put("algorithm", "RS256");
        return input;
    }

    /** The fewest inputs that sign, around the key under test ({@code password} may be null). */
    public static Map<String, Object> aroundKey(String algorithm, Object key, String password) {
        Map<String, Object> input = new HashMap<>();
        input.put("issuer", "i");
        input.put("subject", "s");
        input.put("audience", "a");
        input.put("ttlInSecond", 60);
        input.put("algorithm", algorithm);
        input.put("privateKey", key);
        if (password != null) {
            input.put("privateKeyPassword", password);
        }
        return input;
    }
}
