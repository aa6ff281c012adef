package io.keystore.l1;

import static io.keystore.state.testing.Fixtures.DOMAIN;

import io.keystore.devtools.Anvil;
import io.keystore.devtools.DevDefaults;
import io.keystore.devtools.TestVectors;
import io.keystore.l1.contracts.KeystoreRollup;
import io.keystore.prover.NativeProver;
import io.keystore.prover.OnChainVerifier;
import io.keystore.prover.Proof;
import io.keystore.prover.ProvingCircuit;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.proof.BatchCircuit;
import io.keystore.state.proof.BatchHeader;
import io.keystore.state.proof.BatchWitness;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * A KeystoreRollup on a fresh anvil, deployed through its web3j wrapper as the first contract of
 * anvil's first account (the address of the Java witnesses' EIP-712 domain), with the exported
 * verifier of each batch size it is asked to prove, and that account as sequencer.
 */
final class RollupOnAnvil implements AutoCloseable {

  static final BigInteger BASED_TIMEOUT = BigInteger.valueOf(7 * 24 * 3600);

  /** Seconds before a queued forced transaction must be in the next batch (proof.md §7.5). */
  static final BigInteger FORCE_DEADLINE = BigInteger.valueOf(1800);

  final Anvil anvil;
  final KeystoreRollup rollup;
  private final Map<Integer, ProvingCircuit> circuits = new HashMap<>();

  private RollupOnAnvil(Anvil anvil, KeystoreRollup rollup) {
    this.anvil = anvil;
    this.rollup = rollup;
  }

  /** Starts anvil and deploys the rollup with the verifiers of {@code sizes}. */
  static RollupOnAnvil start(int... sizes) throws Exception {
    Anvil anvil = Anvil.start();
    try {
      Web3j web3j = anvil.web3j();
      Credentials dev = Credentials.create(DevDefaults.DEV_PRIVATE_KEY);
      var gas =
          new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(8_000_000));
      KeystoreRollup rollup =
          KeystoreRollup.deploy(
                  web3j,
                  new RawTransactionManager(web3j, dev, DevDefaults.L1_CHAIN_ID),
                  gas,
                  dev.getAddress(),
                  TreeHashing.genesisRoot().toBytes().toArray(),
                  BASED_TIMEOUT,
                  FORCE_DEADLINE)
              .send();
      if (!rollup.getContractAddress().equalsIgnoreCase(DOMAIN.verifyingContract().toString())) {
        throw new IllegalStateException(
            "the rollup is not at the witnesses' domain address: " + rollup.getContractAddress());
      }
      RollupOnAnvil deployment = new RollupOnAnvil(anvil, rollup);
      for (int size : sizes) {
        ProvingCircuit circuit = NativeProver.load().loadCircuit("batch-" + size);
        deployment.circuits.put(size, circuit);
        OnChainVerifier verifier =
            OnChainVerifier.deploy(circuit, "Batch" + size + "Verifier", anvil);
        rollup
            .setVerifier(BigInteger.valueOf(BatchCircuit.secp256k1(size).id()), verifier.address())
            .send();
      }
      rollup.setSequencer(dev.getAddress(), true).send();
      return deployment;
    } catch (Exception | Error e) {
      anvil.close();
      throw e;
    }
  }

  /** Proves a batch with the circuit of its size. */
  Proof prove(BatchWitness witness) {
    return circuits.get(witness.slotCount()).prove(witness.toBytes().toArrayUnsafe());
  }

  /** Queues a batch's forced transactions on L1 (forceInclude), as anyone would before it. */
  void queueForced(io.keystore.state.api.BatchResult batch) throws Exception {
    for (io.keystore.state.tx.ForcedTransaction f : batch.forced()) {
      rollup
          .forceInclude(
              io.keystore.state.tx.TxCodec.encode(f.tx()).toArray(), f.signerKeyBytes().toArray())
          .send();
    }
  }

  /** Submits a proven batch (secp256k1: its circuit id is its size). */
  TransactionReceipt submit(BatchWitness witness, Proof proof) throws Exception {
    BatchHeader h = witness.header();
    return rollup
        .submitBatch(
            BigInteger.valueOf(BatchCircuit.secp256k1(witness.slotCount()).id()),
            h.newRoot().toArray(),
            BigInteger.valueOf(h.newLeafCount()),
            BigInteger.valueOf(h.time()),
            BigInteger.valueOf(h.forcedIds().size()),
            h.publishedBytes().toArray(),
            proof.calldata().toArray())
        .send();
  }

  static Path vectorFile(String name) {
    return TestVectors.path(name);
  }

  @Override
  public void close() throws Exception {
    try {
      anvil.close();
    } finally {
      circuits.values().forEach(ProvingCircuit::close);
    }
  }
}
