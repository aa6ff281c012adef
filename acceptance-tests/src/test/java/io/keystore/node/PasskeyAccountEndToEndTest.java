package io.keystore.node;

import static io.keystore.node.TwoChainDevnet.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.cli.account.CliRun;
import io.keystore.sdk.Accounts;
import io.keystore.sdk.KeystoreRpcException;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.MiniAccountSignatures;
import io.keystore.sdk.MiniAccountSignatures.Mode;
import io.keystore.sdk.PackedUserOperation;
import io.keystore.sdk.PreparedUserOperation;
import io.keystore.sdk.Receipt;
import io.keystore.sdk.SelfBundler;
import io.keystore.sdk.TxStatus;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.P256PrivateKey;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SoftwarePasskey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account whose owner is a passkey (WebAuthn) and whose guardians are a passkey and a secp256k1
 * wallet, on the real devnet pieces (issue 20): created and rotated by WebAuthn assertions,
 * recovered to a raw P-256 key by both guardians, each batch proven by its scheme's circuit
 * (batch-1-webauthn, batch-1, batch-1-p256; proof.md §9) and verified on L1 by that circuit's
 * verifier.
 */
class PasskeyAccountEndToEndTest {

  static final long DELAY = GuardianSet.MIN_RECOVERY_DELAY;
  static final Duration PROVEN_IN = Duration.ofMinutes(5);

  @TempDir static Path dataDir;
  static TwoChainDevnet net;
  static KeystoreTransactions txs;

  @BeforeAll
  static void start() throws Exception {
    net = TwoChainDevnet.start(dataDir);
    txs = new KeystoreTransactions(net.keystore.domain());
  }

  @AfterAll
  static void stop() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aPasskeyOwnedAccountIsCreatedRotatedAndRecoveredByAPasskeyAndASecp256k1Guardian()
      throws Exception {
    SoftwarePasskey owner = new SoftwarePasskey(BigInteger.valueOf(0x5eed01));
    SoftwarePasskey rotated = new SoftwarePasskey(BigInteger.valueOf(0x5eed02));
    SoftwarePasskey passkeyGuardian = new SoftwarePasskey(BigInteger.valueOf(0x5eed03));
    PrivateKey walletGuardian = key(501);
    P256PrivateKey recovered = P256PrivateKey.of(BigInteger.valueOf(0x5eed04));
    List<PublicKey> guardians = List.of(passkeyGuardian.publicKey(), walletGuardian.publicKey());

    // created by the passkey owner's first transaction (a WebAuthn batch)
    AccountCreation creation =
        Accounts.create(
            Fr.of(500),
            Accounts.settings(owner.publicKey(), guardians, 2, DELAY, SpendingRules.NONE));
    Address account = creation.address();
    Receipt created =
        finalised(
            signedBy(owner, txs.createAccount(creation)),
            "the creation, signed by the passkey owner");
    assertThat(net.keystore.getAccount(account).orElseThrow().owner()).isEqualTo(owner.publicKey());

    // its mini-account on L2 takes a user operation signed by the passkey (a WebAuthn assertion
    // over the operation's digest), proven against the root L1 recorded, and refuses another
    // passkey's
    net.fund(creation);
    net.awaitOracleRoot(created.newRoot().orElseThrow());
    PreparedUserOperation op = prepare(account, creation);
    assertThat(op.verified().owner()).isEqualTo(owner.publicKey());
    assertThat(net.bundler.simulate(op.withSignature(assertion(rotated, op))))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA24 signature error"));
    SelfBundler.Outcome used = net.bundler.submit(op.withSignature(assertion(owner, op)));
    assertThat(used.success()).as("%s", used.revertReason()).isTrue();

    // the owner rotates to a new passkey (WebAuthn again)
    finalised(
        signedBy(owner, txs.rotateOwner(state(account), rotated.publicKey())),
        "the rotation, signed by the passkey owner");
    assertThat(net.keystore.getAccount(account).orElseThrow().owner())
        .isEqualTo(rotated.publicKey());

    // the passkey guardian and the wallet guardian recover the account to a raw P-256 key
    finalised(
        signedBy(
            passkeyGuardian,
            txs.approveRecovery(
                state(account), passkeyGuardian.publicKey(), recovered.publicKey())),
        "the passkey guardian's approval");
    finalised(
        txs.approveRecovery(state(account), walletGuardian.publicKey(), recovered.publicKey())
            .sign(walletGuardian),
        "the wallet guardian's approval (a secp256k1 batch)");
    assertThat(net.keystore.getAccount(account).orElseThrow().pendingRecovery())
        .hasValueSatisfying(r -> assertThat(r.reachedThreshold()).isTrue());
    moveTimeForward(DELAY);
    Receipt finalised = finaliseWhenDue(account);
    AccountConfig after = net.keystore.getAccount(account).orElseThrow();
    assertThat(after.owner()).isEqualTo(recovered.publicKey());

    // on L2 the recovered raw P-256 key signs, and the lost passkeys no longer do
    net.awaitOracleRoot(finalised.newRoot().orElseThrow());
    PreparedUserOperation afterRecovery = prepare(account, creation);
    assertThat(afterRecovery.verified().owner()).isEqualTo(recovered.publicKey());
    assertThat(net.bundler.simulate(signAnyway(afterRecovery, assertion(rotated, afterRecovery))))
        .as(
            "the lost passkey, past the SDK's check: the proof hashes the owner key under the"
                + " signature's scheme (WebAuthn), which the root does not hold")
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("AA23 reverted"));
    SelfBundler.Outcome recoveredOp =
        net.bundler.submit(
            afterRecovery.withSignature(recovered.sign(afterRecovery.signedDigest())));
    assertThat(recoveredOp.success()).as("%s", recoveredOp.revertReason()).isTrue();

