package io.keystore.node.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** anvil as a child process, stopped by {@link #close()} or when the JVM exits. */
public final class AnvilProcess implements AutoCloseable {

  /** anvil's first default account (the well-known test mnemonic): the devnet's deployer and sequencer. */
  public static final String DEV_PRIVATE_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private final Process process;
  private final String url;
  private final Web3j web3j;
  private final long chainId;

  private AnvilProcess(Process process, String url, long chainId) {
    this.process = process;
    this.url = url;
    this.chainId = chainId;
    this.web3j = Web3j.build(new HttpService(url));
  }

  /** Starts anvil on {@code port} (0: a free one), mining a block every {@code blockTimeSeconds}. */
  public static AnvilProcess start(Path executable, int port, long chainId, int blockTimeSeconds)
      throws IOException, InterruptedException {
    int p = port == 0 ? freePort() : port;
    List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--port", Integer.toString(p), "--silent",
        "--chain-id", Long.toString(chainId)));
    if (blockTimeSeconds > 0) {
      cmd.addAll(List.of("--block-time", Integer.toString(blockTimeSeconds)));
    }
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    AnvilProcess anvil = new AnvilProcess(process, "http://127.0.0.1:" + p, chainId);
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

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  /** Switches to mining a block every {@code seconds} (evm_setIntervalMining). */
  public void setIntervalMining(int seconds) throws IOException {
    var response = new org.web3j.protocol.core.Request<>("evm_setIntervalMining", List.of(seconds),
        new HttpService(url), org.web3j.protocol.core.methods.response.VoidResponse.class).send();
    if (response.hasError()) {
      throw new IOException("evm_setIntervalMining: " + response.getError().getMessage());
    }
  }

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
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
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
