package io.github.conductorjwt.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/**
 * Makes tokens for the verifier's tests without JJWT: the header and claims JSON as given (so
 * hostile headers can be written), signed by Nimbus JOSE+JWT (RSA, EC, HMAC) or, for EdDSA, the
 * JDK's own signature, as {@link IndependentVerifier} checks ours.
 */
public final class IndependentSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IndependentSigner() {}

    /** A token over these header and claims, signed with {@code key} (private key or secret). */
    public static String sign(Map<String, ?> header, Map<String, ?> claims, Object key) {
        return sign(json(header), json(claims), (String) header.get("alg"), key);
    }

    /** A token over this header and payload text, as written. */
    public static String sign(String headerJson, String payloadJson, String alg, Object key) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input
                + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(signature(alg, input, key));
    }

    /** Header {@code alg} (and {@code typ}, {@code kid} when given) and claims valid now. */
    public static String token(String alg, Object key, String kid, Map<String, ?> extraClaims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return sign(header, claims(extraClaims), key);
    }

    /** iss, sub, aud, iat now, exp in 10 minutes, plus these. */
    public static Map<String, Object> claims(Map<String, ?> extra) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://issuer.example");
        claims.put("sub", "user-1");
        claims.put("aud", "https://api.example");
        claims.put("iat", now);
        claims.put("exp", now + 600);
        claims.putAll(extra);
        return claims;
    }

    public static String b64(String text) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] signature(String alg, String input, Object key) {
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        try {
            if (alg.equals("EdDSA")) {
                Signature signature = Signature.getInstance("EdDSA");
                signature.initSign((PrivateKey) key);
                signature.update(bytes);
                return signature.sign();
            }
            JWSSigner signer;
            if (key instanceof byte[] secret) {
                signer = new MACSigner(secret);
            } else if (key instanceof ECPrivateKey ec) {
                signer = new ECDSASigner(ec);
            } else {
                signer = new RSASSASigner((PrivateKey) key);
            }
            return signer.sign(new JWSHeader(JWSAlgorithm.parse(alg)), bytes).decode();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign " + alg + ": " + e, e);
        }
    }

    /** A self-signed X.509 certificate (PEM) carrying the RSA pair's public key. */
    public static String certificatePem(KeyPair rsa) {
        try {
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            AlgorithmIdentifier sha256WithRsa =
                    new AlgorithmIdentifier(
                            PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
            X500Name name = new X500Name("CN=conductor-jwt test");
            tbs.setSerialNumber(new ASN1Integer(BigInteger.ONE));
            tbs.setIssuer(name);
            tbs.setSubject(name);
            tbs.setStartDate(new Time(new Date(System.currentTimeMillis() - 60_000)));
            tbs.setEndDate(new Time(new Date(System.currentTimeMillis() + 86_400_000)));
            tbs.setSignature(sha256WithRsa);
            tbs.setSubjectPublicKeyInfo(
                    SubjectPublicKeyInfo.getInstance(rsa.getPublic().getEncoded()));
            TBSCertificate certificate = tbs.generateTBSCertificate();
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(rsa.getPrivate());
            signature.update(certificate.getEncoded());
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(certificate);
            v.add(sha256WithRsa);
            v.add(new DERBitString(signature.sign()));
            return TestKeys.pem("CERTIFICATE", new DERSequence(v).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
