package io.keystore.sdk;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A state position for reads: the latest state, a state batch number, or a root the node produced
 * and still retains (L2s lag behind L1, so a wallet proves against the root its L2 knows).
 */
public sealed interface At permits At.Latest, At.Batch, At.Root {

  /** The latest state. */
  static At latest() {
    return Latest.INSTANCE;
  }

  /** The state after state batch {@code number} (0 is genesis). */
  static At batch(long number) {
    return new Batch(number);
  }

  /** The state whose root is {@code root}. */
  static At root(Bytes32 root) {
    return new Root(root);
  }

  /** The JSON-RPC parameter. */
  Object param();

  /** The latest state. */
  enum Latest implements At {
    INSTANCE;

    @Override
    public Object param() {
      return "latest";
    }
  }

  /** A state batch number. */
  record Batch(long number) implements At {
    public Batch {
      if (number < 0) {
        throw new IllegalArgumentException("a state batch number is not negative: " + number);
      }
    }

    @Override
    public Object param() {
      return number;
    }
  }

  /** A state root. */
  record Root(Bytes32 root) implements At {
    public Root {
      Objects.requireNonNull(root, "root");
    }

    @Override
    public Object param() {
      return root.toHexString();
    }
  }
}
