package io.keystore.state.tx;

import java.util.Optional;

/** The transaction types and their type bytes and JSON names (docs/spec/transactions.md §1). */
public enum TxType {
  UPDATE_CONFIG(0x01, "updateConfig"),
  APPROVE_RECOVERY(0x02, "approveRecovery"),
  CANCEL_RECOVERY(0x03, "cancelRecovery"),
  FINALISE_RECOVERY(0x04, "finaliseRecovery");

  private final int code;
  private final String jsonName;

  TxType(int code, String jsonName) {
    this.code = code;
    this.jsonName = jsonName;
  }

  /** The type byte of the binary encoding. */
  public int code() {
    return code;
  }

  /** The {@code type} value of the JSON form. */
  public String jsonName() {
    return jsonName;
  }

  public static Optional<TxType> fromCode(int code) {
    for (TxType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public static Optional<TxType> fromJsonName(String name) {
    for (TxType t : values()) {
      if (t.jsonName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
