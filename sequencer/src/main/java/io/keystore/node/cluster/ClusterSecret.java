package io.keystore.node.cluster;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * What every member derives from the cluster secret (HKDF-SHA256, one label each): the Hazelcast
 * cluster name, and one P-256 key pair with its self-signed certificate (deterministic ECDSA, RFC
 * 6979, so every member makes the same bytes). The event bus presents that certificate and trusts
 * only it, with client authentication required: a TLS handshake needs the secret.
 *
 * @param clusterName the Hazelcast cluster name
 * @param privateKeyPem the key, PKCS#8 PEM
 * @param certificatePem the certificate, PEM
 */
public record ClusterSecret(String clusterName, String privateKeyPem, String certificatePem) {

  private static final byte[] SALT = "keystore-rollup prover cluster v1".getBytes(US());
  private static final String CURVE = "secp256r1";

  private static java.nio.charset.Charset US() {
    return StandardCharsets.US_ASCII;
  }

  /** The names and keys of {@code secret}. */
  public static ClusterSecret derive(String secret) {
    byte[] ikm = secret.getBytes(StandardCharsets.UTF_8);
    String name = "keystore-" + HexFormat.of().formatHex(hkdf(ikm, "cluster name", 16));
    X9ECParameters curve = ECNamedCurveTable.getByName(CURVE);
    BigInteger n = curve.getN();
    BigInteger d =
        new BigInteger(1, hkdf(ikm, "event bus tls key", 48))
            .mod(n.subtract(BigInteger.ONE))
            .add(BigInteger.ONE);
    try {
      ECParameterSpec spec = jdkCurve();
      org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(d).normalize();
      KeyFactory kf = KeyFactory.getInstance("EC");
      PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(d, spec));
      PublicKey pub =
          kf.generatePublic(
              new ECPublicKeySpec(
                  new ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  spec));
      byte[] cert = certificate(pub, d, curve);
      return new ClusterSecret(
          name, pem("PRIVATE KEY", priv.getEncoded()), pem("CERTIFICATE", cert));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot derive the cluster's TLS key", e);
    }
  }

  private static byte[] hkdf(byte[] ikm, String label, int length) {
    HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
    g.init(new HKDFParameters(ikm, SALT, label.getBytes(US())));
    byte[] out = new byte[length];
    g.generateBytes(out, 0, length);
    return out;
  }

  private static ECParameterSpec jdkCurve() throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(CURVE));
    return p.getParameterSpec(ECParameterSpec.class);
  }

  /** A self-signed X.509 v3 certificate of {@code pub}, signed with RFC 6979 ECDSA-SHA256. */
  private static byte[] certificate(PublicKey pub, BigInteger d, X9ECParameters curve)
      throws java.io.IOException {
    AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    X500Name name = new X500Name("CN=keystore prover cluster");
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    tbs.setSerialNumber(new ASN1Integer(1));
    tbs.setSignature(alg);
    tbs.setIssuer(name);
    tbs.setSubject(name);
    tbs.setStartDate(new Time(new Date(0L)));
    tbs.setEndDate(new Time(new Date(2_524_607_999_000L))); // 2049-12-31T23:59:59Z
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pub.getEncoded()));
    TBSCertificate body = tbs.generateTBSCertificate();
    byte[] digest = sha256(body.getEncoded("DER"));
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(
        true,
        new ECPrivateKeyParameters(
            d, new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH())));
    BigInteger[] rs = signer.generateSignature(digest);
    byte[] signature =
        new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])})
            .getEncoded("DER");
    ASN1EncodableVector cert = new ASN1EncodableVector();
    cert.add(body);
    cert.add(alg);
    cert.add(new DERBitString(signature));
    return new DERSequence(cert).getEncoded("DER");
  }

  private static byte[] sha256(byte[] data) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Override
  public String toString() {
    return "ClusterSecret[" + clusterName + "]"; // never the key
  }
}
