package io.keystore.node.storage;

import java.util.Arrays;

/**
 * The one mapping between the status enums and the text the node database stores for them (in
 * {@code txs.status}, {@code batches.status}, {@code forced_txs.status}): a constant is stored as
 * its name, and text no constant has is an error, never a default.
 */
final class StatusText {

  private StatusText() {}

  /** The stored text of {@code status}. */
  static String of(Enum<?> status) {
    return status.name();
  }

  /**
   * The constant of {@code type} stored as {@code text}.
   *
   * @throws StorageFailure for text no constant has (a database written by other code)
   */
  static <E extends Enum<E>> E parse(Class<E> type, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(text)) {
        return e;
      }
    }
    throw new StorageFailure(
        "unknown "
            + type.getSimpleName()
            + " '"
            + text
            + "' in the node database (known: "
            + Arrays.toString(type.getEnumConstants())
            + ")",
        null);
  }
}
