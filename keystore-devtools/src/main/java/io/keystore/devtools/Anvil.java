package io.keystore.devtools;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * anvil as a child process: the one launcher of the devnet and of every test that needs an EVM.
 * {@link #close()} stops it, and it goes with the JVM should that end first.
 */
public final class Anvil implements AutoCloseable {

  private final Process process;
  private final String url;
  private final long chainId;
  private final HttpService http;
  private final Web3j web3j;

  private Anvil(Process process, String url, long chainId) {
    this.process = process;
    this.url = url;
    this.chainId = chainId;
    this.http = new HttpService(url);
    this.web3j = Web3j.build(http);
  }

  /**
   * The project's anvil on a free port, chain {@link DevDefaults#L1_CHAIN_ID}, mining on demand.
   */
  public static Anvil start() throws IOException, InterruptedException {
    return start(0, DevDefaults.L1_CHAIN_ID, 0);
  }

  /**
   * The project's anvil on {@code port} (0: a free one), mining a block every {@code
   * blockTimeSeconds} (0: one per transaction).
   */
  public static Anvil start(int port, long chainId, int blockTimeSeconds)
      throws IOException, InterruptedException {
    return start(Foundry.anvil(), port, chainId, blockTimeSeconds);
  }

  /** As {@link #start(int, long, int)}, with another anvil executable. */
  public static Anvil start(Path executable, int port, long chainId, int blockTimeSeconds)
      throws IOException, InterruptedException {
    int p = port == 0 ? freePort() : port;
    List<String> cmd =
        new ArrayList<>(
            List.of(
                executable.toString(),
                "--port",
                Integer.toString(p),
                "--silent",
                "--chain-id",
                Long.toString(chainId)));
    if (blockTimeSeconds > 0) {
      cmd.addAll(List.of("--block-time", Integer.toString(blockTimeSeconds)));
    }
    Process process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    Anvil anvil = new Anvil(process, "http://127.0.0.1:" + p, chainId);
    try {
      anvil.awaitReady(Duration.ofSeconds(30));
      return anvil;
    } catch (IOException | InterruptedException | RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  public String url() {
    return url;
  }

  public int port() {
    return java.net.URI.create(url).getPort();
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  /** The timestamp of the latest block. */
  public long latestBlockTime() throws IOException {
    return web3j
        .ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
        .send()
        .getBlock()
        .getTimestamp()
        .longValueExact();
  }

  /** Switches to mining a block every {@code seconds} (0: one per transaction). */
  public void setIntervalMining(int seconds) throws IOException {
    rpc("evm_setIntervalMining", seconds);
  }

  /** Switches mining a block per transaction on or off. */
  public void setAutomine(boolean on) throws IOException {
    rpc("evm_setAutomine", on);
  }

  /** Mines one block now. */
  public void mine() throws IOException {
    rpc("evm_mine");
  }

  /** A snapshot of the chain to {@link #revert} to (a reorg, as far as the node can tell). */
  public String snapshot() throws IOException {
    return String.valueOf(rpc("evm_snapshot").getResult());
  }

  /** Reverts to {@code snapshot}; fails if anvil did not. */
  public void revert(String snapshot) throws IOException {
    if (!Boolean.TRUE.equals(rpc("evm_revert", snapshot).getResult())) {
      throw new IOException("evm_revert " + snapshot + " failed");
    }
  }

  /** A raw JSON-RPC call (anvil's evm_* and anvil_* methods); fails on a JSON-RPC error. */
  public Response<Object> rpc(String method, Object... params) throws IOException {
    Raw response = new Request<>(method, List.of(params), http, Raw.class).send();
    if (response.hasError()) {
      throw new IOException(method + ": " + response.getError().getMessage());
    }
    return response;
  }

  /** A JSON-RPC response of any result. */
  public static final class Raw extends Response<Object> {}

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("anvil exited with " + process.exitValue());
      }
      try {
        BigInteger id = web3j.ethChainId().send().getChainId();
        if (id.longValue() == chainId) {
          return;
        }
      } catch (IOException notYet) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("anvil did not answer within " + timeout, notYet);
        }
      }
      Thread.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    web3j.shutdown();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
