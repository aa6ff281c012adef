package io.keystore.l1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.prover.Proof;
import io.keystore.state.proof.BatchScenarios;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The L1 figures of ./bench l1, on anvil: the gas used by submitBatch transactions (calldata
 * included) for proven batches built by the Java state. Not part of the test suite (its name does
 * not end in Test); ./bench runs it with -Dtest=L1GasBench and reads the JSON lines it prints.
 */
class L1GasBench {

  @Test
  void submitGasOfProvenBatches() throws Exception {
    List<BigInteger> gas = new ArrayList<>();
    int txs = 0;
    try (RollupOnAnvil l1 = RollupOnAnvil.start(1)) {
      // The batches in their order (each starts from the root of the one before); the figure is
      // that of the first five with no forced transaction: a forced one also pays the queue.
      for (BatchScenarios.Scenario s : BatchScenarios.all()) {
        if (gas.size() == 5) {
          break;
        }
        Proof proof = l1.prove(s.witness());
        l1.queueForced(s.result());
        TransactionReceipt receipt = l1.submit(s.witness(), proof);
        assertThat(receipt.isStatusOK()).isTrue();
        if (s.witness().header().forcedIds().isEmpty()) {
          gas.add(receipt.getGasUsed());
          txs += s.witness().header().txCount();
        }
      }
    }
    BigInteger median = gas.stream().sorted().toList().get(gas.size() / 2);
    metric("l1_submit_gas_batch1", median, "gas");
    metric(
        "l1_gas_per_update_batch1",
        median.divide(BigInteger.valueOf(Math.max(1, txs / gas.size()))),
        "gas");
  }

  /**
   * The gas of submitAggregated transactions on anvil (calldata included) for the proven aggregates
   * of the fixtures (test/fixtures/aggregated-2.json and -3.json: the first two and three batch-1
   * batches of the vectors, ./bench l1 proves them), and the projection to aggregates of 64, 256
   * and 1,024 updates, i.e. n = 4, 16 and 64 batch-16 batches, from the measured parts:
   *
   * <pre>
   *   B   = gas(agg3) − gas(agg2)            one more batch-1 batch (its one update included; the
   *                                         fixtures' batches take forced transactions: an upper bound)
   *   F   = gas(agg2) − 2·B                  fixed: 21,000, the aggregate-2 verification, the state writes
   *   U   = 16·52 + 24 = 856                one more update: its 52 calldata bytes, all taken as nonzero
   *                                         (an account and a hash; the fixtures' rejected forced
   *                                         transaction publishes zeros), and keccak 6, copy 3 and
   *                                         memory 3 gas per word of the public bytes
   *   standard(n) = F + n·(B + 15·U)         n batch-16 batches of 16 updates
   *   floor(n)    = 21,000 + 10·(T_F + n·(T_B + 15·T_U))   EIP-7623's calldata floor, from the token
   *                                         counts (zero byte 1, other 4) of the same parts' calldata
   *                                         (T_B, T_F measured like B and F; T_U = 4·52)
   *   projected per update = max(standard(n), floor(n)) / (16·n)
   * </pre>
   */
  @Test
  void submitGasOfProvenAggregates() throws Exception {
    Map<Integer, BigInteger> gas = new LinkedHashMap<>();
    Map<Integer, AggregatedOnAnvil.Fixture> fixtures = new LinkedHashMap<>();
    for (int n : new int[] {2, 3}) {
      AggregatedOnAnvil.Fixture f = AggregatedOnAnvil.Fixture.read(n);
      try (AggregatedOnAnvil l1 = AggregatedOnAnvil.start()) {
        l1.queueForced(f);
        TransactionReceipt receipt = l1.submit(f.batches(), f.proof());
        assertThat(receipt.isStatusOK()).isTrue();
        gas.put(n, receipt.getGasUsed());
        fixtures.put(n, f);
      }
      metric("l1_submit_gas_agg" + n, gas.get(n), "gas");
      metric(
          "l1_gas_per_update_agg" + n,
          gas.get(n).divide(BigInteger.valueOf(fixtures.get(n).updates())),
          "gas");
    }
    long b = gas.get(3).subtract(gas.get(2)).longValueExact();
    long fixed = gas.get(2).longValueExact() - 2 * b;
    // one more update: 52 calldata bytes taken as nonzero, and hashing them
    long u = 16 * 52 + 24;
    long tu = 4 * 52;
    long t2 = tokens(fixtures.get(2));
    long tb = tokens(fixtures.get(3)) - t2;
    long tf = t2 - 2 * tb;
    for (int updates : new int[] {64, 256, 1024}) {
      long n = updates / 16;
      long standard = fixed + n * (b + 15 * u);
      long floor = 21_000 + 10 * (tf + n * (tb + 15 * tu));
      metric(
          "l1_gas_per_update_agg" + updates + "_projected",
          BigInteger.valueOf(Math.max(standard, floor) / updates),
          "gas");
    }
    System.err.printf(
        "[L1GasBench] aggregates: F=%d B=%d U=%d, tokens T_F=%d T_B=%d T_U=%d%n",
        fixed, b, u, tf, tb, tu);
  }

