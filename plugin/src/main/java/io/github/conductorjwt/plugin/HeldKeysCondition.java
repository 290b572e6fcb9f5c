package io.github.conductorjwt.plugin;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the server holds keys that sign outside it (a PKCS#11 library or Google accounts is
 * configured): only then is the asynchronous twin registered, as Conductor's system-task workers
 * poll every asynchronous type's queue.
 */
final class HeldKeysCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
            ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        boolean pkcs11 = binder.bind(Pkcs11Properties.PREFIX + ".library", String.class).isBound();
        boolean google =
                binder.bind(
                                        GoogleProperties.PREFIX + ".accounts",
                                        Bindable.mapOf(String.class, String.class))
                                .map(Map::size)
                                .orElse(0)
                        > 0;
        return pkcs11 || google
                ? ConditionOutcome.match("held keys configured")
                : ConditionOutcome.noMatch("no held keys configured");
    }
}
