package io.keystore.node.cli;

import io.keystore.node.KeystoreNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs the node against an L1 where the rollup is deployed.")
final class RunCommand implements Callable<Integer> {

  @Mixin NodeOptions node;

  @Option(names = "--l1-rpc", required = true, description = "L1 JSON-RPC endpoint.")
  String l1Rpc;

  @Option(
      names = "--rollup-address",
      required = true,
      description = "The KeystoreRollup contract (its EIP-712 domain is the node's).")
  String rollupAddress;

  @Option(
      names = "--sequencer-key",
      required = true,
      description = "Private key (hex) that signs submitBatch; prefer KEYSTORE_SEQUENCER_KEY.")
  String sequencerKey;

  @Override
  public Integer call() throws Exception {
    try (ShutdownSignal stop = ShutdownSignal.register();
        KeystoreNode n =
            KeystoreNode.start(node.config(l1Rpc, rollupAddress, sequencerKey, node.dataDir))) {
      stop.await();
    }
    return 0;
  }
}
