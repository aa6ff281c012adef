package io.keystore.node.cli.account;

import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.tx.TxJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.tuweni.bytes.Bytes32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.FOOTER,
    description =
        "Writes a new random secp256k1 key to a file readable by you only (for --key-file), and prints its public key.")
final class KeygenCommand extends AccountBase {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The key file to create (never overwritten).")
  Path out;

  @Override
  int execute() throws Exception {
    byte[] d = randomScalar(new SecureRandom());
    PrivateKey key = PrivateKey.of(Bytes32.wrap(d));
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists; a key file is never overwritten");
    }
    Files.createFile(
        out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        out,
        "0x" + HexFormat.of().formatHex(d) + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.WRITE);
    if (json) {
      printJson(TxJson.key(key.publicKey()).put("keyFile", out.toString()));
    } else {
      println("key file         " + out);
      println("public key       " + key.publicKey().toUncompressed().toHexString());
      println("address          " + key.publicKey().ethereumAddress());
    }
    return ExitCodes.OK;
  }

  /** 32 random bytes whose value is in [1, n). */
  private static byte[] randomScalar(SecureRandom random) {
    byte[] d = new byte[32];
    while (true) {
      random.nextBytes(d);
      java.math.BigInteger v = new java.math.BigInteger(1, d);
      if (v.signum() > 0 && v.compareTo(Secp256k1.N) < 0) {
        return d;
      }
    }
  }
}
