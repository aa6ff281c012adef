package io.keystore.l1;

import io.keystore.l1.contracts.Aggregate2Verifier;
import io.keystore.l1.contracts.Batch1P256Verifier;
import io.keystore.l1.contracts.Batch1Verifier;
import io.keystore.l1.contracts.Batch1WebAuthnVerifier;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.proof.BatchCircuit;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys the L1 side of a devnet with the dev key: KeystoreRollup first (nonce 0 of anvil's first
 * account: 0x5FbDB2315678afecb367f032d93F642f64180aa3 on a fresh chain, so the EIP-712 domain is
 * known before anyone signs), then the verifier of each batch circuit the build exports ({@link
 * #LEAF_VERIFIERS}: batch-1 today), each set for its circuit id (docs/spec/proof.md §9), and makes
 * the dev account the sequencer; then the aggregation verifier (aggregate-2,
 * docs/spec/aggregation.md), set as the rollup's aggregation verifier, so that the node may submit
 * aggregated batches (submitAggregated). The aggregation verifier comes last: the rollup and the
 * batch-1 verifier keep their addresses.
 */
public final class RollupDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(RollupDeployment.class);

  /** Long enough that the based fallback never opens on a devnet. */
  public static final BigInteger BASED_TIMEOUT = BigInteger.valueOf(7 * 24 * 3600);

  /** Seconds a forced transaction may wait in the L1 queue (proof.md §7.5: 30 minutes). */
  public static final BigInteger FORCE_DEADLINE = BigInteger.valueOf(1800);

  /** Deploys a verifier contract and returns its address. */
  @FunctionalInterface
  public interface Deployer {
    String deploy(Web3j web3j, TransactionManager tm, ContractGasProvider gas) throws Exception;
  }

  /** A batch circuit's exported verifier (script/export-verifiers.sh) and how to deploy it. */
  public record LeafVerifier(BatchCircuit circuit, String contract, Deployer deployer) {}

  /**
   * The batch circuits' verifiers a deployment registers, in order, each for its circuit id: every
   * circuit the build exports (l1-contracts/pom.xml: {@code keystore.verifier.sizes} and the {@code
   * web3j-inputs} contracts), batch-1 and the passkey schemes' batch-1-p256 (257) and
   * batch-1-webauthn (513).
   */
  public static final List<LeafVerifier> LEAF_VERIFIERS =
      List.of(
          new LeafVerifier(
              BatchCircuit.BATCH_1,
              "Batch1Verifier",
              (web3j, tm, gas) ->
                  Batch1Verifier.deploy(web3j, tm, gas).send().getContractAddress()),
          new LeafVerifier(
              BatchCircuit.BATCH_1_P256,
              "Batch1P256Verifier",
              (web3j, tm, gas) ->
                  Batch1P256Verifier.deploy(web3j, tm, gas).send().getContractAddress()),
          new LeafVerifier(
              BatchCircuit.BATCH_1_WEBAUTHN,
              "Batch1WebAuthnVerifier",
              (web3j, tm, gas) ->
                  Batch1WebAuthnVerifier.deploy(web3j, tm, gas).send().getContractAddress()));

  private RollupDeployment() {}

  /** Deploys and returns the rollup's address. */
  public static String deploy(Web3j web3j, long chainId, String devKey) throws Exception {
    Credentials dev = Credentials.create(devKey);
    // poll receipts every 100 ms (web3j's default, 15 s, made the devnet start take a minute)
    var tm =
        new RawTransactionManager(
            web3j, dev, chainId, new PollingTransactionReceiptProcessor(web3j, 100, 600));
    var gas =
        new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(8_000_000));
    KeystoreRollup rollup =
        KeystoreRollup.deploy(
                web3j,
                tm,
                gas,
                dev.getAddress(),
                TreeHashing.genesisRoot().toBytes().toArray(),
                BASED_TIMEOUT,
                FORCE_DEADLINE)
            .send();
    List<String> leaves = new ArrayList<>();
    for (LeafVerifier leaf : LEAF_VERIFIERS) {
      String verifier = leaf.deployer().deploy(web3j, tm, gas);
      rollup.setVerifier(BigInteger.valueOf(leaf.circuit().id()), verifier).send();
      leaves.add(leaf.contract() + " (circuit " + leaf.circuit().id() + ") at " + verifier);
    }
    rollup.setSequencer(dev.getAddress(), true).send();
    Aggregate2Verifier aggregation = Aggregate2Verifier.deploy(web3j, tm, gas).send();
    rollup.setAggregationVerifier(aggregation.getContractAddress()).send();
    LOG.info(
        "KeystoreRollup at {}, {}, Aggregate2Verifier at {}, sequencer {}",
        rollup.getContractAddress(),
        String.join(", ", leaves),
        aggregation.getContractAddress(),
        dev.getAddress());
    return rollup.getContractAddress();
  }
}
