package io.keystore.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.Address;
import io.keystore.state.tree.Leaf;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.NonMembershipProof;
import io.keystore.state.tx.DecodingException;
import io.keystore.state.tx.TxJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Reads the node's JSON answers into typed values; anything of the wrong shape is a {@link
 * KeystoreTransportException} naming the field.
 */
final class NodeJson {

  private NodeJson() {}

  static Receipt receipt(JsonNode o) {
    return new Receipt(
        bytes32(o, "transactionHash"),
        TxStatus.fromJson(text(o, "status")),
        optionalText(o, "reason"),
        optionalText(o, "message"),
        optionalLong(o, o.has("nodeBatch") ? "nodeBatch" : "batch"),
        optionalLong(o, "stateBatch"),
        optionalBytes32(o, "newRoot"),
        optionalBytes32(o, "l1TransactionHash"),
        optionalLong(o, "l1BlockNumber"),
        optionalText(o, "provingProgress"));
  }

  static BatchInfo batch(JsonNode o) {
    return new BatchInfo(
        o.has("nodeBatch") ? number(o, "nodeBatch") : number(o, "id"),
        optionalLong(o, "stateBatch"),
        text(o, "status"),
        number(o, "time"),
        (int) number(o, "slots"),
        number(o, "oldLeafCount"),
        number(o, "newLeafCount"),
        optionalBytes32(o, "oldRoot"),
        optionalBytes32(o, "newRoot"),
        optionalBytes32(o, "l1TransactionHash"),
        optionalLong(o, "l1BlockNumber"));
  }

  static SyncStatus syncStatus(JsonNode o) {
    return new SyncStatus(
        number(o, "pendingTransactions"),
        number(o, "stateBatch"),
        bytes32(o, "stateRoot"),
        address(o, "rollupAddress"),
        number(o, "chainId"),
        number(o, "batchedBatches"),
        number(o, "provenBatches"),
        number(o, "submittedBatches"),
        number(o, "finalisedBatches"));
  }

  static AccountConfig config(JsonNode o) {
    try {
      return TxJson.configFromJsonNode(o);
    } catch (DecodingException e) {
      throw new KeystoreTransportException(
          "the node sent a malformed configuration: " + e.getMessage(), e);
    }
  }

  /** The proof object of keystore_getProof. */
  static AccountProof proof(JsonNode o) {
    Address account = address(o, "account");
    Bytes32 root = bytes32(o, "root");
    JsonNode member = field(o, "member");
    if (!member.isBoolean()) {
      throw bad("member", "a boolean");
    }
    try {
      if (member.asBoolean()) {
        MembershipProof p =
            new MembershipProof(number(o, "index"), leaf(field(o, "leaf")), siblings(o));
        return new AccountProof.Member(account, root, config(field(o, "config")), p);
      }
      NonMembershipProof p =
          new NonMembershipProof(number(o, "lowLeafIndex"), leaf(field(o, "lowLeaf")), siblings(o));
      return new AccountProof.NonMember(account, root, p);
    } catch (IllegalArgumentException e) {
      throw new KeystoreTransportException("the node sent a malformed proof: " + e.getMessage(), e);
    }
  }

  private static Leaf leaf(JsonNode o) {
    return new Leaf(bytes32(o, "key"), bytes32(o, "nextKey"), bytes32(o, "value"));
  }

  private static List<Bytes32> siblings(JsonNode o) {
    JsonNode a = field(o, "siblings");
    if (!a.isArray()) {
      throw bad("siblings", "an array");
    }
    List<Bytes32> out = new ArrayList<>(a.size());
    for (JsonNode s : a) {
      out.add(toBytes32(s, "siblings[]"));
    }
    return out;
  }

  static JsonNode field(JsonNode o, String name) {
    JsonNode v = o == null ? null : o.get(name);
    if (v == null || v.isNull()) {
      throw new KeystoreTransportException("the node's answer lacks \"" + name + "\": " + o);
    }
    return v;
  }

  static String text(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isTextual()) {
      throw bad(name, "a string");
    }
    return v.asText();
  }

  static long number(JsonNode o, String name) {
    return toLong(field(o, name), name);
  }

  static long toLong(JsonNode v, String name) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().matches("0x[0-9a-fA-F]{1,16}")) {
      return Long.parseUnsignedLong(v.asText().substring(2), 16);
    }
    throw bad(name, "an integer or a hex quantity");
  }

  static Bytes32 bytes32(JsonNode o, String name) {
    return toBytes32(field(o, name), name);
  }

  static Bytes32 toBytes32(JsonNode v, String name) {
    if (!v.isTextual() || !v.asText().matches("0x[0-9a-fA-F]{64}")) {
      throw bad(name, "32 bytes of 0x-hex");
    }
    return Bytes32.fromHexString(v.asText());
  }

  static Address address(JsonNode o, String name) {
    String s = text(o, name);
    if (!s.matches("0x[0-9a-fA-F]{40}")) {
      throw bad(name, "an address");
    }
    return Address.wrap(Bytes.fromHexString(s));
  }

  private static Optional<String> optionalText(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(text(o, name));
  }

  private static OptionalLong optionalLong(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? OptionalLong.empty() : OptionalLong.of(toLong(v, name));
  }

  private static Optional<Bytes32> optionalBytes32(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(toBytes32(v, name));
  }

  private static KeystoreTransportException bad(String name, String expected) {
    return new KeystoreTransportException("the node's \"" + name + "\" is not " + expected);
  }
}
