package io.keystore.node.rpc;

import io.keystore.node.core.Admission;
import io.keystore.node.core.Caller;
import io.keystore.node.core.Mempool;
import io.keystore.node.core.StateAccess;
import io.keystore.node.query.NodeQueries;
import io.keystore.node.query.TxReceipt;
import io.keystore.node.storage.NodeStore;
import io.keystore.node.storage.StoredBatch;
import io.keystore.state.api.AccountProof;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.Address;
import io.keystore.state.storage.HistoryUnavailableException;
import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tx.TxJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** The keystore_* methods: parameters in, JSON out; no transport here. */
public final class KeystoreApi {

  /** 0x, leading zeros, then the digits that count. */
  private static final Pattern HEX_QUANTITY = Pattern.compile("0x0*([0-9a-fA-F]*)");

  private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(Long.MAX_VALUE);

  private final Mempool mempool;
  private final StateAccess state;
  private final NodeQueries queries;
  private final long chainId;
  private final String rollupAddress;
  private final Metrics metrics;
  private final String openRpc;
  private final java.util.function.Supplier<JsonObject> provers;

  /** What {@code keystore_provers} answers for a node without a cluster. */
  public static final java.util.function.Supplier<JsonObject> IN_PROCESS =
      () -> new JsonObject().put("mode", "in-process").put("workers", new JsonArray());

  public KeystoreApi(
      Mempool mempool,
      StateAccess state,
      NodeStore store,
      long chainId,
      String rollupAddress,
      Metrics metrics) {
    this(mempool, state, new NodeQueries(store, state), chainId, rollupAddress, metrics);
  }

  public KeystoreApi(
      Mempool mempool,
      StateAccess state,
      NodeQueries queries,
      long chainId,
      String rollupAddress,
      Metrics metrics) {
    this(mempool, state, queries, chainId, rollupAddress, metrics, IN_PROCESS);
  }

  /**
   * @param provers what {@code keystore_provers} answers: where proofs are made, the workers and
   *     the jobs out
   */
  public KeystoreApi(
      Mempool mempool,
      StateAccess state,
      NodeQueries queries,
      long chainId,
      String rollupAddress,
      Metrics metrics,
      java.util.function.Supplier<JsonObject> provers) {
    this.provers = provers;
    this.mempool = mempool;
    this.state = state;
    this.queries = queries;
    this.chainId = chainId;
    this.rollupAddress = rollupAddress;
    this.metrics = metrics;
    this.openRpc = loadOpenRpc();
  }

  /** Calls {@code method} for a caller in this process; throws {@link RpcError}. */
  public Object call(String method, JsonArray params) {
    return call(method, params, Caller.IN_PROCESS);
  }

  /** Calls {@code method} for {@code caller} (its admission quota); throws {@link RpcError}. */
  public Object call(String method, JsonArray params, Caller caller) {
    return switch (method) {
      case "keystore_sendRawTransaction" -> sendRawTransaction(params, caller);
      case "keystore_getTransactionReceipt" -> receipt(params);
      case "keystore_getAccount" -> account(params);
      case "keystore_getProof" -> proof(params);
      case "keystore_getStateRoot" -> stateRoot(params);
      case "keystore_getBatch" -> batch(params);
      case "keystore_syncStatus" -> syncStatus();
      case "keystore_provers" -> provers.get();
      case "keystore_chainId" -> "0x" + Long.toHexString(chainId);
      case "rpc.discover" -> new JsonObject(openRpc);
      default -> throw new RpcError(RpcError.METHOD_NOT_FOUND, "Method not found: " + method);
    };
  }

  private Object sendRawTransaction(JsonArray params, Caller caller) {
    Bytes raw = hexParam(params, 0, "raw transaction");
    Admission a = mempool.submit(raw, caller);
    return switch (a) {
      case Admission.Accepted ok -> {
        metrics.increment(
            ok.alreadyKnown() ? "keystore_tx_known_total" : "keystore_tx_accepted_total");
        yield ok.hash().toHexString();
      }
      case Admission.Malformed m -> {
        metrics.increment("keystore_tx_malformed_total");
        throw RpcError.invalidParams("not a keystore transaction: " + m.message());
      }
      case Admission.Refused r -> {
        metrics.increment("keystore_tx_refused_total");
        throw new RpcError(
            RpcError.TX_REJECTED,
            "Transaction rejected: " + r.reason(),
            new JsonObject()
                .put("reason", r.reason().name())
                .put("message", r.message())
                .put("hash", r.hash().toHexString()));
      }
      case Admission.Full f -> {
        metrics.increment("keystore_tx_limited_mempool_capacity_total");
        throw RpcError.mempoolFull(f);
      }
      case Admission.Limited l -> {
        metrics.increment("keystore_tx_limited_" + l.limit().id().replace('-', '_') + "_total");
        throw RpcError.limitReached(l);
      }
      case Admission.UnknownApiKey k -> {
        metrics.increment("keystore_tx_unknown_api_key_total");
        throw RpcError.unknownApiKey();
      }
    };
  }

