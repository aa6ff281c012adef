package io.keystore.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.prover.Proof;
import io.keystore.state.proof.BatchHeader;
import io.keystore.state.proof.BatchScenarios;
import io.keystore.state.tree.IndexedMerkleTree;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * The rollup contract on a real EVM, driven through its generated web3j wrapper: batches built by
 * the Java state (BatchScenarios) are proven through JNA with batch-1 and submitted; the contract
 * recomputes each public input and the exported verifier accepts the proofs. Then the tree is
 * rebuilt from L1 alone (the BatchSubmitted events and the calldata of their transactions) and
 * reaches the same roots.
 */
class KeystoreRollupOnAnvilTest {

  private static final Logger LOG = LoggerFactory.getLogger(KeystoreRollupOnAnvilTest.class);
  private static final int BATCHES = 3;

  private static RollupOnAnvil l1;
  private static KeystoreRollup rollup;
  private static final List<BatchScenarios.Scenario> submitted = new ArrayList<>();
  private static final List<Proof> proofs = new ArrayList<>();
  private static final List<TransactionReceipt> receipts = new ArrayList<>();

  @BeforeAll
  static void deployAndSubmitProvenBatches() throws Exception {
    l1 = RollupOnAnvil.start(1);
    rollup = l1.rollup;
    for (BatchScenarios.Scenario s : BatchScenarios.all().subList(0, BATCHES)) {
      assertThat(s.witness().slotCount()).isEqualTo(1);
      Proof proof = l1.prove(s.witness());
      l1.queueForced(s.result());
      receipts.add(l1.submit(s.witness(), proof));
      submitted.add(s);
      proofs.add(proof);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (l1 != null) {
      l1.close();
    }
  }

  @Test
  void theContractRecordsEveryProvenBatchInOrder() throws Exception {
    BatchHeader last = submitted.getLast().witness().header();
    assertThat(Bytes32.wrap(rollup.latestRoot().send())).isEqualTo(last.newRoot());
    assertThat(rollup.batchCount().send()).isEqualTo(BigInteger.valueOf(BATCHES));
    assertThat(rollup.leafCount().send()).isEqualTo(BigInteger.valueOf(last.newLeafCount()));
    for (int i = 0; i < BATCHES; i++) {
      BatchHeader h = submitted.get(i).witness().header();
      assertThat(receipts.get(i).isStatusOK()).isTrue();
      if (h.newRoot().equals(h.oldRoot())) {
        continue; // forced transactions all rejected by proof: the root keeps its first record
      }
      var info = rollup.rootInfo(h.newRoot().toArray()).send();
      assertThat(info.component1())
          .as("batch index of root %d", i)
          .isEqualTo(BigInteger.valueOf(i + 1));
      assertThat(info.component2()).as("L1 block").isEqualTo(receipts.get(i).getBlockNumber());
      assertThat(info.component4()).as("batch time").isEqualTo(BigInteger.valueOf(h.time()));
      LOG.info(
          "l1_submit_gas_batch1 {} (batch {}, transaction gas used)",
          receipts.get(i).getGasUsed(),
          i + 1);
    }
  }

  @Test
  void theContractComputesThePublicInputTheProofCarries() throws Exception {
    BatchHeader h = submitted.getFirst().witness().header();
    BigInteger input =
        rollup
            .publicInput(
                BigInteger.ONE,
                h.oldRoot().toArray(),
                h.newRoot().toArray(),
                BigInteger.valueOf(h.oldLeafCount()),
                BigInteger.valueOf(h.newLeafCount()),
                BigInteger.valueOf(h.time()),
                h.forcedIds().stream().map(Bytes::toArray).toList(),
                h.publishedBytes().toArray())
            .send();
    assertThat(Bytes32.leftPad(Bytes.wrap(input.toByteArray()).trimLeadingZeros()))
        .isEqualTo(proofs.getFirst().publicInputs().getFirst());
  }

  @Test
  void aProvenBatchThatNoLongerExtendsTheLatestRootIsRejected() {
    BatchScenarios.Scenario first = submitted.getFirst();
    assertThatThrownBy(() -> l1.submit(first.witness(), proofs.getFirst()))
        .isInstanceOf(TransactionException.class);
  }

  @Test
  void theTreeRebuiltFromL1DataAloneReachesEveryRecordedRoot() throws Exception {
    Web3j web3j = l1.anvil.web3j();
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST,
            DefaultBlockParameterName.LATEST,
            rollup.getContractAddress());
    filter.addSingleTopic(EventEncoder.encode(KeystoreRollup.BATCHSUBMITTED_EVENT));
    List<EthLog.LogResult<?>> logs = web3j.ethGetLogs(filter).send().getLogs();
    assertThat(logs).hasSize(BATCHES);

    IndexedMerkleTree rebuilt = IndexedMerkleTree.inMemory();
    for (EthLog.LogResult<?> result : logs) {
      Log log = (Log) result.get();
      String input =
          web3j
              .ethGetTransactionByHash(log.getTransactionHash())
              .send()
              .getTransaction()
              .orElseThrow()
              .getInput();
      Bytes updates = submitBatchUpdates(input);
      for (int offset = 0; offset < updates.size(); offset += 52) {
        Bytes32 key = Bytes32.leftPad(updates.slice(offset, 20));
        Bytes32 value = Bytes32.wrap(updates.slice(offset + 20, 32));
        if (key.isZero()) {
          continue; // a rejected forced transaction publishes (0, 0) (proof.md §7.4)
        }
        rebuilt.put(key, value); // insert when absent, else update
      }
      Bytes32 recordedRoot = Bytes32.fromHexString(log.getTopics().get(2));
      assertThat(rebuilt.root())
          .as("root after batch %s", log.getTopics().get(1))
          .isEqualTo(recordedRoot);
    }
    assertThat(rebuilt.root()).isEqualTo(Bytes32.wrap(rollup.latestRoot().send()));
  }

  /** The updates argument of a submitBatch call's input. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Bytes submitBatchUpdates(String input) {
    List<TypeReference<?>> types =
        List.of(
            new TypeReference<Uint256>() {},
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {},
            new TypeReference<Uint64>() {},
            new TypeReference<Uint64>() {},
            new TypeReference<Uint256>() {}, // forcedCount
            new TypeReference<DynamicBytes>() {},
            new TypeReference<DynamicBytes>() {});
    List<Type> args =
        FunctionReturnDecoder.decode(input.substring(10), Utils.convert((List) types));
    return Bytes.wrap(((DynamicBytes) args.get(5)).getValue());
  }
}
