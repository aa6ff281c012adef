package io.keystore.l1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.proof.BatchCircuit;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The rollup as {@link RollupDeployment} deploys it on a fresh anvil (with the aggregation
 * verifier), and the aggregated fixtures the build proves (test/fixtures/aggregated-n.json,
 * keystore-circuits/cmd/prove-fixtures -aggregate), submitted through {@link AggregatedSubmission}.
 */
final class AggregatedOnAnvil implements AutoCloseable {

  static final BigInteger GAS_PRICE = BigInteger.valueOf(10_000_000_000L);
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(8_000_000);

  /** One fixture: the batches, their forced transactions, the proof. */
  record Fixture(
      List<AggregatedSubmission.Batch> batches,
      List<Bytes[]> forced,
      Bytes proof,
      Bytes publicInput,
      int proofs) {

    static Fixture read(int n) throws Exception {
      JsonNode json =
          new ObjectMapper()
              .readTree(Files.readString(Path.of("test/fixtures/aggregated-" + n + ".json")));
      List<AggregatedSubmission.Batch> batches = new ArrayList<>();
      List<Bytes[]> forced = new ArrayList<>();
      for (JsonNode b : json.get("batches")) {
        batches.add(
            new AggregatedSubmission.Batch(
                // the fixtures' batches are secp256k1 ones: circuit id = size
                BatchCircuit.secp256k1(b.get("slots").asInt()).id(),
                Bytes.fromHexString(b.get("newRoot").asText()).toArray(),
                b.get("newLeafCount").asLong(),
                b.get("time").asLong(),
                b.get("forcedCount").asInt(),
                Bytes.fromHexString(b.get("updates").asText()).toArray()));
        if (b.has("forced")) {
          for (JsonNode f : b.get("forced")) {
            forced.add(
                new Bytes[] {
                  Bytes.fromHexString(f.get("tx").asText()),
                  Bytes.fromHexString(f.get("signerKey").asText())
                });
          }
        }
      }
      return new Fixture(
          batches,
          forced,
          Bytes.fromHexString(json.get("proof").asText()),
          Bytes.fromHexString(json.get("publicInput").asText()),
          json.get("proofs").asInt());
    }

    int updates() {
      return batches.stream().mapToInt(b -> b.updates().length / 52).sum();
    }
  }

  final Anvil anvil;
  final KeystoreRollup rollup;
  private final RawTransactionManager tm;
  private final PollingTransactionReceiptProcessor receipts;

  private AggregatedOnAnvil(Anvil anvil, KeystoreRollup rollup, RawTransactionManager tm) {
    this.anvil = anvil;
    this.rollup = rollup;
    this.tm = tm;
    this.receipts = new PollingTransactionReceiptProcessor(anvil.web3j(), 100, 600);
  }

  static AggregatedOnAnvil start() throws Exception {
    Anvil anvil = Anvil.start();
    try {
      String address =
          RollupDeployment.deploy(
              anvil.web3j(), DevDefaults.L1_CHAIN_ID, DevDefaults.DEV_PRIVATE_KEY);
      var tm =
          new RawTransactionManager(
              anvil.web3j(),
              Credentials.create(DevDefaults.DEV_PRIVATE_KEY),
              DevDefaults.L1_CHAIN_ID);
      KeystoreRollup rollup =
          KeystoreRollup.load(
              address, anvil.web3j(), tm, new StaticGasProvider(GAS_PRICE, GAS_LIMIT));
      return new AggregatedOnAnvil(anvil, rollup, tm);
    } catch (Exception | Error e) {
      anvil.close();
      throw e;
    }
  }

  /** Queues the fixture's forced transactions (forceInclude), as anyone would before. */
  void queueForced(Fixture f) throws Exception {
    for (Bytes[] forced : f.forced()) {
      TransactionReceipt r = rollup.forceInclude(forced[0].toArray(), forced[1].toArray()).send();
      if (!r.isStatusOK()) {
        throw new IllegalStateException("forceInclude failed: " + r);
      }
    }
  }

  /** Sends submitAggregated(batches, proof); returns the receipt (status may be a failure). */
  TransactionReceipt submit(List<AggregatedSubmission.Batch> batches, Bytes proof)
      throws Exception {
    String data = AggregatedSubmission.encode(batches, proof.toArray());
    EthSendTransaction sent =
        tm.sendTransaction(
            GAS_PRICE, GAS_LIMIT, rollup.getContractAddress(), data, BigInteger.ZERO);
    if (sent.hasError()) {
      throw new IllegalStateException("submitAggregated: " + sent.getError().getMessage());
    }
    return receipts.waitForTransactionReceipt(sent.getTransactionHash());
  }

  /** Bytes of calldata submitAggregated(batches, proof) takes (selector included). */
  static int calldataLength(List<AggregatedSubmission.Batch> batches, Bytes proof) {
    return Bytes.fromHexString(AggregatedSubmission.encode(batches, proof.toArray())).size();
  }

  @Override
  public void close() throws Exception {
    anvil.close();
  }
}
