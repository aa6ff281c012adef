package io.keystore.l1;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.prover.Proof;
import io.keystore.state.proof.BatchScenarios;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
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
      for (BatchScenarios.Scenario s : BatchScenarios.all().subList(0, 5)) {
        Proof proof = l1.prove(s.witness());
        TransactionReceipt receipt = l1.submit(s.witness(), proof);
        assertThat(receipt.isStatusOK()).isTrue();
        gas.add(receipt.getGasUsed());
        txs += s.witness().header().txCount();
      }
    }
    BigInteger median = gas.stream().sorted().toList().get(gas.size() / 2);
    metric("l1_submit_gas_batch1", median, "gas");
    metric("l1_gas_per_update_batch1", median.divide(BigInteger.valueOf(Math.max(1, txs / gas.size()))), "gas");
  }

  private static void metric(String name, BigInteger value, String unit) {
    System.out.printf("{\"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}%n", name, value, unit);
  }
}
