package io.keystore.node.cli.account;

import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256PrivateKey;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.SigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where your key comes from, and its scheme: a file ({@code --key-file}), the environment ({@code
 * KEYSTORE_KEY}, through the node's KEYSTORE_ defaults), or a documented dev key derived from a
 * label ({@code --dev-key}: unsafe, devnets only); {@code --scheme} (secp256k1, p256, webauthn)
 * says how to read a hex key and which scheme the command's own key is of (the curve of a PKCS#8
 * key by default). A private key is never taken from the command line: {@code --key} exists only so
 * that KEYSTORE_KEY reaches it, and is refused when typed.
 */
final class KeyOptions {

  /** The option KEYSTORE_KEY fills; refused on the command line. */
  static final String KEY_OPTION = "--key";

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "File holding your private key: 32 bytes of hex (0x optional; secp256k1, or P-256 with --scheme p256), or a PKCS#8 key, PEM or DER (P-256 or secp256k1). Or set KEYSTORE_KEY (hex or PEM), or KEYSTORE_KEY_FILE.")
  Path keyFile;

  @Option(
      names = "--dev-key",
      paramLabel = "LABEL",
      description =
          "UNSAFE, devnets only: the key derived from LABEL as `dev-tx --label` does (keccak256 of the label; a P-256 key with --scheme p256).")
  String devKey;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      converter = KeyScheme.Converter.class,
      completionCandidates = KeyScheme.Names.class,
      description =
          "The scheme of your key: ${COMPLETION-CANDIDATES} (default: a PKCS#8 key's curve, else secp256k1). webauthn: a passkey, whose private key stays in its authenticator (sign with --typed-data-out and --signature-in).")
  KeyScheme scheme;

  @Option(
      names = KEY_OPTION,
      hidden = true,
      description = "Only from the environment (KEYSTORE_KEY).")
  String envKey;

  /** --scheme, if given. */
  Optional<KeyScheme> scheme() {
    return Optional.ofNullable(scheme);
  }

  /** The key, if one is configured. */
  Optional<SigningKey> key(CommandSpec spec) {
    if (spec.commandLine().getParseResult().hasMatchedOption(KEY_OPTION)) {
      throw new ParameterException(
          spec.commandLine(),
          "a private key is never taken from the command line (shell history, process list):"
              + " use --key-file FILE or the KEYSTORE_KEY environment variable");
    }
    int sources = (keyFile != null ? 1 : 0) + (devKey != null ? 1 : 0);
    if (sources > 1) {
      throw new ParameterException(spec.commandLine(), "give one of --key-file and --dev-key");
    }
    try {
      if (keyFile != null) {
        return Optional.of(PrivateKeys.parse(read(keyFile), scheme(), "key file " + keyFile));
      }
      if (devKey != null) {
        return Optional.of(devKey(devKey, scheme().orElse(KeyScheme.SECP256K1)));
      }
      if (envKey != null && !envKey.isBlank()) {
        return Optional.of(
            PrivateKeys.parse(
                envKey.strip().getBytes(StandardCharsets.ISO_8859_1), scheme(), "KEYSTORE_KEY"));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return Optional.empty();
  }

  /** The key, or a usage error saying how to give one. */
  SigningKey requireKey(CommandSpec spec) {
    return key(spec)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "this command signs: give --key-file FILE, set KEYSTORE_KEY, or (devnets) --dev-key LABEL"));
  }

  /** The secp256k1 dev key of a label: keccak256(label) reduced into [1, n), as dev-tx does. */
  static PrivateKey devKey(String label) {
    return PrivateKey.of(devScalar(label, Secp256k1.N));
  }

  /** The dev key of a label in a scheme (a P-256 key: keccak256(label) reduced into P-256's n). */
  static SigningKey devKey(String label, KeyScheme scheme) {
    return switch (scheme) {
      case SECP256K1 -> devKey(label);
      case P256 -> P256PrivateKey.of(devScalar(label, P256.N));
      case WEBAUTHN ->
          throw new IllegalArgumentException(
              "--scheme webauthn: a passkey's private key stays in its authenticator, there is no"
                  + " dev key for it; sign with --typed-data-out FILE, then --signature-in FILE");
    };
  }

  private static BigInteger devScalar(String label, BigInteger n) {
    BigInteger h = Keccak256.hash(label.getBytes(StandardCharsets.UTF_8)).toUnsignedBigInteger();
    return h.mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the key file " + file + ": " + e.getMessage(), e);
    }
  }
}
