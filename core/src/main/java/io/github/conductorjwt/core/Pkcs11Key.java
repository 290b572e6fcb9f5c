package io.github.conductorjwt.core;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;

/**
 * A key on a PKCS#11 token, named by its label. It signs one algorithm, the one its JWK publishes
 * (as a worker's key files do); its {@code kid} is its public key's RFC 7638 thumbprint, so a new
 * key under the same label gets a new kid.
 */
final class Pkcs11Key implements HeldSigner {

    static final String EDDSA_MSG =
            "label '%s' is an EdDSA key: the JDK's PKCS#11 provider cannot sign EdDSA; use an RSA"
                    + " key or an EC key on P-256, P-384 or P-521";
    static final String NO_ALGORITHM_MSG =
            "label '%s' is a %s key, which no supported algorithm signs";
    static final String WEAK_MSG = "label '%s': %s";

    static final String GONE_MSG = "its key is no longer on the token";

    private final Pkcs11Token token;
    private final String name;
    private final String label;
    private final java.time.Instant created;
    private final PublicKey publicKey;
    private final SigningAlgorithm algorithm;
    private final String keyId;
    private final JwtSigner signer;

    Pkcs11Key(
            Pkcs11Token token,
            String name,
            String label,
            PublicKey publicKey,
            java.time.Instant created,
            SigningAlgorithm defaultAlgorithm,
            JwtSigner signer) {
        this.token = token;
        this.name = name;
        this.label = label;
        this.created = created;
        this.publicKey = publicKey;
        this.algorithm = algorithmFor(label, publicKey, defaultAlgorithm);
        this.keyId = Jwks.builder().key(publicKey).idFromThumbprint().build().getId();
        this.signer = signer;
    }

    /**
     * The default when it fits the key, else the key's usual one (RS256, the curve's ES*).
     *
     * @throws Pkcs11Exception for a key no supported algorithm signs through the JDK's PKCS#11
     */
    static SigningAlgorithm algorithmFor(
            String label, PublicKey publicKey, SigningAlgorithm defaultAlgorithm) {
        SigningAlgorithm.KeyFamily family = KeyRules.familyOf(publicKey);
        if (family == SigningAlgorithm.KeyFamily.EDDSA) {
            throw new Pkcs11Exception(Pkcs11Exception.Setting.KEYS, EDDSA_MSG.formatted(label));
        }
        List<SigningAlgorithm> fitting =
                Arrays.stream(SigningAlgorithm.values())
                        .filter(a -> a.family() != SigningAlgorithm.KeyFamily.HMAC)
                        .filter(a -> KeyRules.fits(publicKey, a))
                        .toList();
        if (fitting.isEmpty()) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.KEYS,
                    NO_ALGORITHM_MSG.formatted(label, publicKey.getAlgorithm()));
        }
        SigningAlgorithm chosen =
                fitting.contains(defaultAlgorithm) ? defaultAlgorithm : fitting.get(0);
        try {
            KeyRules.check(SigningKey.of(publicKey), chosen);
        } catch (KeyException e) {
            throw new Pkcs11Exception(
                    Pkcs11Exception.Setting.KEYS, WEAK_MSG.formatted(label, e.rule()));
        }
        return chosen;
    }

    @Override
    public String name() {
        return name;
    }

    /** The token's label for it: its name, or {@code name.VERSION}. */
    String label() {
        return label;
    }

    PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public java.time.Instant created() {
        return created;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public List<SigningAlgorithm> algorithms() {
        return List.of(algorithm);
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public SignedJwt sign(JwtRequest request) {
        Pkcs11Token.Session session = token.session(name);
        java.security.PrivateKey privateKey = session.keys().get(keyId);
        if (privateKey == null) {
            throw new HeldKeyUnavailableException(name, GONE_MSG);
        }
        try {
            return signer.sign(
                    request.withKey(SigningKey.held(privateKey, publicKey, session.provider())));
        } catch (SigningDeviceException e) {
            token.failed(session);
            throw new HeldKeyUnavailableException(
                    name, Pkcs11Token.DEVICE_FAILED_MSG.formatted(e.getMessage()));
        }
    }

    @Override
    public List<PublicJwk<?>> publicJwks() {
        return List.of(
                Jwks.builder()
                        .key(publicKey)
                        .id(keyId)
                        .publicKeyUse("sig")
                        .algorithm(algorithm.name())
                        .build());
    }

    @Override
    public String toString() {
        return "PKCS#11 key '" + label + "' (kid " + keyId + ", " + algorithm + ")";
    }
}
