package io.keystore.devtools;

/**
 * The devnet's well-known values, in one place: anvil's default accounts (the public test mnemonic
 * "test test ... junk"; never use them outside a devnet), the chain ids and the ports.
 */
public final class DevDefaults {

  /** anvil's first account: the deployer and sequencer (0xf39F…2266). */
  public static final String DEV_PRIVATE_KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  /**
   * anvil's second account: the L2 root relayer (0x7099…79C8), with nonces apart from the dev
   * key's.
   */
  public static final String RELAYER_PRIVATE_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  /** anvil's third account: a bundler on L2 (0x3C44…93BC). */
  public static final String BUNDLER_PRIVATE_KEY =
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

  /** anvil's default chain id: the devnet's L1. */
  public static final long L1_CHAIN_ID = 31337;

  /** The devnet's L2. */
  public static final long L2_CHAIN_ID = 31338;

  public static final int L1_PORT = 8545;
  public static final int L2_PORT = 8546;

  /** The node's JSON-RPC port. */
  public static final int RPC_PORT = 8645;

  private DevDefaults() {}
}