    // the recovered raw P-256 owner signs (a batch-1-p256 batch)
    finalised(
        txs.rotateOwner(state(account), owner.publicKey()).sign(recovered),
        "a rotation signed by the raw P-256 owner");
    assertThat(net.keystore.getAccount(account).orElseThrow().owner()).isEqualTo(owner.publicKey());
  }

  private static io.keystore.sdk.AccountState state(Address account) {
    return net.keystore.getAccountState(account, Optional.empty());
  }

  private static PreparedUserOperation prepare(Address account, AccountCreation creation)
      throws Exception {
    return net.accounts.prepare(
        account, Optional.of(creation), TwoChainDevnet.noop(), Mode.PROOF, Optional.empty());
  }

  /** Attaches a signature past the SDK's scheme check, as a thief's own tooling would. */
  private static PackedUserOperation signAnyway(PreparedUserOperation op, TxSignature signature) {
    return op.op()
        .withSignature(
            MiniAccountSignatures.withProof(
                op.mode(), op.root(), signature, op.proof(), op.rules()));
  }

  /** A passkey's WebAuthn assertion over a user operation's digest (its challenge). */
  private static TxSignature assertion(SoftwarePasskey passkey, PreparedUserOperation op) {
    return passkey.assertion(op.signedDigest(), true).toSignature();
  }

  /** The transaction signed by a passkey: a WebAuthn assertion over its EIP-712 digest. */
  private static Transaction signedBy(SoftwarePasskey passkey, UnsignedTransaction unsigned) {
    return unsigned.withSignature(passkey.assertion(unsigned.digest(), true).toSignature());
  }

  /** Sends, and waits until L1 holds the transaction's batch. */
  private static Receipt finalised(Transaction tx, String what) {
    Receipt receipt =
        net.keystore.waitForStatus(net.keystore.sendTransaction(tx), TxStatus.FINALISED, PROVEN_IN);
    assertThat(receipt.status()).as(what).isEqualTo(TxStatus.FINALISED);
    return receipt;
  }

  /** Sends the FinaliseRecovery once the node has seen L1's new time, and waits for L1. */
  private static Receipt finaliseWhenDue(Address account) throws Exception {
    Transaction tx = txs.finaliseRecovery(state(account));
    Instant deadline = Instant.now().plusSeconds(15);
    while (true) {
      try {
        return net.keystore.waitForStatus(
            net.keystore.sendTransaction(tx), TxStatus.FINALISED, PROVEN_IN);
      } catch (KeystoreRpcException e) {
        if (!e.rejectionReason().equals(Optional.of("DELAY_NOT_PASSED"))
            || Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(250); // the node reads L1's time every second
      }
    }
  }

  private static void moveTimeForward(long seconds) {
    CliRun run =
        CliRun.run(
            "devnet-time",
            "advance",
            "--l1-rpc",
            net.chain.anvil.url(),
            "--l2-rpc",
            net.l2.url(),
            Long.toString(seconds));
    assertThat(run.exitCode()).as("%s", run).isZero();
  }
}
