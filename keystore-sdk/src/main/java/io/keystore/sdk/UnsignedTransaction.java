package io.keystore.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.P256;
import io.keystore.state.crypto.P256Signature;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.SigningKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.crypto.WebAuthn;
import io.keystore.state.crypto.WebAuthnSignature;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxJson;
import io.keystore.state.tx.TxType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A keystore transaction waiting for its signature, whatever the signer's key scheme
 * (docs/spec/passkeys.md §1): the digest to sign, the EIP-712 typed data an external wallet signs
 * instead ({@link #typedData()}, {@code eth_signTypedData_v4}), what the hashes in it stand for
 * ({@link #preimage()}: the wallet shows a commitment, the SDK shows the settings behind it), and
 * notes for the user; {@link #signingRequest()} has all of it for an external signer, with the
 * WebAuthn challenge for a passkey. Complete it with {@link #sign} (a local secp256k1 or P-256 key)
 * or {@link #withSignature(TxSignature)} (a signature made elsewhere, checked before it is
 * attached). Immutable.
 */
public final class UnsignedTransaction {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final TxType type;
  private final Address account;
  private final PublicKey signer;
  private final Bytes32 digest;
  private final ObjectNode typedData;
  private final ObjectNode preimage;
  private final List<String> notes;
  private final Function<TxSignature, Transaction> complete;

  UnsignedTransaction(
      TxType type,
      Address account,
      PublicKey signer,
      Bytes32 digest,
      ObjectNode typedData,
      ObjectNode preimage,
      List<String> notes,
      Function<TxSignature, Transaction> complete) {
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

  /**
   * The key whose signature the keystore requires: the owner, or the approving guardian. Its scheme
   * is the scheme of the signature to attach (1 secp256k1, 2 raw P-256, 3 a WebAuthn assertion).
   */
  public PublicKey signer() {
    return signer;
  }

  /** keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash): what is signed, whatever the scheme. */
  public Bytes32 digest() {
    return digest;
  }

  /**
   * The WebAuthn challenge for a passkey signer: the digest in base64url without padding
   * (passkeys.md §4.2), to pass as {@code navigator.credentials.get}'s challenge (its bytes are the
   * digest's).
   */
  public String webAuthnChallenge() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.toArray());
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
   * Everything an external signer needs, as JSON: {@code account}, {@code type}, {@code signer}
   * (the address of a secp256k1 signer, the SEC 1 public key of a P-256 one), {@code signerKey}
   * (the key object of transactions.md §7), {@code scheme}, {@code digest}, {@code typedData}
   * ({@code eth_signTypedData_v4}), {@code preimage}, {@code notes}, {@code signWith} (what to do
   * with it, by scheme) and, for a WebAuthn signer, {@code webauthn.challenge}.
   */
  public ObjectNode signingRequest() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("account", account.toChecksumHex());
    o.put("type", type.jsonName());
    o.put(
        "signer",
        signer.address().map(Address::toChecksumHex).orElse(signer.toUncompressed().toHexString()));
    o.set("signerKey", TxJson.key(signer));
    o.put("scheme", signer.scheme());
    o.put("digest", digest.toHexString());
    o.put("signWith", signWith());
    if (signer.scheme() == PublicKey.SCHEME_WEBAUTHN) {
      o.putObject("webauthn").put("challenge", webAuthnChallenge());
    }
    o.set("typedData", typedData());
    o.set("preimage", preimage());
    ArrayNode n = o.putArray("notes");
    notes.forEach(n::add);
    return o;
  }

  private String signWith() {
    return switch (signer.scheme()) {
      case PublicKey.SCHEME_SECP256K1 ->
          "eth_signTypedData_v4 of typedData by "
              + Keys.describe(signer)
              + ": 65 bytes r ‖ s ‖ v, hex";
      case PublicKey.SCHEME_P256 ->
          "raw P-256 ECDSA of digest (the 32 bytes are the hash value, not hashed again) by the"
              + " signer's key: 64 bytes r ‖ s (low s) or DER, hex";
      default ->
          "navigator.credentials.get with the signer's passkey and challenge = the digest's 32"
              + " bytes (webauthn.challenge in base64url): hand back PublicKeyCredential.toJSON()";
    };
  }

  /**
   * Signs with a local key: secp256k1 or raw P-256 (a passkey signs in its authenticator: {@link
   * #withSignature(TxSignature)} takes its assertion).
   *
   * @throws IllegalArgumentException if the key is not {@link #signer()} (the keystore would reject
   *     the transaction with WRONG_SIGNER), or the signer is a WebAuthn key
   */
  public Transaction sign(SigningKey key) {
    PublicKey k = key.publicKey();
    if (!k.equals(signer)) {
      String hint =
          signer.scheme() == PublicKey.SCHEME_WEBAUTHN
                  && k.isP256()
                  && k.x().equals(signer.x())
                  && k.y().equals(signer.y())
              ? ": the signer is a WebAuthn key, which signs assertions in its authenticator, never"
                  + " the digest itself; have the passkey sign the digest as its challenge and"
                  + " attach the assertion"
              : signer.scheme() != k.scheme()
                  ? " (the signer is a "
                      + Keys.schemeName(signer.scheme())
                      + " key, this is a "
                      + Keys.schemeName(k.scheme())
                      + " key)"
                  : "";
      throw new IllegalArgumentException(
          "this "
              + type.jsonName()
              + " must be signed by "
              + Keys.describe(signer)
              + ", not by "
              + Keys.describe(k)
              + hint);
    }
    return complete.apply(key.sign(digest));
  }

  /**
   * Attaches a signature made elsewhere, in the encoding of {@link #signer()}'s scheme: 65 bytes r
   * ‖ s ‖ v for secp256k1 (a wallet's {@code eth_signTypedData_v4} answer; v may be 27/28 or 0/1,
   * and a high-s signature is turned into its low-s twin, the only encoding the keystore accepts);
   * 64 bytes r ‖ s (low s) or DER for P-256; the wire body of passkeys.md §4.1 for WebAuthn.
   *
   * @throws IllegalArgumentException if it is not of that form, not well-formed, or not a valid
   *     signature of {@link #digest()} by {@link #signer()}
   */
  public Transaction withSignature(Bytes signature) {
    Objects.requireNonNull(signature, "signature");
    TxSignature sig =
        signer.scheme() == PublicKey.SCHEME_SECP256K1
            ? ExternalSignatures.secp256k1(signature)
            : ExternalSignatures.fromBytes(signature);
    return withSignature(sig);
  }

  /**
   * Attaches a passkey's assertion as the authenticator returned it ({@code
   * AuthenticatorAssertionResponse}: authenticatorData, clientDataJSON, the DER signature, whose
   * high s is normalised).
   *
   * @throws IllegalArgumentException as {@link #withSignature(TxSignature)}
   */
  public Transaction withWebAuthnAssertion(
      Bytes authenticatorData, Bytes clientDataJSON, Bytes derSignature) {
    return withSignature(
        ExternalSignatures.webAuthnAssertion(authenticatorData, clientDataJSON, derSignature));
  }

  /**
   * Attaches a signature of any scheme ({@link ExternalSignatures} reads what signers return),
   * after checking it as the keystore will: of the signer's scheme, and valid for the signer's key
   * and {@link #digest()} (for a WebAuthn assertion: the challenge is this digest, the user was
   * present, the signature is valid).
   *
   * @throws IllegalArgumentException if it is of another scheme or not valid, saying why
   */
  public Transaction withSignature(TxSignature sig) {
    Objects.requireNonNull(sig, "signature");
    if (sig.scheme() != signer.scheme()) {
      throw new IllegalArgumentException(
          "this "
              + type.jsonName()
              + " must be signed by "
              + Keys.describe(signer)
              + ", a "
              + Keys.schemeName(signer.scheme())
              + " key (scheme "
              + signer.scheme()
              + "): the signature given is a "
              + Keys.schemeName(sig.scheme())
              + " signature (scheme "
              + sig.scheme()
              + ")"
              + (signer.scheme() == PublicKey.SCHEME_WEBAUTHN
                  ? "; a passkey signs a WebAuthn assertion whose challenge is the digest"
                  : ""));
    }
    Optional<String> problem =
        switch (sig) {
          case Signature k1 -> secp256k1Problem(k1);
          case P256Signature p ->
              P256.verify(signer, digest, p)
                  ? Optional.empty()
                  : Optional.of("it is valid for another key or another digest");
          case WebAuthnSignature w -> webAuthnProblem(w);
        };
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          "the signature is not "
              + Keys.describe(signer)
              + "'s signature of this "
              + type.jsonName()
              + " ("
              + problem.get()
              + "; check the typed data, the chain id and the rollup address)");
    }
    return complete.apply(sig);
  }

  private Optional<String> secp256k1Problem(Signature sig) {
    if (Secp256k1.verify(signer, digest, sig) == Secp256k1.Verification.VALID) {
      return Optional.empty();
    }
    return Optional.of(
        Secp256k1.recover(digest, sig)
            .map(k -> "it was made by " + k.ethereumAddress())
            .orElse("it is valid for no key"));
  }

  private Optional<String> webAuthnProblem(WebAuthnSignature sig) {
    return switch (WebAuthn.verify(signer, digest, sig)) {
      case VALID -> Optional.empty();
      case CLIENT_DATA -> Optional.of(clientDataProblem(sig.clientDataJSON()));
      case USER_NOT_PRESENT ->
          Optional.of(
              "the authenticator data's user-present flag (UP) is clear: the passkey signed"
                  + " without a person's touch");
      case SIGNATURE ->
          Optional.of(
              "the assertion's signature is not valid for this passkey: another credential signed"
                  + " it, or its parts were altered");
    };
  }

  /** Why clientDataJSON does not start with the type and this digest (passkeys.md §4.2). */
  private String clientDataProblem(Bytes clientDataJSON) {
    JsonNode c;
    try {
      c = MAPPER.readTree(new String(clientDataJSON.toArrayUnsafe(), StandardCharsets.UTF_8));
    } catch (Exception e) {
      c = null;
    }
    if (c != null && c.isObject()) {
      String t = c.path("type").asText("");
      if (!t.equals("webauthn.get")) {
        return "the WebAuthn response is of type \""
            + t
            + "\", not an assertion's \"webauthn.get\": sign with navigator.credentials.get";
      }
      Optional<Bytes> challenge = decodeChallenge(c.path("challenge").asText(""));
      if (challenge.isPresent() && !challenge.get().equals(digest)) {
        return "the assertion's challenge is "
            + challenge.get().toHexString()
            + ", not this transaction's digest "
            + digest.toHexString()
            + ": the passkey signed another transaction (another nonce or recovery epoch, account,"
            + " chain or rollup); have it sign this digest";
      }
    }
    return "clientDataJSON does not start with {\"type\":\"webauthn.get\",\"challenge\":\""
        + webAuthnChallenge()
        + "\" (passkeys.md §4.2: type first, then the challenge, no whitespace)";
  }

  private static Optional<Bytes> decodeChallenge(String b64) {
    try {
      return Optional.of(Bytes.wrap(Base64.getUrlDecoder().decode(b64)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
