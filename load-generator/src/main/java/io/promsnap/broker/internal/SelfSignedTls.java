package io.promsnap.broker.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh certificate authority and a server certificate for 127.0.0.1 / localhost signed by it, made
 * with Bouncy Castle's certificate builders (the keys and signatures come from the JDK's own providers,
 * so Bouncy Castle's provider is never registered and the shaded CLI jar needs no signed provider jar).
 * Written as two PKCS12 files: a keystore with the server key and its chain, a truststore with the CA.
 * Not a public API: the embedded broker and tests use it.
 */
public final class SelfSignedTls {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The files written and their passwords. */
    public record Stores(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        @Override
        public String toString() {
            // never the passwords
            return "Stores[keystore=" + keystore + ", truststore=" + truststore + "]";
        }
    }

    private SelfSignedTls() {
    }

    /** A random password of 24 URL-safe characters (safe inside JAAS strings and StorageTool arguments). */
    public static String randomPassword() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Writes {@code keystore.p12} and {@code truststore.p12} into {@code dir} (created if needed) for a
     * new CA named {@code caName}; the server certificate is valid for IP 127.0.0.1 and DNS localhost.
     */
    public static Stores generate(Path dir, String caName) throws IOException {
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = keyPair();
            KeyPair serverKeys = keyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date to = Date.from(now.plus(Duration.ofDays(3650)));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            X500Name ca = new X500Name("CN=" + caName);
            X509v3CertificateBuilder cab = new JcaX509v3CertificateBuilder(ca, serial(), from, to, ca, caKeys.getPublic());
            cab.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            cab.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            cab.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCert = sign(cab, caKeys);

            X500Name server = new X500Name("CN=localhost");
            X509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(ca, serial(), from, to, server, serverKeys.getPublic());
            sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            // Kafka clients verify the host name (ssl.endpoint.identification.algorithm=https) by default
            sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            sb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            sb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(serverKeys.getPublic()));
            X509Certificate serverCert = sign(sb, caKeys);

            String keystorePassword = randomPassword();
            String truststorePassword = randomPassword();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("broker", serverKeys.getPrivate(), keystorePassword.toCharArray(),
                    new Certificate[] {serverCert, caCert});
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("promsnap-ca", caCert);
            Path keystore = dir.resolve("keystore.p12");
            Path truststore = dir.resolve("truststore.p12");
            store(ks, keystore, keystorePassword);
            store(ts, truststore, truststorePassword);
            return new Stores(keystore, keystorePassword, truststore, truststorePassword);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not generate the TLS certificates in " + dir + ": " + e, e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static void store(KeyStore ks, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
    }
}