  /** EIP-7623's calldata tokens of an aggregate's transaction: 1 per zero byte, 4 per other. */
  private static long tokens(AggregatedOnAnvil.Fixture f) {
    long t = 0;
    for (byte x :
        org.apache.tuweni.bytes.Bytes.fromHexString(
                AggregatedSubmission.encode(f.batches(), f.proof().toArray()))
            .toArrayUnsafe()) {
      t += x == 0 ? 1 : 4;
    }
    return t;
  }

  /**
   * The gas of forceInclude transactions on anvil (calldata included), for the Java reference's
   * forced transactions of each type (test-vectors/forced-tx-v1.json), after one entry is queued
   * (so that the queue's tail counter is already non-zero, as on a live rollup).
   * l1_force_include_gas is ApproveRecovery's, the typical forced transaction (censored guardians);
   * UpdateConfig, which hashes its new settings with Poseidon2 on L1, and its creation, which
   * hashes the initial configuration too, are the dearest.
   */
  @Test
  void forceIncludeGasPerType() throws Exception {
    JsonNode cases =
        new ObjectMapper()
            .readTree(Files.readString(RollupOnAnvil.vectorFile("forced-tx-v1.json")))
            .get("cases");
    Map<String, BigInteger> gas = new LinkedHashMap<>();
    try (RollupOnAnvil l1 = RollupOnAnvil.start()) {
      boolean warm = false;
      for (JsonNode c : cases) {
        Bytes tx = Bytes.fromHexString(c.get("tx").asText());
        Bytes signerKey = Bytes.fromHexString(c.get("signerKey").asText());
        TransactionReceipt receipt =
            l1.rollup.forceInclude(tx.toArray(), signerKey.toArray()).send();
        assertThat(receipt.isStatusOK()).isTrue();
        if (!warm) {
          warm = true; // the first entry also sets the tail counter from zero
          continue;
        }
        gas.putIfAbsent(metricName(c.get("name").asText(), tx.size()), receipt.getGasUsed());
      }
    }
    assertThat(gas)
        .containsKeys(
            "l1_force_include_gas",
            "l1_force_include_gas_update_config",
            "l1_force_include_gas_update_config_creation",
            "l1_force_include_gas_cancel_recovery",
            "l1_force_include_gas_finalise_recovery",
            "l1_force_include_gas_approve_recovery_creation");
    gas.forEach((name, value) -> metric(name, value, "gas"));
  }

  /** l1_force_include_gas for ApproveRecovery, else ..._<type>[_creation]. */
  private static String metricName(String caseName, int length) {
    String type = caseName.substring(caseName.lastIndexOf('/') + 1).toLowerCase();
    boolean creation = length == 860 || length == 560;
    if (type.equals("approve_recovery") && !creation) {
      return "l1_force_include_gas";
    }
    return "l1_force_include_gas_" + type + (creation ? "_creation" : "");
  }

  private static void metric(String name, Object value, String unit) {
    System.out.printf("{\"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}%n", name, value, unit);
  }
}
