package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.sdk.AccountState;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.Receipt;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.crypto.Address;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxJson;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import picocli.CommandLine.Mixin;

/** A command that sends a transaction for an account, and may wait for its receipt. */
abstract class TxCommand extends AccountBase {

  @Mixin AccountRef ref;

  @Mixin WaitOptions waitOptions;

  /** The account as the node holds it, or its initial configuration from the account file. */
  AccountState accountState(KeystoreClient client) {
    Optional<AccountCreation> creation = ref.creation();
    Address address = ref.address(creation);
    return client.getAccountState(address, creation);
  }

  /** Sends, waits if asked, prints; returns the exit code. */
  int sendAndReport(KeystoreClient client, Transaction tx, List<String> notes) {
    return send(this, client, tx, notes, waitOptions);
  }

  static int send(
      AccountBase cmd,
      KeystoreClient client,
      Transaction tx,
      List<String> notes,
      WaitOptions wait) {
    Bytes32 hash = client.sendTransaction(tx);
    if (!cmd.json) {
      cmd.println("account      " + tx.account());
      cmd.println(
          "transaction  "
              + hash.toHexString()
              + " ("
              + tx.type().jsonName()
              + ") admitted by the node");
      notes.forEach(n -> cmd.println("note: " + n));
    }
    Optional<Receipt> receipt = Optional.empty();
    if (wait.status != null) {
      if (!cmd.json) {
        cmd.println(
            "waiting until "
                + wait.status.jsonName()
                + " (at most "
                + wait.timeoutSeconds
                + " s) ...");
      }
      receipt = Optional.of(client.waitForStatus(hash, wait.status, wait.timeout()));
    }
    if (cmd.json) {
      ObjectNode o = MAPPER.createObjectNode();
      o.put("account", tx.account().toChecksumHex());
      o.put("type", tx.type().jsonName());
      o.put("transactionHash", hash.toHexString());
      ArrayNode n = o.putArray("notes");
      notes.forEach(n::add);
      o.set("transaction", TxJson.toJsonNode(tx));
      if (receipt.isPresent()) {
        o.set("receipt", receiptJson(receipt.get()));
      } else {
        o.putNull("receipt");
      }
      cmd.printJson(o);
    } else {
      receipt.ifPresent(r -> cmd.println("status       " + describe(r)));
    }
    return ExitCodes.OK;
  }

  static ObjectNode receiptJson(Receipt r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("transactionHash", r.transactionHash().toHexString());
    o.put("status", r.status().jsonName());
    r.batch().ifPresent(b -> o.put("batch", b));
    r.newRoot().ifPresent(v -> o.put("newRoot", v.toHexString()));
    r.l1TransactionHash().ifPresent(v -> o.put("l1TransactionHash", v.toHexString()));
    r.l1BlockNumber().ifPresent(v -> o.put("l1BlockNumber", v));
    return o;
  }

  static String describe(Receipt r) {
    StringBuilder b = new StringBuilder(r.status().jsonName());
    r.batch().ifPresent(v -> b.append(", batch ").append(v));
    r.newRoot().ifPresent(v -> b.append(", root ").append(v.toHexString()));
    r.l1TransactionHash().ifPresent(v -> b.append(", L1 transaction ").append(v.toHexString()));
    r.l1BlockNumber().ifPresent(v -> b.append(" in block ").append(v));
    return b.toString();
  }
}
