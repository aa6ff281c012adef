package io.keystore.node.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Web3ClientVersion;
import org.web3j.protocol.http.HttpService;

/**
 * A devnet's clocks: moves every chain of the devnet (its L1 and L2 anvils) forward by the same
 * number of seconds, so that the L2's time keeps pace with L1's. It refuses any chain that is not
 * anvil with the chain id the devnet gives it, before it changes anything.
 *
 * <p>Chains are moved in the order given (L1 first): the relayer then carries L1's new time to L2
 * (DevL1Block, and a root re-synced at that time) while L2's own clock follows a moment later, so
 * no root looks older on L2 than it is.
 */
public final class DevnetClock implements AutoCloseable {

  /** The longest move: ten years (beyond that, timestamps leave the range the contracts expect). */
  public static final long MAX_SECONDS = 10L * 365 * 24 * 3600;

  /**
   * A chain of the devnet: its name for messages, its JSON-RPC URL, and the chain id it must have.
   */
  public record Chain(String name, String url, long chainId) {
    public Chain {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
    }
  }

  /** A chain's latest block. */
  public record BlockTime(Chain chain, long number, long timestamp) {}

  /** A chain's latest block before and after a move. */
  public record Move(BlockTime before, BlockTime after) {
    /** How far the latest block's time moved. */
    public long advancedBy() {
      return after.timestamp() - before.timestamp();
    }
  }

  /** A chain this class will not move: not anvil, or not the devnet's chain id. */
  public static final class NotADevChainException extends Exception {
    NotADevChainException(String message) {
      super(message);
    }
  }

  /** A JSON-RPC result of any shape. */
  public static final class Raw extends Response<Object> {}

  private final List<Chain> chains;
  private final List<HttpService> services = new ArrayList<>();
  private final List<Web3j> clients = new ArrayList<>();

  public DevnetClock(List<Chain> chains) {
    if (chains.isEmpty()) {
      throw new IllegalArgumentException("no chain to move");
    }
    this.chains = List.copyOf(chains);
    for (Chain c : this.chains) {
      HttpService service = new HttpService(c.url());
      services.add(service);
      clients.add(Web3j.build(service));
    }
  }

  /**
   * Checks that every chain is anvil with its chain id, and reads its latest block; changes
   * nothing.
   *
   * @throws IOException a chain cannot be reached, or answers out of protocol
   * @throws NotADevChainException a chain is not anvil, or has another chain id
   */
  public List<BlockTime> latest() throws IOException, NotADevChainException {
    for (int i = 0; i < chains.size(); i++) {
      check(i);
    }
    List<BlockTime> times = new ArrayList<>();
    for (int i = 0; i < chains.size(); i++) {
      times.add(latest(i));
    }
    return times;
  }

  /**
   * Moves every chain's clock forward by {@code seconds} (evm_increaseTime, then evm_mine: the
   * mined block carries the new time), in order, once all of them passed the checks of {@link
   * #latest()}.
   *
   * @throws IllegalArgumentException seconds is not in [1, {@link #MAX_SECONDS}]
   * @throws IOException a chain cannot be reached or refused a call (the message says which chains
   *     had already moved)
   * @throws NotADevChainException a chain is not anvil, or has another chain id (nothing moved)
   */
  public List<Move> advance(long seconds) throws IOException, NotADevChainException {
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException(
          "seconds must be between 1 and " + MAX_SECONDS + ", got " + seconds);
    }
    List<BlockTime> before = latest();
    List<Move> moves = new ArrayList<>();
    for (int i = 0; i < chains.size(); i++) {
      try {
        call(i, "evm_increaseTime", BigInteger.valueOf(seconds));
        call(i, "evm_mine");
        moves.add(new Move(before.get(i), latest(i)));
      } catch (IOException e) {
        String moved =
            moves.isEmpty()
                ? "no chain has moved"
                : moves.stream()
                        .map(m -> m.after().chain().name())
                        .reduce((a, b) -> a + ", " + b)
                        .orElseThrow()
                    + " moved forward but "
                    + chains.get(i).name()
                    + " did not";
        throw new IOException(e.getMessage() + " (" + moved + ")", e);
      }
    }
    return moves;
  }

  private void check(int i) throws IOException, NotADevChainException {
    Chain c = chains.get(i);
    Web3j web3j = clients.get(i);
    Web3ClientVersion version;
    try {
      version = web3j.web3ClientVersion().send();
    } catch (IOException e) {
      throw new IOException(
          "cannot reach " + c.name() + " at " + c.url() + ": " + e.getMessage(), e);
    }
    String client = version.hasError() ? null : version.getWeb3ClientVersion();
    if (client == null || !client.startsWith("anvil/")) {
      throw new NotADevChainException(
          c.name()
              + " at "
              + c.url()
              + " is not an anvil dev chain (web3_clientVersion: "
              + (client == null ? "error " + version.getError().getMessage() : client)
              + "); only the devnet's anvils can be moved");
    }
    var id = web3j.ethChainId().send();
    if (id.hasError()) {
      throw new IOException(
          c.name() + " at " + c.url() + ": eth_chainId: " + id.getError().getMessage());
    }
    if (id.getChainId().longValueExact() != c.chainId()) {
      throw new NotADevChainException(
          c.name()
              + " at "
              + c.url()
              + " has chain id "
              + id.getChainId()
              + ", not the devnet's "
              + c.chainId()
              + "; only the devnet's anvils can be moved");
    }
  }

  private BlockTime latest(int i) throws IOException {
    Chain c = chains.get(i);
    EthBlock response =
        clients.get(i).ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send();
    if (response.hasError() || response.getBlock() == null) {
      throw new IOException(
          c.name()
              + " at "
              + c.url()
              + ": eth_getBlockByNumber: "
              + (response.hasError() ? response.getError().getMessage() : "no block"));
    }
    EthBlock.Block block = response.getBlock();
    return new BlockTime(
        c, block.getNumber().longValueExact(), block.getTimestamp().longValueExact());
  }

  private void call(int i, String method, Object... params) throws IOException {
    Raw response = new Request<>(method, List.of(params), services.get(i), Raw.class).send();
    if (response.hasError()) {
      Chain c = chains.get(i);
      throw new IOException(
          c.name() + " at " + c.url() + ": " + method + ": " + response.getError().getMessage());
    }
  }

  @Override
  public void close() {
    clients.forEach(Web3j::shutdown);
  }
}
