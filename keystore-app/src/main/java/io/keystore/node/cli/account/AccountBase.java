package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.KeystoreRpcException;
import io.keystore.sdk.KeystoreTimeoutException;
import io.keystore.sdk.KeystoreTransportException;
import io.keystore.sdk.ProofVerificationException;
import io.keystore.sdk.TransactionRejectedException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every account command shares: the node's URL, JSON or human output, and the mapping of
 * failures to a message on stderr and an exit code ({@link ExitCodes}).
 */
abstract class AccountBase implements Callable<Integer> {

  static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      defaultValue = KeystoreClient.DEFAULT_URL,
      description =
          "The keystore node's JSON-RPC URL (default: ${DEFAULT-VALUE}; env KEYSTORE_RPC).")
  String rpc;

  @Option(names = "--json", description = "Print JSON instead of text for people.")
  boolean json;

  /** The command's work; returns the exit code. */
  abstract int execute() throws Exception;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (ParameterException e) {
      throw e; // picocli prints it with the usage, exit code 2
    } catch (IllegalArgumentException e) {
      return fail(ExitCodes.USAGE, e.getMessage(), null);
    } catch (KeystoreTransportException e) {
      return fail(ExitCodes.UNREACHABLE, e.getMessage(), null);
    } catch (KeystoreRpcException e) {
      ObjectNode d =
          MAPPER.createObjectNode().put("rpcCode", e.code()).put("rpcMessage", e.rpcMessage());
      e.data().ifPresent(data -> d.set("data", data));
      return fail(ExitCodes.REFUSED, rpcMessage(e), d);
    } catch (TransactionRejectedException e) {
      return fail(ExitCodes.REFUSED, e.getMessage(), null);
    } catch (IllegalStateException e) {
      return fail(ExitCodes.REFUSED, e.getMessage(), null);
    } catch (ProofVerificationException e) {
      return fail(
          ExitCodes.UNVERIFIED,
          "proof not verified (" + e.failure() + "): " + e.getMessage(),
          null);
    } catch (KeystoreTimeoutException e) {
      return fail(ExitCodes.TIMEOUT, e.getMessage(), null);
    } catch (Exception e) {
      return fail(1, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
  }

  private static String rpcMessage(KeystoreRpcException e) {
    if (e.code() == KeystoreRpcException.TX_REJECTED) {
      return "the node rejected the transaction: "
          + e.rejectionReason().orElse("?")
          + e.rejectionMessage().map(m -> " (" + m + ")").orElse("");
    }
    return "the node answered "
        + e.code()
        + " "
        + e.rpcMessage()
        + e.data().map(d -> " " + d).orElse("");
  }

  private int fail(int code, String message, JsonNode details) {
    err().println("error: " + message);
    err().flush();
    if (json) {
      ObjectNode o = MAPPER.createObjectNode();
      ObjectNode e = o.putObject("error").put("exitCode", code).put("message", message);
      if (details != null) {
        e.setAll((ObjectNode) details);
      }
      out().println(o.toPrettyString());
      out().flush();
    }
    return code;
  }

  KeystoreClient client() {
    return KeystoreClient.connect(rpc);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(JsonNode node) {
    out().println(node.toPrettyString());
    out().flush();
  }

  void println(String line) {
    out().println(line);
    out().flush();
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
