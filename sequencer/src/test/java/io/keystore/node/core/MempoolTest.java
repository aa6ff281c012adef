package io.keystore.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keystore.node.rpc.KeystoreApi;
import io.keystore.node.rpc.Metrics;
import io.keystore.node.rpc.RpcError;
import io.keystore.node.storage.StoredTx;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.api.TxOutcome;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.hash.Fr;
import io.keystore.state.stf.RejectionReason;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxSigning;
import io.keystore.state.tx.TypedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * Admission on real H2 databases: the state transition prepared in parallel on the callers'
 * threads, confirmed serially, persisted before the answer.
 */
class MempoolTest extends MempoolOnH2 {

  static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));
  static final TxSigning SIGNING = new TxSigning(DOMAIN);
  static final long T0 = 1_735_689_600L;
  static final BigInteger N = Secp256k1.N;

  MempoolTest() {
    super(100_000);
  }

  @Override
  Clock clock() {
    return Clock.fixed(Instant.ofEpochSecond(T0), ZoneOffset.UTC);
  }

  // ---------------------------------------------------------------- transactions

  static PrivateKey key(String label) {
    return PrivateKey.of(
        Keccak256.hash(label.getBytes(StandardCharsets.UTF_8))
            .toUnsignedBigInteger()
            .mod(N.subtract(BigInteger.ONE))
            .add(BigInteger.ONE));
  }

  static Settings settings(PrivateKey owner) {
    return new Settings(
        owner.publicKey(), GuardianSet.none(GuardianSet.MIN_RECOVERY_DELAY), Fr.ZERO);
  }

  static AccountCreation creation(String label) {
    return new AccountCreation(Fr.of(label.hashCode() & 0x7fffffffL), settings(key(label)));
  }

  /** Creates the account of {@code label} (its owner keeps its settings). */
  static Transaction.UpdateConfig create(TxSigning signing, String label) {
    AccountCreation c = creation(label);
    return signing.updateConfig(key(label), c.address(), 0, c.settings(), Optional.of(c));
  }

  /**
   * A creation of {@code label}'s account again, signed with {@code nonce}: another transaction.
   */
  static Transaction.UpdateConfig createAgain(String label, long nonce) {
    AccountCreation c = creation(label);
    return SIGNING.updateConfig(key(label), c.address(), nonce, c.settings(), Optional.of(c));
  }

  /** The owner of {@code label}'s account re-signs its settings with nonce {@code nonce}. */
  static Transaction.UpdateConfig keep(String label, long nonce) {
    return SIGNING.updateConfig(
        key(label), creation(label).address(), nonce, settings(key(label)), Optional.empty());
  }

  /** {@code tx} with a well-formed signature that is valid for no key (R is not on the curve). */
  static Transaction.UpdateConfig badSignature(Transaction.UpdateConfig tx) {
    Bytes32 digest = DOMAIN.digest(TypedData.structHash(tx).orElseThrow());
    Signature k1 = tx.secp256k1Signature();
    BigInteger r = k1.r();
    Signature bad;
    do {
      r = r.add(BigInteger.ONE).mod(N).max(BigInteger.ONE);
      bad = new Signature(r, k1.s(), k1.v());
    } while (Secp256k1.recover(digest, bad).isPresent());
    return new Transaction.UpdateConfig(
        tx.account(), tx.nonce(), tx.newSettings(), tx.creation(), bad);
  }

  static Bytes raw(Transaction tx) {
    return TxCodec.encode(tx);
  }

  static Admission.Refused refused(Admission a) {
    assertThat(a).isInstanceOf(Admission.Refused.class);
    return (Admission.Refused) a;
  }

  static long nonceOf(StoredTx row) {
    try {
      return switch (TxCodec.decode(row.raw())) {
        case Transaction.UpdateConfig u -> u.nonce();
        default -> throw new AssertionError("not an UpdateConfig");
      };
    } catch (DecodingException e) {
      throw new AssertionError(e);
    }
  }

  static <T> List<T> runConcurrently(int threads, List<Callable<T>> work) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<T>> futures = pool.invokeAll(work);
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- tests

  @Test
  void
      aBadSignatureSubmittedConcurrentlyWithGoodOnesIsRefusedAndTheGoodOnesAreAcceptedAndPersisted()
          throws Exception {
    List<Transaction> good = new ArrayList<>();
    List<Transaction> bad = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      good.add(create(SIGNING, "good " + i));
    }
    for (int i = 0; i < 8; i++) {
      bad.add(badSignature(create(SIGNING, "bad " + i)));
    }
    List<Transaction> all = new ArrayList<>(good);
    all.addAll(bad);
    Collections.shuffle(all, new Random(7));

    List<Admission> answers =
        runConcurrently(
            8, all.stream().<Callable<Admission>>map(tx -> () -> mempool.submit(raw(tx))).toList());

    for (int i = 0; i < all.size(); i++) {
      Transaction tx = all.get(i);
      Admission a = answers.get(i);
      if (good.contains(tx)) {
        assertThat(a).isEqualTo(new Admission.Accepted(TxCodec.hash(tx), false));
        assertThat(store.tx(TxCodec.hash(tx))).isPresent();
      } else {
        assertThat(refused(a).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(store.tx(TxCodec.hash(tx))).isEmpty();
      }
    }
    assertThat(store.pending(1000)).hasSize(good.size());
  }

  @Test
  void refusalReasonsAndMessagesAreThoseOfTheFullStateTransitionRunSerially() {
    TxSigning otherChain = new TxSigning(Eip712Domain.keystore(1, DOMAIN.verifyingContract()));
    AccountCreation other = creation("other");
    AccountCreation invalid =
        new AccountCreation(
            Fr.of(5), new Settings(key("x").publicKey(), GuardianSet.none(60), Fr.ZERO));
    List<Transaction> txs =
        List.of(
            keep("alice", 1), // ACCOUNT_NOT_FOUND
            create(SIGNING, "alice"),
            createAgain("alice", 1), // ACCOUNT_EXISTS
            keep("alice", 0), // BAD_NONCE
            keep("alice", 7), // BAD_NONCE
            SIGNING.updateConfig(
                key("mallory"),
                creation("alice").address(),
                1,
                settings(key("alice")),
                Optional.empty()),
            badSignature(keep("alice", 1)), // BAD_SIGNATURE
            create(otherChain, "bob"), // wrong chain: WRONG_SIGNER
            SIGNING.updateConfig(
                key("other"), creation("bob").address(), 0, other.settings(), Optional.of(other)),
            SIGNING.updateConfig(
                key("x"), invalid.address(), 0, invalid.settings(), Optional.of(invalid)),
            new Transaction.FinaliseRecovery(creation("alice").address()), // NOTHING_PENDING
            keep("alice", 1),
            SIGNING.cancelRecovery(
                key("alice"), creation("alice").address(), 2)); // NOTHING_PENDING
    KeystoreState reference = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    List<RejectionReason> reasons = new ArrayList<>();

    for (Transaction tx : txs) {
      TxOutcome expected = reference.apply(tx, T0);
      Admission got = mempool.submit(raw(tx));
      switch (expected) {
        case TxOutcome.Applied a -> assertThat(got).isInstanceOf(Admission.Accepted.class);
        case TxOutcome.Rejected r -> {
          Admission.Refused mine = refused(got);
          assertThat(mine.reason()).isEqualTo(r.reason());
          assertThat(mine.message()).isEqualTo(r.message());
          reasons.add(mine.reason());
        }
        case TxOutcome.ForcedRejected f -> throw new AssertionError("no forced transactions here");
      }
    }
    assertThat(reasons)
        .containsExactly(
            RejectionReason.ACCOUNT_NOT_FOUND,
            RejectionReason.ACCOUNT_EXISTS,
            RejectionReason.BAD_NONCE,
            RejectionReason.BAD_NONCE,
            RejectionReason.WRONG_SIGNER,
            RejectionReason.BAD_SIGNATURE,
            RejectionReason.WRONG_SIGNER,
            RejectionReason.ADDRESS_MISMATCH,
            RejectionReason.INVALID_CONFIG,
            RejectionReason.NOTHING_PENDING,
            RejectionReason.NOTHING_PENDING);
  }

  @Test
  void refusalsKeepTheirJsonRpcErrors() {
    KeystoreApi api =
        new KeystoreApi(
            mempool, state, store, 31337, DOMAIN.verifyingContract().toString(), new Metrics());

    assertThat(send(api, create(SIGNING, "carol"))).startsWith("0x");
    RpcError wrongChain =
        rejection(
            api,
            create(new TxSigning(Eip712Domain.keystore(1, DOMAIN.verifyingContract())), "dave"));
    RpcError badNonce = rejection(api, keep("carol", 3));
    RpcError badSignature = rejection(api, badSignature(keep("carol", 1)));
    RpcError malformed =
        catchThrowableOfType(
            RpcError.class,
            () -> api.call("keystore_sendRawTransaction", new JsonArray().add("0x0102")));

    assertThat(List.of(wrongChain, badNonce, badSignature))
        .extracting(RpcError::code)
        .containsOnly(RpcError.TX_REJECTED);
    assertThat(((JsonObject) wrongChain.data()).getString("reason")).isEqualTo("WRONG_SIGNER");
    assertThat(((JsonObject) badNonce.data()).getString("reason")).isEqualTo("BAD_NONCE");
    assertThat(((JsonObject) badSignature.data()).getString("reason")).isEqualTo("BAD_SIGNATURE");
    assertThat(badNonce.getMessage()).isEqualTo("Transaction rejected: BAD_NONCE");
    assertThat(malformed.code()).isEqualTo(RpcError.INVALID_PARAMS);
  }

  private static String send(KeystoreApi api, Transaction tx) {
    return (String)
        api.call("keystore_sendRawTransaction", new JsonArray().add(raw(tx).toHexString()));
  }

  private static RpcError rejection(KeystoreApi api, Transaction tx) {
    return catchThrowableOfType(RpcError.class, () -> send(api, tx));
  }

  @Test
  void oneAccountsTransactionsSubmittedConcurrentlyAreAdmittedAndStoredInNonceOrder()
      throws Exception {
    List<Transaction.UpdateConfig> txs = new ArrayList<>();
    txs.add(create(SIGNING, "erin"));
    for (long n = 1; n < 12; n++) {
      txs.add(keep("erin", n));
    }
    List<Callable<Integer>> clients = new ArrayList<>();
    for (Transaction.UpdateConfig tx : txs) {
      clients.add(
          () -> {
            for (int attempt = 1; ; attempt++) { // a client resubmits until its predecessor is in
              Admission a = mempool.submit(raw(tx));
              if (a instanceof Admission.Accepted) {
                return attempt;
              }
              assertThat(refused(a).reason())
                  .isIn(RejectionReason.ACCOUNT_NOT_FOUND, RejectionReason.BAD_NONCE);
              Thread.onSpinWait();
            }
          });
    }
    Collections.shuffle(clients, new Random(3));

    runConcurrently(txs.size(), clients);

    assertThat(store.pending(1000).stream().map(MempoolTest::nonceOf).toList())
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
  }

  @Test
  void aRebuiltViewHoldsEveryStoredPendingTransaction() {
    assertThat(mempool.submit(raw(create(SIGNING, "frank"))))
        .isInstanceOf(Admission.Accepted.class);
    assertThat(mempool.submit(raw(keep("frank", 1)))).isInstanceOf(Admission.Accepted.class);
    for (int i = 0; i < 20; i++) {
      assertThat(mempool.submit(raw(create(SIGNING, "more " + i))))
          .isInstanceOf(Admission.Accepted.class);
    }

    mempool.rebuildView();

    assertThat(refused(mempool.submit(raw(createAgain("more 3", 1)))).reason())
        .isEqualTo(RejectionReason.ACCOUNT_EXISTS);
    Transaction.UpdateConfig rotate =
        SIGNING.updateConfig(
            key("frank"), creation("frank").address(), 1, settings(key("grace")), Optional.empty());
    assertThat(refused(mempool.submit(raw(rotate))).reason()).isEqualTo(RejectionReason.BAD_NONCE);
    assertThat(mempool.submit(raw(keep("frank", 2)))).isInstanceOf(Admission.Accepted.class);
  }

  @Test
  void theSameTransactionTwiceIsAcceptedOnceAndThenKnown() {
    Transaction tx = create(SIGNING, "heidi");

    assertThat(mempool.submit(raw(tx))).isEqualTo(new Admission.Accepted(TxCodec.hash(tx), false));
    assertThat(mempool.submit(raw(tx))).isEqualTo(new Admission.Accepted(TxCodec.hash(tx), true));
    assertThat(store.pending(10)).hasSize(1);
  }
}
