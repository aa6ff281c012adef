package io.keystore.state.proof;

import io.keystore.state.api.BatchResult;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.tx.Transaction;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A leaf batch circuit (docs/spec/proof.md §9): one per signer scheme and size. A batch's signed
 * slots all carry signatures of the circuit's scheme; unsigned slots (empty, {@code
 * FinaliseRecovery}) fit any. This is the one place that names the circuits: the node picks the
 * prover's circuit and the L1 verifier by {@link #name()} and {@link #id()}, the witness takes its
 * layout from {@link #slotElements()}.
 *
 * <table>
 *   <caption>The circuits</caption>
 *   <tr><th>scheme</th><th>names</th><th>ids</th><th>slot elements</th></tr>
 *   <tr><td>1, secp256k1</td><td>batch-1, batch-4, batch-16</td><td>1, 4, 16</td><td>118</td></tr>
 *   <tr><td>2, raw P-256</td><td>batch-1-p256</td><td>257</td><td>118</td></tr>
 *   <tr><td>3, WebAuthn</td><td>batch-1-webauthn</td><td>513</td><td>632</td></tr>
 * </table>
 *
 * @param scheme the signers' key scheme, 1, 2 or 3
 * @param slots the number of slots: 1 for schemes 2 and 3; 1 to 255 for scheme 1 (the gnark circuit
 *     is defined for any size; {@link #COMPILED} are the ones built and deployed)
 */
public record BatchCircuit(int scheme, int slots) {

  /** Slot elements of every circuit (proof.md §2.2), and the first ones of a WebAuthn slot. */
  public static final int SLOT_ELEMENTS = 118;

  /** What a WebAuthn slot appends (proof.md §9): the two lengths and the bytes of each part. */
  public static final int WEBAUTHN_EXTRA_ELEMENTS =
      2 + WebAuthnSignature.MAX_AUTHENTICATOR_DATA + WebAuthnSignature.MAX_CLIENT_DATA_JSON;

  /** Slot elements of the WebAuthn circuit: 632. */
  public static final int WEBAUTHN_SLOT_ELEMENTS = SLOT_ELEMENTS + WEBAUTHN_EXTRA_ELEMENTS;

  /** Ids are {@code slots + ID_STRIDE·(scheme − 1)}, so a size is below this. */
  public static final int ID_STRIDE = 256;

  public static final BatchCircuit BATCH_1 = new BatchCircuit(PublicKey.SCHEME_SECP256K1, 1);
  public static final BatchCircuit BATCH_4 = new BatchCircuit(PublicKey.SCHEME_SECP256K1, 4);
  public static final BatchCircuit BATCH_16 = new BatchCircuit(PublicKey.SCHEME_SECP256K1, 16);
  public static final BatchCircuit BATCH_1_P256 = new BatchCircuit(PublicKey.SCHEME_P256, 1);
  public static final BatchCircuit BATCH_1_WEBAUTHN =
      new BatchCircuit(PublicKey.SCHEME_WEBAUTHN, 1);

  /** The compiled leaf circuits, the table of proof.md §9. */
  public static final List<BatchCircuit> COMPILED =
      List.of(BATCH_1, BATCH_4, BATCH_16, BATCH_1_P256, BATCH_1_WEBAUTHN);

  /**
   * @throws IllegalArgumentException if the scheme is unknown, or there is no circuit of that size
   *     for the scheme (schemes 2 and 3 have one size, 1)
   */
  public BatchCircuit {
    if (!PublicKey.isKnownScheme(scheme)) {
      throw new IllegalArgumentException("no batch circuit for key scheme " + scheme);
    }
    if (scheme == PublicKey.SCHEME_SECP256K1 && (slots < 1 || slots >= ID_STRIDE)) {
      throw new IllegalArgumentException(
          "a secp256k1 batch circuit has 1 to " + (ID_STRIDE - 1) + " slots, not " + slots);
    }
    if (scheme != PublicKey.SCHEME_SECP256K1 && slots != 1) {
      throw new IllegalArgumentException(
          "no "
              + slots
              + "-slot batch circuit for "
              + schemeName(scheme)
              + " signers (scheme "
              + scheme
              + "): the only one is "
              + suffixed(1, scheme)
              + " (proof.md §9); put each such transaction in a batch of 1");
    }
  }

  /** The secp256k1 batch sizes compiled: the sizes the contract takes ({@code id % 256}). */
  public static final List<Integer> SIZES = List.of(1, 4, 16);

  /** The size of every batch of a passkey scheme (2, 3): batch-1-p256, batch-1-webauthn. */
  public static final int PASSKEY_SLOTS = 1;

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

  /** The circuit of a scheme and size (the constructor's checks). */
  public static BatchCircuit of(int scheme, int slots) {
    return new BatchCircuit(scheme, slots);
  }

  /**
   * The circuit of an id, {@code slots + 256·(scheme − 1)}.
   *
   * @throws IllegalArgumentException if no circuit has that id
   */
  public static BatchCircuit fromId(int id) {
    if (id < 1) {
      throw new IllegalArgumentException("no batch circuit has id " + id);
    }
    return new BatchCircuit(id / ID_STRIDE + 1, id % ID_STRIDE);
  }

  /**
   * The circuit of a name: {@code batch-<slots>}, {@code batch-1-p256}, {@code batch-1-webauthn}.
   *
   * @throws IllegalArgumentException if no circuit has that name
   */
  public static BatchCircuit fromName(String name) {
    String rest = name.startsWith("batch-") ? name.substring("batch-".length()) : "";
    int scheme = PublicKey.SCHEME_SECP256K1;
    if (rest.endsWith("-p256")) {
      scheme = PublicKey.SCHEME_P256;
      rest = rest.substring(0, rest.length() - "-p256".length());
    } else if (rest.endsWith("-webauthn")) {
      scheme = PublicKey.SCHEME_WEBAUTHN;
      rest = rest.substring(0, rest.length() - "-webauthn".length());
    }
    if (!rest.matches("[1-9][0-9]{0,2}")) {
      throw new IllegalArgumentException("not a batch circuit name: " + name);
    }
    return new BatchCircuit(scheme, Integer.parseInt(rest));
  }

  /** The id the L1 contract keeps a verifier under: {@code slots + 256·(scheme − 1)}. */
  public int id() {
    return slots + ID_STRIDE * (scheme - 1);
  }

  /** The name of the circuit, its keys and its verifier: {@code batch-4}, {@code batch-1-p256}. */
  public String name() {
    return suffixed(slots, scheme);
  }

  /** Field elements per slot: 118, or 632 for WebAuthn. */
  public int slotElements() {
    return scheme == PublicKey.SCHEME_WEBAUTHN ? WEBAUTHN_SLOT_ELEMENTS : SLOT_ELEMENTS;
  }

  /** Field elements of the whole witness: the header (proof.md §2.1), then the slots. */
  public int witnessElements() {
    return BatchHeader.fieldElements(slots) + slots * slotElements();
  }

  /** Bytes of the witness, 32 per element. */
  public int witnessBytes() {
    return 32 * witnessElements();
  }

  @Override
  public String toString() {
    return name();
  }

  // ---------------------------------------------------------------- which circuit a batch needs

  /**
   * The scheme a transaction's slot needs: its signature's (types 1–3); empty when it is unsigned
   * ({@code FinaliseRecovery}), which fits a batch of any scheme.
   */
  public static OptionalInt signerScheme(Transaction tx) {
    Optional<TxSignature> sig = tx.txSignature();
    return sig.isPresent() ? OptionalInt.of(sig.get().scheme()) : OptionalInt.empty();
  }

  /**
   * The signer scheme of transactions that are to share a batch: the scheme of their signatures,
   * empty when none is signed.
   *
   * @throws IllegalArgumentException if they mix signer schemes
   */
  public static OptionalInt signerScheme(List<? extends Transaction> txs) {
    OptionalInt scheme = OptionalInt.empty();
    for (int i = 0; i < txs.size(); i++) {
      OptionalInt s = signerScheme(txs.get(i));
      if (s.isEmpty()) {
        continue;
      }
      if (scheme.isPresent() && scheme.getAsInt() != s.getAsInt()) {
        throw new IllegalArgumentException(
            "a batch mixes signer schemes "
                + scheme.getAsInt()
                + " ("
                + schemeName(scheme.getAsInt())
                + ") and "
                + s.getAsInt()
                + " ("
                + schemeName(s.getAsInt())
                + ", transaction "
                + i
                + "): each leaf circuit verifies one scheme (proof.md §9)");
      }
      scheme = s;
    }
    return scheme;
  }

  /**
   * The circuit that proves a committed batch in {@code slots} slots: of the scheme of its slots'
   * signatures (its forced transactions, then its other applied ones), secp256k1 when none is
   * signed.
   *
   * @throws IllegalArgumentException if the batch mixes signer schemes, or there is no circuit of
   *     that size for its scheme
   */
  public static BatchCircuit forBatch(BatchResult batch, int slots) {
    List<Transaction> txs = batch.proven().stream().map(TxOutcome::tx).toList();
    return new BatchCircuit(signerScheme(txs).orElse(PublicKey.SCHEME_SECP256K1), slots);
  }

  /** The name of a scheme, for messages. */
  static String schemeName(int scheme) {
    return switch (scheme) {
      case PublicKey.SCHEME_SECP256K1 -> "secp256k1";
      case PublicKey.SCHEME_P256 -> "P-256";
      case PublicKey.SCHEME_WEBAUTHN -> "WebAuthn";
      default -> "unknown";
    };
  }

  private static String suffixed(int slots, int scheme) {
    return "batch-"
        + slots
        + switch (scheme) {
          case PublicKey.SCHEME_P256 -> "-p256";
          case PublicKey.SCHEME_WEBAUTHN -> "-webauthn";
          default -> "";
        };
  }
}
