package io.keystore.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.devtools.TestVectors;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.hash.Fr;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The builders' transactions, applied by the reference state transition (keystore-state). */
class KeystoreTransactionsTest {

  static final Eip712Domain DOMAIN = ProofVerifierTest.DOMAIN;
  static final long T0 = 1_700_000_000L;

  final PrivateKey alice = PrivateKey.of(BigInteger.valueOf(2001));
  final PrivateKey carol = PrivateKey.of(BigInteger.valueOf(2002));
  final PrivateKey dave = PrivateKey.of(BigInteger.valueOf(2003));
  final PrivateKey g1 = PrivateKey.of(BigInteger.valueOf(2101));
  final PrivateKey g2 = PrivateKey.of(BigInteger.valueOf(2102));
  final PrivateKey g3 = PrivateKey.of(BigInteger.valueOf(2103));
  final KeystoreTransactions txs = new KeystoreTransactions(DOMAIN);

  KeystoreState state;
  AccountCreation creation;

  @BeforeEach
  void freshState() {
    state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    creation =
        Accounts.create(
            Fr.of(42),
            Accounts.settings(
                alice.publicKey(),
                List.of(g1.publicKey(), g2.publicKey()),
                2,
                3600,
                SpendingRules.NONE));
  }

  @Test
  void everyBuilderProducesTransactionsTheStateTransitionApplies() {
    assertApplied(txs.createAccount(creation).sign(alice), T0);
    assertThat(current().config().nonce()).isEqualTo(1);

    assertApplied(txs.rotateOwner(current(), carol.publicKey()).sign(alice), T0);
    assertThat(current().config().owner()).isEqualTo(carol.publicKey());

    UnsignedTransaction setGuardians =
        txs.setGuardians(
            current(), List.of(g1.publicKey(), g2.publicKey(), g3.publicKey()), 2, 7200);
    assertThat(setGuardians.notes()).anyMatch(n -> n.contains("waits out the recovery delay"));
    assertApplied(setGuardians.sign(carol), T0);
    assertThat(current().config().pendingUpdate()).isPresent();
    assertRejected(txs.finaliseRecovery(current()), T0 + 10, RejectionReason.DELAY_NOT_PASSED);
    assertApplied(txs.finaliseRecovery(current()), T0 + 3600);
    assertThat(current().config().guardianSet().guardians()).hasSize(3);
    assertThat(current().config().guardianSet().recoveryDelay()).isEqualTo(7200);

    SpendingRules rules =
        SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, 86_400, BigInteger.TEN.pow(18)));
    assertApplied(txs.setSpendingRules(current(), rules).sign(carol), T0 + 3600);
    assertThat(current().config().pendingUpdate().orElseThrow().spendingRulesHash())
        .isEqualTo(rules.hash());

    // The guardians answer: their threshold drops the pending update; a guardian vetoes and the
    // owner cancels.
    assertApplied(
        txs.approveRecovery(current(), g1.publicKey(), dave.publicKey()).sign(g1), T0 + 3700);
    assertApplied(txs.approveRecovery(current(), 2, dave.publicKey()).sign(g3), T0 + 3700);
    assertThat(current().config().pendingUpdate()).isEmpty();
    assertThatThrownBy(() -> txs.cancelRecovery(current()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GUARDIAN_VETO_REQUIRED");
    UnsignedTransaction veto = txs.vetoRecovery(current(), g2.publicKey());
    assertThat(veto.notes()).anyMatch(n -> n.contains("lets the owner cancel it"));
    assertThat(veto.preimage().get("newOwnerKeyHash").asText())
        .isEqualTo(PendingRecovery.VETO_KEY_HASH.toBytes().toHexString());
    assertApplied(veto.sign(g2), T0 + 3700);
    assertThat(current().config().pendingRecovery().orElseThrow().vetoes()).isEqualTo(0b010);
    assertThat(txs.vetoRecovery(current(), 1).notes()).anyMatch(n -> n.contains("already vetoed"));
    assertApplied(txs.cancelRecovery(current()).sign(carol), T0 + 3700);
    assertThat(current().config().recoveryEpoch()).isEqualTo(2);

    // A new round, finalised after the delay.
    assertApplied(
        txs.approveRecovery(current(), g1.publicKey(), dave.publicKey()).sign(g1), T0 + 4000);
    assertApplied(
        txs.approveRecovery(current(), g2.publicKey(), dave.publicKey()).sign(g2), T0 + 4000);
    assertApplied(txs.finaliseRecovery(current()), T0 + 4000 + 7200);
    assertThat(current().config().owner()).isEqualTo(dave.publicKey());
  }

  @Test
  void theFirstTransactionOfACounterfactualAccountCarriesItsCreationData() {
    Transaction.ApproveRecovery first =
        (Transaction.ApproveRecovery)
            txs.approveRecovery(AccountState.counterfactual(creation), 1, dave.publicKey())
                .sign(g2);

    assertThat(first.creation()).contains(creation);
    assertApplied(first, T0);
    Transaction.UpdateConfig second =
        (Transaction.UpdateConfig) txs.rotateOwner(current(), carol.publicKey()).sign(alice);
    assertThat(second.creation()).isEmpty();
    assertApplied(second, T0);
  }

  @Test
  void theTypedDataHashesToTheSignedDigestForEveryType() {
    List<UnsignedTransaction> all =
        List.of(
            txs.createAccount(creation),
            txs.approveRecovery(AccountState.counterfactual(creation), 0, dave.publicKey()));
    for (UnsignedTransaction u : all) {
      assertThat(Eip712JsonEncoder.digest(u.typedData())).isEqualTo(u.digest());
    }
    assertApplied(txs.createAccount(creation).sign(alice), T0);
    assertApplied(txs.approveRecovery(current(), 0, dave.publicKey()).sign(g1), T0);
    assertApplied(txs.approveRecovery(current(), 1, dave.publicKey()).sign(g2), T0);
    UnsignedTransaction veto = txs.approveRecovery(current(), 0, PendingRecovery.VETO_KEY);
    assertThat(Eip712JsonEncoder.digest(veto.typedData())).isEqualTo(veto.digest());
    assertThat(veto.typedData().get("message").get("newOwnerKeyHash").asText())
        .isEqualToIgnoringCase(PendingRecovery.VETO_KEY_HASH.toBytes().toHexString());
    assertApplied(veto.sign(g1), T0);
    UnsignedTransaction cancel = txs.cancelRecovery(current());
    assertThat(Eip712JsonEncoder.digest(cancel.typedData())).isEqualTo(cancel.digest());
    assertThat(cancel.typedData().get("domain").get("chainId").asLong()).isEqualTo(31337);
    assertThat(cancel.typedData().get("primaryType").asText()).isEqualTo("CancelRecovery");
  }

  @Test
  void theTypedDataMatchesWhatEthersSigned() throws Exception {
    JsonNode file = new ObjectMapper().readTree(Files.readString(vectors()));
    int checked = 0;
    for (JsonNode v : file.get("vectors")) {
      JsonNode d = v.get("domain");
      Eip712Domain domain =
          new Eip712Domain(
              d.get("name").asText(),
              d.get("version").asText(),
              new BigInteger(d.get("chainId").asText()),
              Address.fromHex(d.get("verifyingContract").asText()));
      JsonNode m = v.get("message");
      Address account = Address.fromHex(m.get("account").asText());
      JsonNode ours =
          switch (v.get("primaryType").asText()) {
            case "UpdateConfig" ->
                TypedDataJson.updateConfig(
                    domain,
                    account,
                    Long.parseUnsignedLong(m.get("nonce").asText()),
                    Bytes32.fromHexString(m.get("newConfigCommitment").asText()));
            case "ApproveRecovery" ->
                TypedDataJson.approveRecovery(
                    domain,
                    account,
                    Bytes32.fromHexString(m.get("newOwnerKeyHash").asText()),
                    Long.parseUnsignedLong(m.get("recoveryEpoch").asText()));
            case "CancelRecovery" ->
                TypedDataJson.cancelRecovery(
                    domain, account, Long.parseUnsignedLong(m.get("nonce").asText()));
            default -> throw new AssertionError(v.get("primaryType"));
          };
      String primary = v.get("primaryType").asText();
      assertThat(ours.get("types").get(primary)).isEqualTo(file.get("types").get(primary));
      assertThat(ours.get("message").toString().toLowerCase())
          .isEqualTo(m.toString().toLowerCase());
      assertThat(Eip712JsonEncoder.digest(ours))
          .isEqualTo(Bytes32.fromHexString(v.get("digest").asText()));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
  }

  @Test
  void anExternalSignatureIsAttachedInEveryEncodingAWalletMayReturn() {
    UnsignedTransaction u = txs.createAccount(creation);
    Transaction local = u.sign(alice);
    Signature sig = alice.sign(u.digest());

    assertThat(u.withSignature(sig.toBytes())).isEqualTo(local);
    byte[] zeroOne = sig.toBytes().toArray();
    zeroOne[64] -= 27;
    assertThat(u.withSignature(Bytes.wrap(zeroOne))).isEqualTo(local);
    Bytes highS =
        Bytes.concatenate(
            sig.toBytes().slice(0, 32),
            Bytes32.leftPad(
                Bytes.wrap(Secp256k1.N.subtract(sig.s()).toByteArray()).trimLeadingZeros()),
            Bytes.of(sig.v() == 27 ? 28 : 27));
    assertThat(u.withSignature(highS)).isEqualTo(local);
    assertApplied(u.withSignature(highS), T0);
  }

  @Test
  void aSignatureByAnotherKeyOrOfSomethingElseIsRefusedBeforeSending() {
    UnsignedTransaction u = txs.createAccount(creation);

    assertThatThrownBy(() -> u.sign(carol))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be signed by");
    assertThatThrownBy(() -> u.withSignature(carol.sign(u.digest()).toBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it was made by " + carol.publicKey().ethereumAddress());
    Bytes otherDomain =
        alice
            .sign(
                new KeystoreTransactions(Eip712Domain.keystore(1, DOMAIN.verifyingContract()))
                    .createAccount(creation)
                    .digest())
            .toBytes();
    assertThatThrownBy(() -> u.withSignature(otherDomain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chain id");
    assertThatThrownBy(() -> u.withSignature(Bytes.wrap(new byte[64])))
        .hasMessageContaining("65 bytes");
  }

  @Test
  void buildersRefuseWhatTheKeystoreWouldCertainlyReject() {
    AccountState fresh = AccountState.counterfactual(creation);

    assertThatThrownBy(() -> txs.setGuardians(fresh, List.of(g1.publicKey()), 2, 3600))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(
            () -> txs.setGuardians(fresh, List.of(g1.publicKey(), g1.publicKey()), 1, 3600))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> txs.setGuardians(fresh, List.of(), 0, 60))
        .hasMessageContaining("recovery delay");
    assertThatThrownBy(() -> txs.approveRecovery(fresh, carol.publicKey(), dave.publicKey()))
        .hasMessageContaining("is not a guardian");
    assertThatThrownBy(() -> txs.approveRecovery(fresh, 2, dave.publicKey()))
        .hasMessageContaining("names no guardian");
    assertThatThrownBy(() -> txs.cancelRecovery(fresh))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no pending recovery");
    assertThatThrownBy(() -> txs.vetoRecovery(fresh, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no recovery at its threshold to veto");
    assertThatThrownBy(() -> txs.vetoRecovery(fresh, carol.publicKey()))
        .hasMessageContaining("is not a guardian");
    assertThatThrownBy(() -> txs.finaliseRecovery(fresh))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing to finalise");
    assertThatThrownBy(
            () ->
                Accounts.create(
                    Fr.ONE,
                    new io.keystore.state.account.Settings(
                        alice.publicKey(),
                        new io.keystore.state.account.GuardianSet(List.of(), 1, 3600),
                        Fr.ZERO)))
        .hasMessageContaining("invalid initial settings");
    assertThatThrownBy(
            () ->
                AccountState.of(
                    creation.address(), java.util.Optional.empty(), java.util.Optional.empty()))
        .hasMessageContaining("creation data");
  }

  @Test
  void theOwnerAsGuardianIsWarnedAndAWithdrawalOfAPendingUpdateIsExplained() {
    assertApplied(txs.createAccount(creation).sign(alice), T0);
    UnsignedTransaction ownerAsGuardian =
        txs.setGuardians(current(), List.of(g1.publicKey(), alice.publicKey()), 1, 3600);
    assertThat(ownerAsGuardian.notes())
        .anyMatch(n -> n.startsWith("warning: the owner key is also a guardian"));
    assertApplied(ownerAsGuardian.sign(alice), T0);

    UnsignedTransaction rotate = txs.rotateOwner(current(), carol.publicKey());
    assertThat(rotate.notes()).anyMatch(n -> n.contains("withdraws the pending change"));
    assertThat(rotate.preimage().get("newSettings").get("owner").get("address").asText())
        .isEqualTo(carol.publicKey().ethereumAddress().toChecksumHex());
  }

  private AccountState current() {
    return AccountState.existing(
        creation.address(), state.account(creation.address()).orElseThrow());
  }

  private void assertApplied(Transaction tx, long time) {
    TxOutcome o = state.apply(roundTrip(tx), time);
    assertThat(o).as("%s", o).isInstanceOf(TxOutcome.Applied.class);
  }

  private void assertRejected(Transaction tx, long time, RejectionReason reason) {
    TxOutcome o = state.apply(tx, time);
    assertThat(o).isInstanceOf(TxOutcome.Rejected.class);
    assertThat(((TxOutcome.Rejected) o).reason()).isEqualTo(reason);
  }

  /** The transaction as the node receives it: encoded, then decoded. */
  private static Transaction roundTrip(Transaction tx) {
    try {
      return TxCodec.decode(TxCodec.encode(tx));
    } catch (io.keystore.state.tx.DecodingException e) {
      throw new AssertionError(e);
    }
  }

  static Path vectors() {
    return TestVectors.path("eip712-ethers.json");
  }
}
