package io.keystore.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.SpendingRule;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.account.StateHashing;
import io.keystore.state.api.AccountProof;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.hash.Fr;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tx.TxCodec;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The user-operation encodings without a chain (the EntryPoint's own hash and the account's checks
 * of these bytes run in sequencer's MiniAccountEndToEndTest): gas packing, the hash's bindings, the
 * calldata selectors, the frontier-relative proof and signature layouts and their refusals, and the
 * decoding of the EntryPoint's FailedOp errors.
 */
class UserOperationsTest {

  private static final String SENDER = "0x00000000000000000000000000000000000000aa";
  private static final PrivateKey OWNER = PrivateKey.of(BigInteger.valueOf(4242));
  private static final AccountCreation CREATION =
      Accounts.create(Fr.of(7), Accounts.ownerOnly(OWNER.publicKey(), 3600));

  private static PackedUserOperation op(Bytes signature) {
    return new PackedUserOperation(
        SENDER,
        BigInteger.ONE,
        Bytes.EMPTY,
        Bytes.fromHexString("0x1234"),
        BigInteger.valueOf(1),
        BigInteger.valueOf(2),
        BigInteger.valueOf(3),
        BigInteger.valueOf(4),
        BigInteger.valueOf(5),
        Bytes.EMPTY,
        signature);
  }

  @Test
  void gasLimitsAndFeesArePackedTwoToAWordHighThenLow() {
    PackedUserOperation op = op(Bytes.EMPTY);
    assertThat(op.accountGasLimits())
        .isEqualTo(Bytes32.fromHexString("0x" + "0".repeat(31) + "1" + "0".repeat(31) + "2"));
    assertThat(op.gasFees())
        .isEqualTo(Bytes32.fromHexString("0x" + "0".repeat(31) + "4" + "0".repeat(31) + "5"));
    assertThatThrownBy(
            () ->
                new PackedUserOperation(
                    SENDER,
                    BigInteger.ONE,
                    Bytes.EMPTY,
                    Bytes.EMPTY,
                    BigInteger.ONE.shiftLeft(128),
                    BigInteger.ONE,
                    BigInteger.ONE,
                    BigInteger.ONE,
                    BigInteger.ONE,
                    Bytes.EMPTY,
                    Bytes.EMPTY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theUserOpHashLeavesOutTheSignatureAndBindsTheChainAndTheEntryPoint() {
    Bytes32 hash =
        UserOperations.userOpHash(op(Bytes.EMPTY), UserOperations.ENTRY_POINT_V07, 31338);
    assertThat(
            UserOperations.userOpHash(
                op(Bytes.fromHexString("0x01")), UserOperations.ENTRY_POINT_V07, 31338))
        .isEqualTo(hash);
    assertThat(UserOperations.userOpHash(op(Bytes.EMPTY), UserOperations.ENTRY_POINT_V07, 1))
        .isNotEqualTo(hash);
    assertThat(UserOperations.userOpHash(op(Bytes.EMPTY), SENDER, 31338)).isNotEqualTo(hash);
  }

  @Test
  void theCalldataCarriesTheEntryPointV07Selectors() {
    assertThat(UserOperations.handleOps(List.of(op(Bytes.EMPTY)), SENDER).slice(0, 4).toHexString())
        .isEqualTo("0x765e827f");
    assertThat(UserOperations.getUserOpHash(op(Bytes.EMPTY)).slice(0, 4).toHexString())
        .isEqualTo("0x22cdde4c");
    Bytes init = UserOperations.initCode(SENDER, CREATION.address().toChecksumHex());
    assertThat(init.slice(0, 20)).isEqualTo(Bytes.fromHexString(SENDER));
    assertThat(init.size()).isEqualTo(20 + 4 + 32);
  }

  @Test
  void aNonMembershipProofCarriesTheInitialConfigurationAndTheFirstKSiblings() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    AccountProof absent =
        new AccountProof.NonMember(
            CREATION.address(),
            tree.root(),
            tree.nonMembershipProof(KeystoreState.treeKey(CREATION.address())));

    Bytes proof = MiniAccountSignatures.proof(absent, 3, Optional.of(CREATION));

    assertThat(proof.size()).isEqualTo(5 + 32 * 8 + 32 * 3);
    assertThat(proof.get(0)).isEqualTo((byte) 1);
    assertThat(proof.slice(5 + 32 * 3, 32)).isEqualTo(CREATION.salt().toBytes());
    assertThatThrownBy(() -> MiniAccountSignatures.proof(absent, 3, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMembershipProofOpensTheOwnerKeyAndRefusesALeafBeyondTheFrontier() {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    AccountConfig config = CREATION.initialConfig().withNonce(1);
    Address account = CREATION.address();
    tree.insert(KeystoreState.treeKey(account), config.hash().toBytes());
    AccountProof member =
        new AccountProof.Member(
            account, tree.root(), config, tree.membershipProof(KeystoreState.treeKey(account)));

    Bytes proof = MiniAccountSignatures.proof(member, 1, Optional.empty());

    assertThat(proof.size()).isEqualTo(5 + 32 * 9 + 32);
    assertThat(proof.get(0)).isEqualTo((byte) 0);
    assertThat(proof.slice(1, 4).toInt()).isEqualTo(1);
    assertThat(new BigInteger(1, proof.slice(5 + 32, 32).toArrayUnsafe()))
        .isEqualTo(OWNER.publicKey().x());
    assertThat(new BigInteger(1, proof.slice(5 + 32 * 5, 32).toArrayUnsafe()))
        .isEqualTo(BigInteger.ONE);
    IndexedMerkleTree later = IndexedMerkleTree.inMemory();
    later.insert(Bytes32.fromHexString("0x01"), Bytes32.fromHexString("0x02"));
    later.insert(Bytes32.fromHexString("0x02"), Bytes32.fromHexString("0x02"));
    later.insert(KeystoreState.treeKey(account), config.hash().toBytes());
    AccountProof third =
        new AccountProof.Member(
            account, later.root(), config, later.membershipProof(KeystoreState.treeKey(account)));
    assertThat(((AccountProof.Member) third).proof().index()).isEqualTo(3);
    assertThat(MiniAccountSignatures.proof(third, 2, Optional.empty()).size())
        .isEqualTo(5 + 32 * 9 + 64);
    assertThatThrownBy(() -> MiniAccountSignatures.proof(third, 1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static AccountProof.Member memberWith(AccountConfig config) {
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    Address account = CREATION.address();
    tree.insert(KeystoreState.treeKey(account), config.hash().toBytes());
    return new AccountProof.Member(
        account, tree.root(), config, tree.membershipProof(KeystoreState.treeKey(account)));
  }

  @Test
  void aMemberWithAPendingRecoveryIsProvenWithKind2WhoseOpenedRecoveryHashesAsTheNodes()
      throws Exception {
    PublicKey proposed = PrivateKey.of(BigInteger.valueOf(77)).publicKey();
    PendingRecovery p = new PendingRecovery(proposed, 0b11, 0b100, 1_700_003_600L);
    AccountConfig config =
        CREATION.initialConfig().withNonce(2).withPendingRecovery(Optional.of(p));

    Bytes proof = MiniAccountSignatures.proof(memberWith(config), 1, Optional.empty());

    assertThat(proof.get(0)).isEqualTo((byte) 2);
    assertThat(proof.size()).isEqualTo(5 + 32 * 11 + 32);
    Fr proposedKeyHash = Fr.fromBytes(Bytes32.wrap(proof.slice(5 + 32 * 7, 32)));
    Fr votes = Fr.fromBytes(Bytes32.wrap(proof.slice(5 + 32 * 8, 32)));
    Fr executableAfter = Fr.fromBytes(Bytes32.wrap(proof.slice(5 + 32 * 9, 32)));
    assertThat(proposedKeyHash).isEqualTo(StateHashing.keyHash(proposed));
    assertThat(votes).isEqualTo(Fr.of(0b11 + 16 * 0b100));
    assertThat(executableAfter).isEqualTo(Fr.of(1_700_003_600L));
    assertThat(
            StateHashing.tagged(
                StateHashing.DOMAIN_PENDING_RECOVERY, proposedKeyHash, votes, executableAfter))
        .as("H_6 of the opened words is the configuration's pendingRecoveryHash")
        .isEqualTo(StateHashing.pendingRecoveryHash(config.pendingRecovery()));
    assertThat(
            MiniAccountSignatures.proof(
                    memberWith(CREATION.initialConfig().withNonce(2)), 1, Optional.empty())
                .get(0))
        .as("no pending recovery: kind 0")
        .isEqualTo((byte) 0);
  }

  @Test
  void signingForAFrozenAccountThrowsAndUnderItsThresholdItSigns() throws Exception {
    PublicKey proposed = PrivateKey.of(BigInteger.valueOf(77)).publicKey();
    Bytes32 userOpHash = Bytes32.fromHexString("0x0abc");
    for (long executableAfter : new long[] {1_700_003_600L, 0}) {
      AccountConfig config =
          CREATION
              .initialConfig()
              .withNonce(2)
              .withPendingRecovery(
                  Optional.of(new PendingRecovery(proposed, 0b1, 0, executableAfter)));
      AccountProof.Member member = memberWith(config);
      PreparedUserOperation prepared =
          new PreparedUserOperation(
              op(Bytes.EMPTY),
              userOpHash,
              member.root(),
              MiniAccountSignatures.proof(member, 1, Optional.empty()),
              MiniAccountSignatures.Mode.PROOF,
              Optional.empty(),
              new VerifiedAccount(member.account(), member.root(), true, config));
      if (executableAfter != 0) {
        assertThat(prepared.verified().frozen()).isTrue();
        assertThatThrownBy(() -> prepared.sign(OWNER))
            .isInstanceOf(AccountFrozenException.class)
            .hasMessageContaining("frozen")
            .hasMessageContaining(proposed.ethereumAddress().toChecksumHex());
        assertThatThrownBy(
                () -> prepared.withSignature(MiniAccountSignatures.signUserOp(OWNER, userOpHash)))
            .isInstanceOf(AccountFrozenException.class)
            .satisfies(
                e ->
                    assertThat(((AccountFrozenException) e).executableAfter())
                        .isEqualTo(executableAfter));
      } else {
        assertThat(prepared.verified().frozen()).isFalse();
        assertThat(prepared.sign(OWNER).signature().get(0)).isEqualTo((byte) 1);
      }
    }
  }

  @Test
  void theSignatureIsModeRootRsvProofAndRulesAndTheOwnerSignsThePersonalSignDigest() {
    Bytes32 root = Bytes32.fromHexString("0x05");
    Bytes32 userOpHash = Bytes32.fromHexString("0x0abc");
    Signature sig = MiniAccountSignatures.signUserOp(OWNER, userOpHash);
    SpendingRules rules =
        SpendingRules.of(new SpendingRule(SpendingRule.NATIVE, 86_400, BigInteger.TEN));
    Bytes proof = Bytes.fromHexString("0x0102");

    Bytes encoded =
        MiniAccountSignatures.withProof(
            MiniAccountSignatures.Mode.PROOF_AND_CACHE, root, sig, proof, Optional.of(rules));

    assertThat(encoded.get(0)).isEqualTo((byte) 2);
    assertThat(encoded.slice(1, 32)).isEqualTo(root);
    assertThat(encoded.slice(33, 65)).isEqualTo(sig.toBytes());
    assertThat(encoded.slice(98, 2)).isEqualTo(proof);
    assertThat(encoded.slice(100)).isEqualTo(TxCodec.encodeSpendingRules(rules));
    assertThat(MiniAccountSignatures.cached(root, sig).size()).isEqualTo(98);
    assertThat(Secp256k1.recover(UserOperations.signedDigest(userOpHash), sig))
        .contains(OWNER.publicKey());
    assertThatThrownBy(
            () ->
                MiniAccountSignatures.withProof(
                    MiniAccountSignatures.Mode.CACHED, root, sig, proof, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEntryPointsFailedOpErrorsAreDecodedToTheirReasons() {
    String failedOp =
        FunctionEncoder.encode(
            new Function(
                "FailedOp",
                List.of(new Uint256(0), new Utf8String("AA24 signature error")),
                List.of()));
    String withRevert =
        FunctionEncoder.encode(
            new Function(
                "FailedOpWithRevert",
                List.of(
                    new Uint256(0),
                    new Utf8String("AA23 reverted"),
                    new org.web3j.abi.datatypes.DynamicBytes(new byte[] {0x12, 0x34})),
                List.of()));

    assertThat(SelfBundler.describe(failedOp)).isEqualTo("AA24 signature error");
    assertThat(SelfBundler.describe(withRevert)).isEqualTo("AA23 reverted 0x1234");
    assertThat(SelfBundler.describe("0xdeadbeef")).isEqualTo("0xdeadbeef");
  }
}
