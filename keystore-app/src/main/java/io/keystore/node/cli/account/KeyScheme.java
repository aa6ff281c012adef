package io.keystore.node.cli.account;

import io.keystore.state.crypto.PublicKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The key schemes as the CLI names them (docs/spec/passkeys.md §1): {@code secp256k1} (1), {@code
 * p256} (2, raw P-256 ECDSA of the digest) and {@code webauthn} (3, a passkey's assertion).
 */
enum KeyScheme {
  SECP256K1("secp256k1", PublicKey.SCHEME_SECP256K1),
  P256("p256", PublicKey.SCHEME_P256),
  WEBAUTHN("webauthn", PublicKey.SCHEME_WEBAUTHN);

  /** The names, for help texts. */
  static final String NAMES = "secp256k1, p256 or webauthn";

  final String cliName;
  final int number;

  KeyScheme(String cliName, int number) {
    this.cliName = cliName;
    this.number = number;
  }

  /**
   * The scheme of a name (case-insensitive).
   *
   * @throws IllegalArgumentException for another name
   */
  static KeyScheme named(String name) {
    return Arrays.stream(values())
        .filter(s -> s.cliName.equals(name.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown key scheme \"" + name + "\": " + NAMES + " (passkeys.md §1)"));
  }

  /** The scheme of a key scheme number. */
  static KeyScheme of(int number) {
    return Arrays.stream(values())
        .filter(s -> s.number == number)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown key scheme " + number));
  }

  @Override
  public String toString() {
    return cliName;
  }

  /** picocli's converter of --scheme values. */
  static final class Converter implements ITypeConverter<KeyScheme> {
    @Override
    public KeyScheme convert(String value) {
      try {
        return named(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The names, for picocli's ${COMPLETION-CANDIDATES}. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(s -> s.cliName).iterator();
    }
  }
}
