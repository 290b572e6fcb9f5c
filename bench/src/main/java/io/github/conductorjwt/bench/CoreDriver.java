package io.github.conductorjwt.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Map;

/**
 * One task's reading and signing ({@code JwtRequestReader.read} then {@code JwtSigner.sign})
 * through the core a given class loader holds, by method handles: the current core and a {@link
 * BaselineCore} are driven by the same code, so their call costs are the same and only the core
 * differs.
 */
final class CoreDriver {

    private static final String CORE = BaselineCore.CORE_PACKAGE;

    private final MethodHandle readAndSign;
    private final MethodHandle token;

    private CoreDriver(MethodHandle readAndSign, MethodHandle token) {
        this.readAndSign = readAndSign;
        this.token = token;
    }

    /**
     * The core of {@code loader}, set up as {@link ProviderBenchmark}'s core is: the provider
     * chosen by name ({@code jdk}, {@code accp}), {@code algorithm} the default, 1,000 parsed keys
     * cached.
     */
    static CoreDriver load(ClassLoader loader, String algorithm, String provider) {
        try {
            Class<?> choice = loader.loadClass(CORE + "SigningProvider$Choice");
            Class<?> signingProvider = loader.loadClass(CORE + "SigningProvider");
            Class<?> signingAlgorithm = loader.loadClass(CORE + "SigningAlgorithm");
            Class<?> policy = loader.loadClass(CORE + "SigningPolicy");
            Class<?> reader = loader.loadClass(CORE + "JwtRequestReader");
            Class<?> signer = loader.loadClass(CORE + "JwtSigner");
            Class<?> request = loader.loadClass(CORE + "JwtRequest");
            Class<?> signed = loader.loadClass(CORE + "SignedJwt");
            Object chosen =
                    signingProvider
                            .getMethod("choose", choice)
                            .invoke(null, constant(choice, provider.toUpperCase()));
            Object policyValue =
                    policy.getConstructor(Duration.class, signingAlgorithm, int.class)
                            .newInstance(
                                    policy.getField("DEFAULT_MAX_TTL").get(null),
                                    constant(signingAlgorithm, algorithm),
                                    1000);
            Object readerValue =
                    reader.getConstructor(policy, signingProvider).newInstance(policyValue, chosen);
            Object signerValue = signer.getConstructor().newInstance();
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle read =
                    lookup.findVirtual(reader, "read", MethodType.methodType(request, Map.class))
                            .bindTo(readerValue);
            MethodHandle sign =
                    lookup.findVirtual(signer, "sign", MethodType.methodType(signed, request))
                            .bindTo(signerValue);
            return new CoreDriver(
                    MethodHandles.filterReturnValue(read, sign)
                            .asType(MethodType.methodType(Object.class, Map.class)),
                    lookup.findVirtual(signed, "token", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot drive the core of " + loader, e);
        }
    }

    /** Reads {@code input} and signs it: the core's {@code SignedJwt}. */
    Object sign(Map<String, Object> input) throws Throwable {
        return (Object) readAndSign.invokeExact(input);
    }

    /** The compact token of what {@link #sign} returned. */
    String token(Object signedJwt) throws Throwable {
        return (String) token.invokeExact(signedJwt);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object constant(Class<?> type, String name) {
        return Enum.valueOf((Class<? extends Enum>) type, name);
    }
}