  private Object receipt(JsonArray params) {
    Bytes32 hash = Bytes32.wrap(fixedHex(params, 0, 32, "transaction hash"));
    return queries.receipt(hash).map(KeystoreApi::receiptJson).orElse(null);
  }

  /**
   * A receipt: {@code nodeBatch} (and {@code batch}, its former name, kept) is the node batch
   * keystore_getBatch takes; {@code stateBatch} the state batch getAccount/getProof take.
   */
  static JsonObject receiptJson(TxReceipt t) {
    JsonObject r =
        new JsonObject()
            .put("transactionHash", t.transactionHash().toHexString())
            .put("status", t.status().jsonName());
    t.reason().ifPresent(v -> r.put("reason", v));
    t.message().ifPresent(v -> r.put("message", v));
    t.batch().ifPresent(b -> r.put("batch", b.nodeBatch()).put("nodeBatch", b.nodeBatch()));
    t.includedIn().ifPresent(b -> batchFields(r, b));
    t.forced()
        .ifPresent(
            f ->
                r.put(
                    "forced",
                    new JsonObject()
                        .put("queueIndex", f.queueIndex())
                        .put("forceId", f.forceId().toHexString())
                        .put("queuedAt", f.queuedAt())));
    return r;
  }

  private static void batchFields(JsonObject r, StoredBatch b) {
    b.stateBatch().ifPresent(v -> r.put("stateBatch", v));
    b.newRoot().ifPresent(v -> r.put("newRoot", v.toHexString()));
    b.l1TxHash().ifPresent(v -> r.put("l1TransactionHash", v.toHexString()));
    b.l1Block().ifPresent(v -> r.put("l1BlockNumber", v));
    b.progress().ifPresent(v -> r.put("provingProgress", v));
  }

  private Object account(JsonArray params) {
    Address address = addressParam(params);
    Optional<Long> at = atParam(params, 1);
    if (at.isEmpty()) {
      return state
          .account(address)
          .map(c -> new JsonObject(TxJson.toJsonNode(c).toString()))
          .orElse(null);
    }
    return switch (proofAt(address, at.get())) {
      case AccountProof.Member m -> new JsonObject(TxJson.toJsonNode(m.config()).toString());
      case AccountProof.NonMember n -> null;
    };
  }

  private Object proof(JsonArray params) {
    Address address = addressParam(params);
    Optional<Long> at = atParam(params, 1);
    AccountProof p = at.isEmpty() ? state.proof(address) : proofAt(address, at.get());
    JsonObject o =
        new JsonObject().put("account", address.toString()).put("root", p.root().toHexString());
    switch (p) {
      case AccountProof.Member m -> {
        o.put("member", true)
            .put("index", m.proof().index())
            .put("leaf", leaf(m.proof().leaf()))
            .put("siblings", hexList(m.proof().siblings()))
            .put("config", new JsonObject(TxJson.toJsonNode(m.config()).toString()));
      }
      case AccountProof.NonMember n -> {
        o.put("member", false)
            .put("lowLeafIndex", n.proof().lowLeafIndex())
            .put("lowLeaf", leaf(n.proof().lowLeaf()))
            .put("siblings", hexList(n.proof().siblings()));
      }
    }
    return o;
  }

  private AccountProof proofAt(Address address, long stateBatch) {
    try {
      return state.proofAt(address, stateBatch);
    } catch (HistoryUnavailableException e) {
      throw new RpcError(
          RpcError.HISTORY_UNAVAILABLE,
          "History unavailable: " + e.getMessage(),
          new JsonObject().put("reason", e.reason().name()));
    }
  }

  private Object stateRoot(JsonArray params) {
    Optional<Long> at = atParam(params, 0);
    if (at.isEmpty()) {
      return state.root().toHexString();
    }
    return state
        .rootAt(at.get())
        .map(Bytes32::toHexString)
        .orElseThrow(() -> new RpcError(RpcError.HISTORY_UNAVAILABLE, "Unknown batch " + at.get()));
  }

  private Object batch(JsonArray params) {
    long nodeBatch = quantityParam(params, 0, "node batch");
    return queries.batch(nodeBatch).map(KeystoreApi::batchJson).orElse(null);
  }

  /**
   * A node batch: {@code nodeBatch} (and {@code id}, its former name, kept), its state batch once
   * applied.
   */
  static JsonObject batchJson(StoredBatch b) {
    JsonObject o =
        new JsonObject()
            .put("id", b.nodeBatch())
            .put("nodeBatch", b.nodeBatch())
            .put("status", b.status().jsonName())
            .put("time", b.time())
            .put("slots", b.slots())
            .put("oldLeafCount", b.oldLeafCount())
            .put("newLeafCount", b.newLeafCount());
    b.oldRoot().ifPresent(v -> o.put("oldRoot", v.toHexString()));
    batchFields(o, b);
    return o;
  }

