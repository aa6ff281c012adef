package io.keystore.node.cli.account;

import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Secp256k1;
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
 * Where the signing key comes from: a file ({@code --key-file}), the environment ({@code
 * KEYSTORE_KEY}, through the node's KEYSTORE_ defaults), or a documented dev key derived from a
 * label ({@code --dev-key}: unsafe, devnets only). A private key is never taken from the command
 * line: {@code --key} exists only so that KEYSTORE_KEY reaches it, and is refused when typed.
 */
final class KeyOptions {

  /** The option KEYSTORE_KEY fills; refused on the command line. */
  static final String KEY_OPTION = "--key";

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "File holding the signing key: 32 bytes of hex (0x optional). Or set KEYSTORE_KEY, or KEYSTORE_KEY_FILE.")
  Path keyFile;

  @Option(
      names = "--dev-key",
      paramLabel = "LABEL",
      description =
          "UNSAFE, devnets only: the key derived from LABEL as `dev-tx --label` does (keccak256 of the label).")
  String devKey;

  @Option(
      names = KEY_OPTION,
      hidden = true,
      description = "Only from the environment (KEYSTORE_KEY).")
  String envKey;

  /** The key, if one is configured. */
  Optional<PrivateKey> key(CommandSpec spec) {
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
    if (keyFile != null) {
      return Optional.of(fromFile(spec, keyFile));
    }
    if (devKey != null) {
      return Optional.of(devKey(devKey));
    }
    if (envKey != null && !envKey.isBlank()) {
      return Optional.of(parse(spec, envKey.strip(), "KEYSTORE_KEY"));
    }
    return Optional.empty();
  }

  /** The key, or a usage error saying how to give one. */
  PrivateKey requireKey(CommandSpec spec) {
    return key(spec)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "this command signs: give --key-file FILE, set KEYSTORE_KEY, or (devnets) --dev-key LABEL"));
  }

  /** The dev key of a label: keccak256(label) reduced into [1, n), as dev-tx derives it. */
  static PrivateKey devKey(String label) {
    BigInteger h = Keccak256.hash(label.getBytes(StandardCharsets.UTF_8)).toUnsignedBigInteger();
    return PrivateKey.of(h.mod(Secp256k1.N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
  }

  private static PrivateKey fromFile(CommandSpec spec, Path file) {
    try {
      return parse(
          spec, Files.readString(file, StandardCharsets.US_ASCII).strip(), "key file " + file);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read the key file " + file + ": " + e.getMessage());
    }
  }

  static PrivateKey parse(CommandSpec spec, String text, String source) {
    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new ParameterException(
          spec.commandLine(), source + " must hold a private key: 64 hex digits (0x optional)");
    }
    try {
      return PrivateKey.of(new BigInteger(hex, 16));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), source + ": " + e.getMessage());
    }
  }
}
