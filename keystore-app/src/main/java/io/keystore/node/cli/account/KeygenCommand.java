package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256PrivateKey;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.tx.TxJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Writes a new random key to a file readable by you only (for --key-file), and prints its public key: a secp256k1 key as hex, a P-256 key (--scheme p256) as PKCS#8 PEM. A passkey (webauthn) is made by its authenticator, not here.")
final class KeygenCommand extends AccountBase {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The key file to create (never overwritten).")
  Path out;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      defaultValue = "secp256k1",
      converter = KeyScheme.Converter.class,
      description = "secp256k1 (default) or p256.")
  KeyScheme scheme;

  @Override
  int execute() throws Exception {
    if (scheme == KeyScheme.WEBAUTHN) {
      throw new IllegalArgumentException(
          "a passkey (webauthn) is created by its authenticator (navigator.credentials.create),"
              + " which keeps its private key; give its public key as webauthn:0x04… or"
              + " {\"scheme\": 3, \"publicKey\": \"0x04…\"}");
    }
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists; a key file is never overwritten");
    }
    SecureRandom random = new SecureRandom();
    PublicKey publicKey;
    String content;
    if (scheme == KeyScheme.P256) {
      BigInteger d = randomScalar(random, P256.N);
      publicKey = P256PrivateKey.of(d).publicKey();
      content = PrivateKeys.p256Pkcs8Pem(d);
    } else {
      BigInteger d = randomScalar(random, Secp256k1.N);
      publicKey = PrivateKey.of(d).publicKey();
      content = String.format("0x%064x", d) + "\n";
    }
    Files.createFile(
        out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(out, content, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    if (json) {
      ObjectNode o = TxJson.key(publicKey);
      o.put("keyFile", out.toString());
      printJson(o);
    } else {
      println("key file         " + out);
      PubkeyCommand.describe(this, publicKey);
    }
    return ExitCodes.OK;
  }

  /** A random value in [1, n). */
  private static BigInteger randomScalar(SecureRandom random, BigInteger n) {
    while (true) {
      BigInteger v = new BigInteger(256, random);
      if (v.signum() > 0 && v.compareTo(n) < 0) {
        return v;
      }
    }
  }
}
