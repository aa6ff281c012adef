package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A keystore node's JSON-RPC as far as the wallet CLI needs it to build, sign and send a
 * transaction (keystore_syncStatus for the EIP-712 domain, keystore_getAccount,
 * keystore_sendRawTransaction), with no state transition behind it: it keeps what it is sent,
 * decoded as the node decodes it. The CLI is tested with it up to the transaction it sends.
 */
final class StubNode implements AutoCloseable {

  static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final List<Transaction> sent = new CopyOnWriteArrayList<>();
  private final Map<Address, AccountConfig> accounts = new ConcurrentHashMap<>();

  private StubNode(HttpServer server) {
    this.server = server;
  }

  static StubNode start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    StubNode node = new StubNode(server);
    server.createContext("/", node::handle);
    server.start();
    return node;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The transactions sent so far, decoded from their binary encoding. */
  List<Transaction> sent() {
    return List.copyOf(sent);
  }

  /** Makes the node hold an account (otherwise every account is absent: counterfactual). */
  void hold(Address account, AccountConfig config) {
    accounts.put(account, config);
  }

  private void handle(HttpExchange x) throws IOException {
    JsonNode request = MAPPER.readTree(x.getRequestBody());
    ObjectNode response = MAPPER.createObjectNode().put("jsonrpc", "2.0");
    response.set("id", request.get("id"));
    JsonNode params = request.get("params");
    try {
      switch (request.get("method").asText()) {
        case "keystore_syncStatus" -> {
          ObjectNode r = response.putObject("result");
          r.put("pendingTransactions", 0).put("stateBatch", 0);
          r.put("stateRoot", Bytes32.ZERO.toHexString());
          r.put("rollupAddress", DOMAIN.verifyingContract().toChecksumHex());
          r.put("chainId", DOMAIN.chainId().longValueExact());
          r.put("batchedBatches", 0).put("provenBatches", 0);
          r.put("submittedBatches", 0).put("finalisedBatches", 0);
        }
        case "keystore_getAccount" -> {
          AccountConfig c = accounts.get(Address.fromHex(params.get(0).asText()));
          if (c == null) {
            response.putNull("result");
          } else {
            response.set("result", TxJson.toJsonNode(c));
          }
        }
        case "keystore_sendRawTransaction" -> {
          Bytes raw = Bytes.fromHexString(params.get(0).asText());
          sent.add(TxCodec.decode(raw));
          response.put("result", Keccak256.hash(raw).toHexString());
        }
        default ->
            response.putObject("error").put("code", -32601).put("message", "method not found");
      }
    } catch (DecodingException | RuntimeException e) {
      response.remove("result");
      response.putObject("error").put("code", -32602).put("message", String.valueOf(e));
    }
    byte[] body = MAPPER.writeValueAsBytes(response);
    x.getResponseHeaders().add("content-type", "application/json");
    x.sendResponseHeaders(200, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
