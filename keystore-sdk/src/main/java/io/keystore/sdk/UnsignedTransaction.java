package io.keystore.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxType;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A keystore transaction waiting for its signature: the digest to sign, the EIP-712 typed data an
 * external wallet signs instead ({@link #typedData()}, {@code eth_signTypedData_v4}), what the
 * hashes in it stand for ({@link #preimage()}: the wallet shows a commitment, the SDK shows the
 * settings behind it), and notes for the user. Complete it with {@link #sign} (a local key) or
 * {@link #withSignature} (65 bytes from a wallet). Immutable.
 */
public final class UnsignedTransaction {

  private final TxType type;
  private final Address account;
  private final PublicKey signer;
  private final Bytes32 digest;
  private final ObjectNode typedData;
  private final ObjectNode preimage;
  private final List<String> notes;
  private final Function<Signature, Transaction> complete;

  UnsignedTransaction(
      TxType type,
      Address account,
      PublicKey signer,
      Bytes32 digest,
      ObjectNode typedData,
      ObjectNode preimage,
      List<String> notes,
      Function<Signature, Transaction> complete) {
    this.type = type;
    this.account = account;
    this.signer = signer;
    this.digest = digest;
    this.typedData = typedData;
    this.preimage = preimage;
    this.notes = List.copyOf(notes);
    this.complete = complete;
  }

  public TxType type() {
    return type;
  }

  public Address account() {
    return account;
  }

  /** The key whose signature the keystore requires: the owner, or the approving guardian. */
  public PublicKey signer() {
    return signer;
  }

  /** keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash): what is signed. */
  public Bytes32 digest() {
    return digest;
  }

  /** The typed data for {@code eth_signTypedData_v4} (a copy). */
  public ObjectNode typedData() {
    return typedData.deepCopy();
  }

  /** The typed data as JSON text. */
  public String typedDataJson() {
    return typedData.toString();
  }

  /** What the typed data's hashes commit to (the new settings, the proposed owner key), a copy. */
  public ObjectNode preimage() {
    return preimage.deepCopy();
  }

  /** Things the user should know before signing (delays, withdrawn updates, owner as guardian). */
  public List<String> notes() {
    return notes;
  }

  /**
   * Signs with a local key.
   *
   * @throws IllegalArgumentException if the key is not {@link #signer()} (the keystore would reject
   *     the transaction with WRONG_SIGNER)
   */
  public Transaction sign(PrivateKey key) {
    if (!key.publicKey().equals(signer)) {
      throw new IllegalArgumentException(
          "this "
              + type.jsonName()
              + " must be signed by "
              + signer.ethereumAddress()
              + ", not by "
              + key.publicKey().ethereumAddress());
    }
    return complete.apply(key.sign(digest));
  }

  /**
   * Attaches a signature made elsewhere (a wallet's {@code eth_signTypedData_v4} answer): 65 bytes
   * r ‖ s ‖ v. v may be 27/28 or 0/1, and a high-s signature is turned into its low-s twin (the
   * same signature for ECDSA, the only encoding the keystore accepts).
   *
   * @throws IllegalArgumentException if it is not 65 bytes, not well-formed, or not a valid
   *     signature of {@link #digest()} by {@link #signer()}
   */
  public Transaction withSignature(Bytes signature) {
    Signature sig = normalise(signature);
    Secp256k1.Verification v = Secp256k1.verify(signer, digest, sig);
    if (v != Secp256k1.Verification.VALID) {
      String by =
          Secp256k1.recover(digest, sig)
              .map(k -> "it was made by " + k.ethereumAddress())
              .orElse("it is valid for no key");
      throw new IllegalArgumentException(
          "the signature is not "
              + signer.ethereumAddress()
              + "'s signature of this "
              + type.jsonName()
              + " ("
              + by
              + "; check the typed data, the chain id and the rollup address)");
    }
    return complete.apply(sig);
  }

  static Signature normalise(Bytes b) {
    Objects.requireNonNull(b, "signature");
    if (b.size() != Signature.LENGTH) {
      throw new IllegalArgumentException("a signature is 65 bytes r ‖ s ‖ v, got " + b.size());
    }
    BigInteger r = b.slice(0, 32).toUnsignedBigInteger();
    BigInteger s = b.slice(32, 32).toUnsignedBigInteger();
    int v = b.get(64) & 0xff;
    if (v == 0 || v == 1) {
      v += 27;
    }
    if (s.compareTo(Secp256k1.HALF_N) > 0 && s.compareTo(Secp256k1.N) < 0) {
      s = Secp256k1.N.subtract(s);
      v = v == 27 ? 28 : v == 28 ? 27 : v;
    }
    return new Signature(r, s, v);
  }
}
