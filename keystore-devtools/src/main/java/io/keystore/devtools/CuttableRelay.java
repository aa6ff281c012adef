package io.keystore.devtools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of an RPC endpoint (anvil) whose link the test can cut: while
 * cut, open connections are closed and new ones are accepted and closed at once, so every request
 * through it fails as with an L1 node that went away. Counts the connections it dropped.
 */
public final class CuttableRelay implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile boolean cut;

  private CuttableRelay(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
    Thread.ofVirtual().start(this::acceptLoop);
  }

  /** A relay to {@code url} (http://127.0.0.1:port). */
  public static CuttableRelay to(String url) throws IOException {
    return new CuttableRelay(
        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), URI.create(url).getPort());
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** From now on every connection fails. */
  public void cut() {
    cut = true;
    open.forEach(CuttableRelay::closeQuietly);
    open.clear();
  }

  /** Relays again. */
  public void restore() {
    cut = false;
  }

  /** Connections dropped while cut, since the last call. */
  public int takeDropped() {
    return dropped.getAndSet(0);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          dropped.incrementAndGet();
          closeQuietly(client);
        } else {
          relay(client);
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    try {
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      open.add(client);
      open.add(upstream);
      Thread.ofVirtual().start(() -> pump(client, upstream));
      Thread.ofVirtual().start(() -> pump(upstream, client));
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the other side closed, or the link was cut
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
  }
}
