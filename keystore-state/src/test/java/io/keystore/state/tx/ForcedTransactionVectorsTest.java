package io.keystore.state.tx;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.creation;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;
import static io.keystore.state.testing.ScenarioAccount.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.proof.BatchScenarios;
import io.keystore.state.testing.VectorFiles;
import io.keystore.state.tx.ForcedTransaction.InvalidForcedTransaction;
import io.keystore.state.tx.ForcedTransaction.Problem;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Writes test-vectors/forced-tx-v1.json: transactions as the L1 force-inclusion queue takes them
 * (docs/spec/proof.md §7.1, §7.2), with their EIP-712 digest and forced id, and transactions the
 * queue must refuse, each with exactly one problem. The L1 contract's tests and the circuit's check
 * every case. Regenerate with {@code -Dkeystore.regenerateVectors=true}.
 */
class ForcedTransactionVectorsTest {

  static final String FILE = "forced-tx-v1.json";

  record Invalid(String name, Bytes tx, Bytes signerKey, Problem problem) {}

  static Map<String, Invalid> invalidCases() {
    Map<String, Invalid> m = new LinkedHashMap<>();
    Transaction cancel = SIGNING.cancelRecovery(OWNER, ACCOUNT, 3);
    Bytes cancelBytes = TxCodec.encode(cancel);
    Bytes ownerKey = OWNER.publicKey().toXY();
    add(m, "truncated", cancelBytes.slice(0, cancelBytes.size() - 1), ownerKey, Problem.MALFORMED);
    add(
        m,
        "trailing-byte",
        Bytes.concatenate(cancelBytes, Bytes.of(0)),
        ownerKey,
        Problem.MALFORMED);
    add(m, "unknown-version", withByte(cancelBytes, 0, 2), ownerKey, Problem.MALFORMED);
    add(m, "unknown-type", withByte(cancelBytes, 1, 5), ownerKey, Problem.MALFORMED);
    // s := n - s, the high-s twin of a valid signature (v flipped): malleable, refused
    add(m, "high-s-signature", highS(cancelBytes), ownerKey, Problem.MALFORMED);
    add(
        m,
        "zero-account",
        Bytes.concatenate(Bytes.of(1, 4), Bytes.wrap(new byte[20])),
        Bytes.EMPTY,
        Problem.ZERO_ACCOUNT);
    Settings badDelay = new Settings(OWNER.publicKey(), guardians(2, 60, G0, G1, G2), RULES);
    add(
        m,
        "update-settings-delay-too-short",
        TxCodec.encode(SIGNING.updateConfig(OWNER, ACCOUNT, 3, badDelay, Optional.empty())),
        ownerKey,
        Problem.INVALID_SETTINGS);
    Settings tooHigh = new Settings(OWNER.publicKey(), guardians(3, DAY, G0, G1), RULES);
    add(
        m,
        "update-settings-threshold-above-guardians",
        TxCodec.encode(SIGNING.updateConfig(OWNER, ACCOUNT, 3, tooHigh, Optional.empty())),
        ownerKey,
        Problem.INVALID_SETTINGS);
    AccountCreation other = creation("another salt", INITIAL);
    add(
        m,
        "creation-for-another-address",
        TxCodec.encode(
            SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.of(other))),
        G0.publicKey().toXY(),
        Problem.ADDRESS_MISMATCH);
    add(
        m,
        "signer-key-not-on-curve",
        cancelBytes,
        Bytes.concatenate(word(1), word(1)),
        Problem.BAD_SIGNER_KEY);
    add(m, "signer-key-63-bytes", cancelBytes, ownerKey.slice(1), Problem.BAD_SIGNER_KEY);
    add(
        m,
        "signer-key-for-finalise",
        TxCodec.encode(new Transaction.FinaliseRecovery(ACCOUNT)),
        ownerKey,
        Problem.BAD_SIGNER_KEY);
    add(
        m,
        "signed-by-another-key",
        TxCodec.encode(
            SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty())),
        G1.publicKey().toXY(),
        Problem.BAD_SIGNATURE);
    PrivateKey stranger = key("vector stranger");
    add(
        m,
        "cancel-signed-by-another-key",
        TxCodec.encode(SIGNING.cancelRecovery(stranger, ACCOUNT, 3)),
        ownerKey,
        Problem.BAD_SIGNATURE);
    return m;
  }

  private static void add(Map<String, Invalid> m, String name, Bytes tx, Bytes key, Problem p) {
    m.put(name, new Invalid(name, tx, key, p));
  }

  private static Bytes withByte(Bytes b, int index, int value) {
    byte[] a = b.toArray();
    a[index] = (byte) value;
    return Bytes.wrap(a);
  }

  private static Bytes word(long v) {
    return Bytes.concatenate(Bytes.wrap(new byte[24]), Bytes.ofUnsignedLong(v));
  }

  /** The signature's s replaced by n - s and v flipped: the same point, the other encoding. */
  private static Bytes highS(Bytes tx) {
    byte[] a = tx.toArray();
    int sAt = a.length - 33;
    java.math.BigInteger s =
        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(a, sAt, sAt + 32));
    byte[] high =
        Bytes.wrap(io.keystore.state.crypto.Secp256k1.N.subtract(s).toByteArray())
            .trimLeadingZeros()
            .toArray();
    high = Bytes.concatenate(Bytes.wrap(new byte[32 - high.length]), Bytes.wrap(high)).toArray();
    System.arraycopy(high, 0, a, sAt, 32);
    a[a.length - 1] = (byte) (a[a.length - 1] == 27 ? 28 : 27);
    return Bytes.wrap(a);
  }

  static String render() throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put(
        "description",
        "Forced transactions as the L1 queue takes them (docs/spec/proof.md §7.1, §7.2), built by"
            + " the Java reference (keystore-state ForcedTransactionVectorsTest; regenerate with"
            + " -Dkeystore.regenerateVectors=true): each valid case with its EIP-712 digest (absent"
            + " for the unsigned FinaliseRecovery) and its forced id; each invalid case with the one"
            + " problem the queue must refuse it for.");
    ObjectNode domain = root.putObject("domain");
    domain.put("chainId", DOMAIN.chainId().longValueExact());
    domain.put("verifyingContract", DOMAIN.verifyingContract().toChecksumHex());
    domain.put("separator", DOMAIN.separator().toHexString());
    ArrayNode cases = root.putArray("cases");
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (BatchScenarios.Scenario s : BatchScenarios.all()) {
      for (ForcedTransaction ft : s.result().forced()) {
        String id = ft.forceId().toHexString();
        if (seen.put(id, true) != null) {
          continue;
        }
        ObjectNode c = cases.addObject();
        c.put("name", s.name() + "/" + ft.tx().type().name());
        c.put("tx", TxCodec.encode(ft.tx()).toHexString());
        c.put("signerKey", ft.signerKeyBytes().toHexString());
        TypedData.digest(DOMAIN, ft.tx()).ifPresent(d -> c.put("digest", d.toHexString()));
        c.put("forceId", id);
      }
    }
    ArrayNode invalid = root.putArray("invalid");
    for (Invalid i : invalidCases().values()) {
      ObjectNode c = invalid.addObject();
      c.put("name", i.name());
      c.put("tx", i.tx().toHexString());
      c.put("signerKey", i.signerKey().toHexString());
      c.put("error", i.problem().name());
    }
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
        + "\n";
  }

  @Test
  void committedVectorsMatchTheReference() throws IOException {
    VectorFiles.assertCommittedMatches(FILE, render());
  }

  @Test
  void everyInvalidCaseIsRefusedForItsOneProblem() {
    for (Invalid i : invalidCases().values()) {
      assertThatThrownBy(() -> ForcedTransaction.validate(i.tx(), i.signerKey(), DOMAIN))
          .as(i.name())
          .isInstanceOfSatisfying(
              InvalidForcedTransaction.class,
              e -> assertThat(e.problem()).as(i.name()).isEqualTo(i.problem()));
    }
  }

  @Test
  void theIdBindsTheSignerKeySoAProverCannotSwapInItsOwn() throws Exception {
    PrivateKey prover = key("a dishonest prover");
    Transaction signedByOwner = SIGNING.cancelRecovery(OWNER, ACCOUNT, 3);
    Transaction signedByProver = SIGNING.cancelRecovery(prover, ACCOUNT, 3);
    ForcedTransaction queued =
        ForcedTransaction.validate(TxCodec.encode(signedByOwner), OWNER.publicKey().toXY(), DOMAIN);
    ForcedTransaction swapped =
        ForcedTransaction.validate(
            TxCodec.encode(signedByProver), prover.publicKey().toXY(), DOMAIN);

    assertThat(swapped.forceId()).isNotEqualTo(queued.forceId());
  }

  @Test
  void theIdBindsTheCreationSoAProverCannotDropIt() throws Exception {
    Transaction with =
        SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.of(CREATION));
    Transaction without =
        SIGNING.approveRecovery(G0, ACCOUNT, 0, NEW_OWNER.publicKey(), 0, Optional.empty());
    Bytes g0 = G0.publicKey().toXY();

    assertThat(ForcedTransaction.validate(TxCodec.encode(with), g0, DOMAIN).forceId())
        .isNotEqualTo(ForcedTransaction.validate(TxCodec.encode(without), g0, DOMAIN).forceId());
  }
}
