package io.keystore.l1;

import static io.keystore.state.testing.Fixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.tx.ForcedTransaction;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * forceInclude on a real EVM (anvil) through the web3j wrapper, for the Java reference's forced
 * transactions (test-vectors/forced-tx-v1.json): L1 queues each under the id Java computes ({@link
 * ForcedTransaction#forceId()}) and emits what the node needs to rebuild it; it reverts the invalid
 * ones.
 */
class ForceIncludeOnAnvilTest {

  private static RollupOnAnvil l1;
  private static JsonNode vectors;

  @BeforeAll
  static void deploy() throws Exception {
    vectors =
        new ObjectMapper()
            .readTree(Files.readString(RollupOnAnvil.vectorFile("forced-tx-v1.json")));
    l1 = RollupOnAnvil.start();
  }

  @AfterAll
  static void stop() throws Exception {
    l1.close();
  }

  @Test
  void everyForcedTransactionIsQueuedUnderTheIdJavaComputesWithAnEventCarryingIt()
      throws Exception {
    KeystoreRollup rollup = l1.rollup;
    BigInteger first = rollup.forceTail().send();
    int i = 0;
    for (JsonNode c : vectors.get("cases")) {
      Bytes tx = Bytes.fromHexString(c.get("tx").asText());
      Bytes signerKey = Bytes.fromHexString(c.get("signerKey").asText());
      Bytes32 javaId = ForcedTransaction.validate(tx, signerKey, DOMAIN).forceId();

      TransactionReceipt receipt = rollup.forceInclude(tx.toArray(), signerKey.toArray()).send();

      List<KeystoreRollup.ForceQueuedEventResponse> events = rollup.getForceQueuedEvents(receipt);
      assertThat(events).as(c.get("name").asText()).hasSize(1);
      KeystoreRollup.ForceQueuedEventResponse e = events.getFirst();
      assertThat(e.index).isEqualTo(first.add(BigInteger.valueOf(i)));
      assertThat(Bytes32.wrap(e.forceId)).isEqualTo(javaId);
      assertThat(Bytes.wrap(e.transaction)).isEqualTo(tx);
      assertThat(Bytes.wrap(e.signerKey)).isEqualTo(signerKey);
      assertThat(Bytes32.wrap(rollup.forcedEntry(e.index).send().component1())).isEqualTo(javaId);
      i++;
    }
    assertThat(rollup.forceTail().send()).isEqualTo(first.add(BigInteger.valueOf(i)));
  }

  @Test
  void everyInvalidForcedTransactionIsRevertedOnL1() throws Exception {
    BigInteger tail = l1.rollup.forceTail().send();
    for (JsonNode c : vectors.get("invalid")) {
      Bytes tx = Bytes.fromHexString(c.get("tx").asText());
      Bytes signerKey = Bytes.fromHexString(c.get("signerKey").asText());
      assertThatThrownBy(() -> l1.rollup.forceInclude(tx.toArray(), signerKey.toArray()).send())
          .as(c.get("name").asText())
          .isInstanceOf(TransactionException.class);
    }
    assertThat(l1.rollup.forceTail().send()).isEqualTo(tail);
  }
}
