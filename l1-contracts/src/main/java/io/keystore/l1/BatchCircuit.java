package io.keystore.l1;

import io.keystore.state.crypto.PublicKey;
import java.util.List;

/**
 * A batch (leaf) circuit (docs/spec/proof.md §9): one per batch size and signer scheme, named by
 * the prover ({@code batch-1}, {@code batch-4}, {@code batch-16}, {@code batch-1-p256}, {@code
 * batch-1-webauthn}) and by the rollup contract's circuit id, {@code slots + 256·(scheme − 1)} (1,
 * 4, 16; 257; 513), which selects its verifier ({@code KeystoreRollup.verifiers(circuit)}) in
 * {@code submitBatch} and {@code submitAggregated}. The secp256k1 circuits' ids are their sizes.
 *
 * @param scheme the signers' key scheme: {@link PublicKey#SCHEME_SECP256K1}, {@link
 *     PublicKey#SCHEME_P256} or {@link PublicKey#SCHEME_WEBAUTHN}
 * @param slots the batch size: 1 to 255 (the contract takes 1, 4 and 16, {@link #SIZES}; the node's
 *     tests cut batches of other sizes, which no circuit proves)
 */
public record BatchCircuit(int scheme, int slots) {

  /** A circuit id's scheme step: {@code id = slots + SCHEME_STRIDE·(scheme − 1)}. */
  public static final int SCHEME_STRIDE = 256;

  /** The batch sizes compiled, the ones the contract takes ({@code circuit % 256}). */
  public static final List<Integer> SIZES = List.of(1, 4, 16);

  /**
   * The size of every batch of a passkey scheme (2, 3): only {@code batch-1-p256} and {@code
   * batch-1-webauthn} exist (proof.md §9).
   */
  public static final int PASSKEY_SLOTS = 1;

  /**
   * @throws IllegalArgumentException for another scheme or size
   */
  public BatchCircuit {
    if (!PublicKey.isKnownScheme(scheme)) {
      throw new IllegalArgumentException("no batch circuit for key scheme " + scheme);
    }
    if (slots < 1 || slots >= SCHEME_STRIDE) {
      throw new IllegalArgumentException("no batch circuit of " + slots + " slots");
    }
  }

  /** The secp256k1 circuit of {@code slots} ({@code batch-<slots>}). */
  public static BatchCircuit secp256k1(int slots) {
    return new BatchCircuit(PublicKey.SCHEME_SECP256K1, slots);
  }

  /**
   * The circuit of a batch of {@code scheme}'s signers on a node whose batches hold up to {@code
   * maxSlots}: {@code batch-<maxSlots>} for secp256k1, the one size of a passkey scheme ({@link
   * #PASSKEY_SLOTS}) whatever {@code maxSlots} is.
   */
  public static BatchCircuit forScheme(int scheme, int maxSlots) {
    return new BatchCircuit(
        scheme, scheme == PublicKey.SCHEME_SECP256K1 ? maxSlots : PASSKEY_SLOTS);
  }

  /** The contract's circuit id: {@code slots + 256·(scheme − 1)}. */
  public int id() {
    return slots + SCHEME_STRIDE * (scheme - 1);
  }

  /** The prover's name: {@code batch-<slots>}, then {@code -p256} or {@code -webauthn}. */
  public String name() {
    return "batch-"
        + slots
        + switch (scheme) {
          case PublicKey.SCHEME_P256 -> "-p256";
          case PublicKey.SCHEME_WEBAUTHN -> "-webauthn";
          default -> "";
        };
  }

  /**
   * The circuit of a contract circuit id.
   *
   * @throws IllegalArgumentException for an id of no scheme or size
   */
  public static BatchCircuit ofId(int id) {
    if (id <= 0) {
      throw new IllegalArgumentException("no batch circuit of id " + id);
    }
    return new BatchCircuit(id / SCHEME_STRIDE + 1, id % SCHEME_STRIDE);
  }

  /**
   * The circuit of a prover name.
   *
   * @throws IllegalArgumentException for a name that is not a batch circuit's
   */
  public static BatchCircuit ofName(String name) {
    for (int scheme :
        List.of(PublicKey.SCHEME_SECP256K1, PublicKey.SCHEME_P256, PublicKey.SCHEME_WEBAUTHN)) {
      for (int slots : SIZES) {
        BatchCircuit c = new BatchCircuit(scheme, slots);
        if (c.name().equals(name)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException("not a batch circuit: " + name);
  }

  @Override
  public String toString() {
    return name() + " (circuit " + id() + ")";
  }
}
