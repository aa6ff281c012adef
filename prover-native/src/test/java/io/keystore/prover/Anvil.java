package io.keystore.prover;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** A local anvil on a free port, for one test class; {@link #close()} kills it. */
public final class Anvil implements AutoCloseable {

  /** anvil's first default account (the well-known test mnemonic). */
  public static final String DEV_PRIVATE_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  public static final long CHAIN_ID = 31337;

  private final Process process;
  private final Web3j web3j;

  private Anvil(Process process, Web3j web3j) {
    this.process = process;
    this.web3j = web3j;
  }

  public static Anvil start(Path executable) throws IOException, InterruptedException {
    int port = freePort();
    Process process =
        new ProcessBuilder(executable.toString(), "--port", Integer.toString(port), "--silent", "--chain-id", Long.toString(CHAIN_ID))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // Should the JVM end before close(), anvil still goes with it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    Web3j web3j = Web3j.build(new HttpService("http://127.0.0.1:" + port));
    Anvil anvil = new Anvil(process, web3j);
    try {
      anvil.awaitReady(Duration.ofSeconds(20));
      return anvil;
    } catch (IOException | InterruptedException | RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  public Web3j web3j() {
    return web3j;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("anvil exited with " + process.exitValue());
      }
      try {
        BigInteger chainId = web3j.ethChainId().send().getChainId();
        if (chainId.longValue() == CHAIN_ID) {
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
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
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
