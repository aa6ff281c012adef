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

  private static void metric(String name, BigInteger value, String unit) {
    System.out.printf("{\"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}%n", name, value, unit);
  }
}
