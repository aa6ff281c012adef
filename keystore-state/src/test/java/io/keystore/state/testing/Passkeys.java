package io.keystore.state.testing;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.Settings;
import io.keystore.state.account.StateHashing;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthn;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TypedData;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Software P-256 and WebAuthn keys (schemes 2 and 3, docs/spec/passkeys.md) that sign keystore
 * transactions, for tests and the Java reference's vectors: raw P-256 signs the EIP-712 digest (RFC
 * 6979, low-s); a WebAuthn key makes the assertion an authenticator and a browser would (passkeys.md
 * §4): {@code authenticatorData} = rpIdHash ‖ flags ‖ signCount ‖ extensions, {@code
 * clientDataJSON} = {@code {"type":"webauthn.get","challenge":"<base64url digest>"} followed by the
 * rest of the members, and (r, s) over SHA-256(authenticatorData ‖ SHA-256(clientDataJSON)).
 */
public final class Passkeys {

  /** The relying party of the test assertions. */
  public static final String RP_ID = "wallet.keystore.example";

  /** What a browser writes after the challenge: the origin and crossOrigin. */
  public static final String CLIENT_DATA_REST =
      ",\"origin\":\"https://" + RP_ID + "\",\"crossOrigin\":false}";

  /** UP and UV set, as a platform passkey signs. */
  public static final int FLAGS_UP_UV = WebAuthn.FLAG_UP | WebAuthn.FLAG_UV;

  private Passkeys() {}

  /**
   * A passkey: a P-256 private key and how it signs.
   *
   * @param scheme 2 (raw P-256) or 3 (WebAuthn)
   * @param authenticatorData scheme 3: the authenticator data of its assertions
   * @param clientDataRest scheme 3: what follows the type and challenge in clientDataJSON
   */
  public record Passkey(
      int scheme, BigInteger privateKey, Bytes authenticatorData, String clientDataRest) {

    public Passkey {
      if (scheme != PublicKey.SCHEME_P256 && scheme != PublicKey.SCHEME_WEBAUTHN) {
        throw new IllegalArgumentException("a passkey is of scheme 2 or 3: " + scheme);
      }
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(authenticatorData, "authenticatorData");
      Objects.requireNonNull(clientDataRest, "clientDataRest");
    }

    /** The public key, of this passkey's scheme. */
    public PublicKey publicKey() {
      return P256.publicKeyOf(scheme, privateKey);
    }

    /** The same key with other assertion parts (scheme 3). */
    public Passkey withAssertion(Bytes authenticatorData, String clientDataRest) {
      return new Passkey(scheme, privateKey, authenticatorData, clientDataRest);
    }

    /** Signs an EIP-712 digest: raw P-256 (scheme 2) or a WebAuthn assertion (scheme 3). */
    public TxSignature sign(Bytes32 digest) {
      if (scheme == PublicKey.SCHEME_P256) {
        return P256.sign(digest, privateKey);
      }
      return assertion(privateKey, authenticatorData, clientDataJSON(digest, clientDataRest));
    }
  }

  /** A private key in [1, n) derived from a label. */
  public static BigInteger privateKey(String label) {
    return Keccak256.hash(label.getBytes(StandardCharsets.UTF_8))
        .toUnsignedBigInteger()
        .mod(P256.N.subtract(BigInteger.ONE))
        .add(BigInteger.ONE);
  }

  /** A raw P-256 key (scheme 2) derived from a label. */
  public static Passkey p256(String label) {
    return new Passkey(PublicKey.SCHEME_P256, privateKey(label), Bytes.EMPTY, "");
  }

  /** A WebAuthn key (scheme 3) derived from a label: 37-byte authenticator data, UP and UV. */
  public static Passkey webAuthn(String label) {
    return new Passkey(
        PublicKey.SCHEME_WEBAUTHN,
        privateKey(label),
        authenticatorData(FLAGS_UP_UV, 0, Bytes.EMPTY),
        CLIENT_DATA_REST);
  }

  /** rpIdHash (SHA-256 of {@link #RP_ID}) ‖ flags ‖ signCount (u32) ‖ extensions. */
  public static Bytes authenticatorData(int flags, long signCount, Bytes extensions) {
    return Bytes.concatenate(
        sha256(Bytes.wrap(RP_ID.getBytes(StandardCharsets.US_ASCII))),
        Bytes.of(flags),
        Bytes.ofUnsignedInt(signCount),
        extensions);
  }

  /** The type-and-challenge prefix of the digest, then {@code rest}. */
  public static Bytes clientDataJSON(Bytes32 digest, String rest) {
    return Bytes.concatenate(
        WebAuthn.clientDataPrefix(digest), Bytes.wrap(rest.getBytes(StandardCharsets.UTF_8)));
  }

  /** An assertion over the given parts, signed by {@code privateKey}. */
  public static WebAuthnSignature assertion(
      BigInteger privateKey, Bytes authenticatorData, Bytes clientDataJSON) {
    Bytes32 message = sha256(Bytes.concatenate(authenticatorData, sha256(clientDataJSON)));
    return new WebAuthnSignature(authenticatorData, clientDataJSON, P256.sign(message, privateKey));
  }

  /** An UpdateConfig signed by {@code owner}. */
  public static Transaction.UpdateConfig updateConfig(
      Eip712Domain domain,
      Passkey owner,
      Address account,
      long nonce,
      Settings newSettings,
      Optional<AccountCreation> creation) {
    Bytes32 digest =
        domain.digest(
            TypedData.updateConfigStructHash(
                account, nonce, newSettings.updateCommitment().toBytes()));
    return new Transaction.UpdateConfig(account, nonce, newSettings, creation, owner.sign(digest));
  }

  /** An ApproveRecovery signed by {@code guardian}. */
  public static Transaction.ApproveRecovery approveRecovery(
      Eip712Domain domain,
      Passkey guardian,
      Address account,
      int guardianIndex,
      PublicKey newOwner,
      long recoveryEpoch,
      Optional<AccountCreation> creation) {
    Bytes32 digest =
        domain.digest(
            TypedData.approveRecoveryStructHash(
                account, StateHashing.keyHash(newOwner).toBytes(), recoveryEpoch));
    return new Transaction.ApproveRecovery(
        account, guardianIndex, newOwner, recoveryEpoch, creation, guardian.sign(digest));
  }

  /** A CancelRecovery signed by {@code owner}. */
  public static Transaction.CancelRecovery cancelRecovery(
      Eip712Domain domain, Passkey owner, Address account, long nonce) {
    Bytes32 digest = domain.digest(TypedData.cancelRecoveryStructHash(account, nonce));
    return new Transaction.CancelRecovery(account, nonce, owner.sign(digest));
  }

  private static Bytes32 sha256(Bytes data) {
    SHA256Digest d = new SHA256Digest();
    d.update(data.toArrayUnsafe(), 0, data.size());
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return Bytes32.wrap(out);
  }
}
