package io.keystore.node.cli.account;

import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256PrivateKey;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SigningKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Private keys from a key file or KEYSTORE_KEY: 32 bytes of hex (a secp256k1 key, or a P-256 key
 * with {@code --scheme p256}), or an unencrypted PKCS#8 key, PEM ({@code -----BEGIN PRIVATE
 * KEY-----}, what {@code openssl genpkey} and {@code keygen --scheme p256} write) or DER, on the
 * named curve P-256 (prime256v1) or secp256k1 (read with Bouncy Castle). The scheme is the curve's
 * unless {@code --scheme} names it; a WebAuthn key is never in a file. Messages never echo what the
 * source holds.
 */
final class PrivateKeys {

  private PrivateKeys() {}

  /** A scalar and, for a PKCS#8 key, the scheme of its curve. */
  private record Material(BigInteger d, Optional<KeyScheme> curve) {}

  /**
   * The signing key a source holds.
   *
   * @param content the file's bytes, or KEYSTORE_KEY's
   * @param scheme {@code --scheme}, if given
   * @param source the source, for messages ("key file k.pem", "KEYSTORE_KEY")
   * @throws IllegalArgumentException if it holds no key of a usable scheme, saying why
   */
  static SigningKey parse(byte[] content, Optional<KeyScheme> scheme, String source) {
    Material m = material(content, source);
    KeyScheme s = scheme.orElse(m.curve().orElse(KeyScheme.SECP256K1));
    if (s == KeyScheme.WEBAUTHN) {
      throw new IllegalArgumentException(
          "--scheme webauthn: a passkey's private key never leaves its authenticator, so "
              + source
              + " cannot hold one; a WebAuthn signer signs with --typed-data-out FILE, then"
              + " --signature-in FILE");
    }
    if (m.curve().isPresent() && m.curve().get() != s) {
      throw new IllegalArgumentException(
          "wrong scheme: "
              + source
              + " holds a "
              + m.curve().get()
              + " key, not a "
              + s
              + " key (--scheme "
              + s
              + ")");
    }
    try {
      return s == KeyScheme.P256 ? P256PrivateKey.of(m.d()) : PrivateKey.of(m.d());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static Material material(byte[] content, String source) {
    String text = new String(content, StandardCharsets.ISO_8859_1).strip();
    if (text.startsWith("-----BEGIN")) {
      return pkcs8(pemPrivateKey(text, source), source);
    }
    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (hex.matches("[0-9a-fA-F]{64}")) {
      return new Material(new BigInteger(hex, 16), Optional.empty());
    }
    if (!isText(content)) {
      return pkcs8(content, source);
    }
    throw new IllegalArgumentException(
        source
            + " must hold a private key: 64 hex digits (0x optional), or a PKCS#8 key (PEM or DER)");
  }

  private static byte[] pemPrivateKey(String text, String source) {
    try (PemReader reader = new PemReader(new StringReader(text))) {
      for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
        switch (o.getType()) {
          case "PRIVATE KEY" -> {
            return o.getContent();
          }
          case "ENCRYPTED PRIVATE KEY" ->
              throw new IllegalArgumentException(
                  source
                      + " is encrypted: decrypt it to an unencrypted PKCS#8 file readable by you"
                      + " only (openssl pkcs8 -in FILE -out PLAIN.pem)");
          case "EC PRIVATE KEY" ->
              throw new IllegalArgumentException(
                  source
                      + " is a SEC 1 key (EC PRIVATE KEY): convert it to PKCS#8 (openssl pkcs8"
                      + " -topk8 -nocrypt -in FILE -out KEY.pem)");
          default -> {
            // e.g. EC PARAMETERS before the key: read on
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid PEM: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(source + " holds no PEM block PRIVATE KEY (PKCS#8)");
  }

  private static Material pkcs8(byte[] der, String source) {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(source + " is not a PKCS#8 private key", e);
    }
    AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())) {
      throw new IllegalArgumentException(
          source + " holds a key of algorithm " + alg.getAlgorithm() + ", not an EC key");
    }
    if (!(alg.getParameters() instanceof ASN1ObjectIdentifier curve)) {
      throw new IllegalArgumentException(
          source + ": an EC key on a named curve is expected (P-256 or secp256k1)");
    }
    KeyScheme scheme;
    if (SECObjectIdentifiers.secp256r1.equals(curve)) {
      scheme = KeyScheme.P256;
    } else if (SECObjectIdentifiers.secp256k1.equals(curve)) {
      scheme = KeyScheme.SECP256K1;
    } else {
      throw new IllegalArgumentException(
          source + " holds a key on curve " + curve + ": P-256 (prime256v1) or secp256k1 only");
    }
    try {
      BigInteger d = ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
      return new Material(d, Optional.of(scheme));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(source + ": a malformed EC private key", e);
    }
  }

  /**
   * The unencrypted PKCS#8 PEM of a P-256 private key, with its public key (what {@code openssl
   * genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes).
   */
  static String p256Pkcs8Pem(BigInteger d) {
    PublicKey pub = P256.publicKeyOf(PublicKey.SCHEME_P256, d);
    try {
      PrivateKeyInfo info =
          new PrivateKeyInfo(
              new AlgorithmIdentifier(
                  X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
              new ECPrivateKey(256, d, new DERBitString(pub.toUncompressed().toArray()), null));
      StringWriter out = new StringWriter();
      try (PemWriter w = new PemWriter(out)) {
        w.writeObject(new PemObject("PRIVATE KEY", info.getEncoded(ASN1Encoding.DER)));
      }
      return out.toString();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a PKCS#8 key", e);
    }
  }

  /** Whether the bytes are printable ASCII and whitespace (else they may be DER). */
  static boolean isText(byte[] content) {
    for (byte b : content) {
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
