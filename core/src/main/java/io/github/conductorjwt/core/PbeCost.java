package io.github.conductorjwt.core;

import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Reads the work factor an encrypted PKCS#8 key asks for, before any key derivation runs, and
 * refuses one above {@link InputLimits}: the file chooses its iteration count, so without a cap one
 * key could take minutes of CPU per attempt.
 */
final class PbeCost {

    /** The longest derived key any PBES2 cipher needs (AES-256: 32 bytes), with room. */
    private static final int MAX_DERIVED_KEY_BYTES = 64;

    /** PBKDF2's PRFs that the JDK implements. */
    private static final Set<ASN1ObjectIdentifier> PRFS =
            Set.of(
                    PKCSObjectIdentifiers.id_hmacWithSHA1,
                    PKCSObjectIdentifiers.id_hmacWithSHA224,
                    PKCSObjectIdentifiers.id_hmacWithSHA256,
                    PKCSObjectIdentifiers.id_hmacWithSHA384,
                    PKCSObjectIdentifiers.id_hmacWithSHA512);

    static final String ITERATIONS_MSG =
            "is encrypted with a PBKDF2 iteration count outside 1..%d (OpenSSL writes 2048; re-encrypt with 'openssl pkcs8 -topk8 -iter 2048')";

    private PbeCost() {}

    /**
     * @param der an EncryptedPrivateKeyInfo
     */
    static void check(byte[] der) {
        AlgorithmIdentifier scheme;
        try {
            scheme = EncryptedPrivateKeyInfo.getInstance(der).getEncryptionAlgorithm();
        } catch (RuntimeException e) {
            throw invalid("PEM body is not an encrypted PKCS#8 key");
        }
        ASN1ObjectIdentifier oid = scheme.getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.id_PBES2)) {
                checkPbes2(PBES2Parameters.getInstance(scheme.getParameters()));
            } else if (oid.on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
                checkIterations(
                        PKCS12PBEParams.getInstance(scheme.getParameters()).getIterations());
            } else if (oid.on(PKCSObjectIdentifiers.pkcs_5)) {
                checkIterations(
                        PBEParameter.getInstance(scheme.getParameters()).getIterationCount());
            } else {
                throw invalid("is encrypted with a scheme this JDK does not support");
            }
        } catch (KeyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw invalid("PEM body is not an encrypted PKCS#8 key");
        }
    }

    private static void checkPbes2(PBES2Parameters parameters) {
        KeyDerivationFunc kdf = parameters.getKeyDerivationFunc();
        if (!kdf.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
            throw invalid("is encrypted with a key derivation other than PBKDF2; not supported");
        }
        PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
        if (!PRFS.contains(pbkdf2.getPrf().getAlgorithm())) {
            throw invalid("is encrypted with a PBKDF2 PRF this JDK does not support");
        }
        BigInteger keyLength = pbkdf2.getKeyLength();
        if (keyLength != null
                && keyLength.compareTo(BigInteger.valueOf(MAX_DERIVED_KEY_BYTES)) > 0) {
            throw invalid("asks PBKDF2 for a key longer than any cipher uses");
        }
        checkIterations(pbkdf2.getIterationCount());
    }

    private static void checkIterations(BigInteger iterations) {
        int ceiling = InputLimits.MAX_PBKDF2_ITERATIONS;
        if (iterations.signum() <= 0 || iterations.compareTo(BigInteger.valueOf(ceiling)) > 0) {
            throw invalid(ITERATIONS_MSG.formatted(ceiling));
        }
    }

    private static KeyException invalid(String rule) {
        return new KeyException(rule);
    }
}