  private Object syncStatus() {
    JsonObject o =
        new JsonObject()
            .put("pendingTransactions", queries.pendingTransactions())
            .put("stateBatch", state.latestStateBatch())
            .put("stateRoot", state.root().toHexString())
            .put("rollupAddress", rollupAddress)
            .put("chainId", chainId);
    queries.batchesPerStage().forEach((s, n) -> o.put(s.jsonName() + "Batches", n));
    return o;
  }

  // ------------------------------------------------------------------ parameters

  private static Object param(JsonArray params, int i, String what) {
    if (params == null || params.size() <= i || params.getValue(i) == null) {
      throw RpcError.invalidParams("missing " + what + " (parameter " + i + ")");
    }
    return params.getValue(i);
  }

  private static String stringParam(JsonArray params, int i, String what) {
    Object v = param(params, i, what);
    if (!(v instanceof String s)) {
      throw RpcError.invalidParams(what + " must be a hex string");
    }
    return s;
  }

  static Bytes hexParam(JsonArray params, int i, String what) {
    String s = stringParam(params, i, what);
    if (!isHexOfWholeBytes(s)) {
      throw RpcError.invalidParams(what + " must be 0x-prefixed hex of whole bytes");
    }
    return Bytes.fromHexString(s);
  }

  /** "0x" then an even number of hex digits (a loop: a regex costs a match per transaction). */
  static boolean isHexOfWholeBytes(String s) {
    if (!s.startsWith("0x") || s.length() % 2 != 0) {
      return false;
    }
    for (int i = 2; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  private static Bytes fixedHex(JsonArray params, int i, int length, String what) {
    Bytes b = hexParam(params, i, what);
    if (b.size() != length) {
      throw RpcError.invalidParams(what + " must be " + length + " bytes");
    }
    return b;
  }

  /** An account's address: never the zero address, whose tree key 0 is the sentinel's. */
  private static Address addressParam(JsonArray params) {
    Address address = Address.wrap(fixedHex(params, 0, 20, "address"));
    if (!IndexedMerkleTree.isValidKey(KeystoreState.treeKey(address))) {
      throw RpcError.invalidParams(
          "address "
              + address
              + " cannot hold a keystore account (its tree key 0 is the sentinel's)");
    }
    return address;
  }

  /**
   * A batch number: a JSON number of integral value or a 0x-hex quantity, from 0 to {@link
   * Long#MAX_VALUE} (above: "out of range", never wrapped to a negative number). The hex digits
   * past the leading zeros are counted before they are parsed, so a huge quantity costs nothing.
   */
  static long quantityParam(JsonArray params, int i, String what) {
    BigDecimal q =
        switch (param(params, i, what)) {
          case String s -> hexQuantity(s, what);
          case Number n -> decimal(n, what);
          default -> throw notAQuantity(what);
        };
    if (q.signum() < 0 || !isInteger(q)) {
      throw notAQuantity(what);
    }
    if (q.compareTo(MAX_QUANTITY) > 0) {
      throw outOfRange(what);
    }
    return q.longValueExact();
  }

  private static BigDecimal hexQuantity(String s, String what) {
    Matcher m = HEX_QUANTITY.matcher(s);
    if (s.length() == 2 || !m.matches()) {
      throw notAQuantity(what);
    }
    if (m.group(1).length() > 16) {
      throw outOfRange(what);
    }
    return new BigDecimal(new BigInteger("0" + m.group(1), 16));
  }

  private static BigDecimal decimal(Number n, String what) {
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException notFinite) {
      throw notAQuantity(what);
    }
  }

  private static boolean isInteger(BigDecimal d) {
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static RpcError notAQuantity(String what) {
    return RpcError.invalidParams(what + " must be a non-negative integer or hex quantity");
  }

  private static RpcError outOfRange(String what) {
    return RpcError.invalidParams(what + " out of range: at most 0x7fffffffffffffff");
  }

  /**
   * An optional state position: "latest" (empty), a state batch number, or a root (32-byte hex) the
   * node produced.
   */
  private Optional<Long> atParam(JsonArray params, int i) {
    if (params == null
        || params.size() <= i
        || params.getValue(i) == null
        || "latest".equals(params.getValue(i))) {
      return Optional.empty();
    }
    if (params.getValue(i) instanceof String s && s.length() == 66) {
      Bytes32 root = Bytes32.wrap(fixedHex(params, i, 32, "root"));
      return Optional.of(
          queries
              .stateBatchWithRoot(root)
              .orElseThrow(
                  () -> new RpcError(RpcError.HISTORY_UNAVAILABLE, "Unknown root " + root)));
    }
    return Optional.of(quantityParam(params, i, "state position"));
  }

  private static JsonObject leaf(Leaf l) {
    return new JsonObject()
        .put("key", l.key().toHexString())
        .put("nextKey", l.nextKey().toHexString())
        .put("value", l.value().toHexString());
  }

  private static JsonArray hexList(List<Bytes32> list) {
    JsonArray a = new JsonArray();
    list.forEach(b -> a.add(b.toHexString()));
    return a;
  }

  private static String loadOpenRpc() {
    try (InputStream in = KeystoreApi.class.getResourceAsStream("/openrpc.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("openrpc.json missing from the classpath", e);
    }
  }
}
