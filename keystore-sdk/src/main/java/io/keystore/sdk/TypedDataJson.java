package io.keystore.sdk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.StateHashing;
import io.keystore.state.account.U64;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.tx.Transaction;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The EIP-712 typed data of keystore transactions in the form of {@code eth_signTypedData_v4}
 * (MetaMask, ethers' {@code signTypedData}, web3j's StructuredData): {@code types} (with
 * EIP712Domain), {@code primaryType}, {@code domain}, {@code message}. A wallet that signs it
 * produces the signature the keystore checks (docs/spec/transactions.md §4). uint256 values are
 * decimal strings, bytes32 and addresses 0x-hex; the chain id is a JSON number.
 */
public final class TypedDataJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private TypedDataJson() {}

  /** The typed data a transaction's signature covers; FinaliseRecovery is unsigned. */
  public static ObjectNode of(Eip712Domain domain, Transaction tx) {
    return switch (tx) {
      case Transaction.UpdateConfig u ->
          updateConfig(
              domain, u.account(), u.nonce(), u.newSettings().updateCommitment().toBytes());
      case Transaction.ApproveRecovery a ->
          approveRecovery(
              domain, a.account(), StateHashing.keyHash(a.newOwner()).toBytes(), a.recoveryEpoch());
      case Transaction.CancelRecovery c -> cancelRecovery(domain, c.account(), c.nonce());
      case Transaction.FinaliseRecovery f ->
          throw new IllegalArgumentException("FinaliseRecovery is not signed");
    };
  }

  /** UpdateConfig(address account,uint256 nonce,bytes32 newConfigCommitment). */
  public static ObjectNode updateConfig(
      Eip712Domain domain, Address account, long nonce, Bytes32 commitment) {
    ObjectNode t =
        envelope(
            domain,
            "UpdateConfig",
            "account",
            "address",
            "nonce",
            "uint256",
            "newConfigCommitment",
            "bytes32");
    ObjectNode m = t.putObject("message");
    m.put("account", account.toChecksumHex());
    m.put("nonce", U64.toString(nonce));
    m.put("newConfigCommitment", commitment.toHexString());
    return t;
  }

  /** ApproveRecovery(address account,bytes32 newOwnerKeyHash,uint256 recoveryEpoch). */
  public static ObjectNode approveRecovery(
      Eip712Domain domain, Address account, Bytes32 newOwnerKeyHash, long recoveryEpoch) {
    ObjectNode t =
        envelope(
            domain,
            "ApproveRecovery",
            "account",
            "address",
            "newOwnerKeyHash",
            "bytes32",
            "recoveryEpoch",
            "uint256");
    ObjectNode m = t.putObject("message");
    m.put("account", account.toChecksumHex());
    m.put("newOwnerKeyHash", newOwnerKeyHash.toHexString());
    m.put("recoveryEpoch", U64.toString(recoveryEpoch));
    return t;
  }

  /** CancelRecovery(address account,uint256 nonce). */
  public static ObjectNode cancelRecovery(Eip712Domain domain, Address account, long nonce) {
    ObjectNode t = envelope(domain, "CancelRecovery", "account", "address", "nonce", "uint256");
    ObjectNode m = t.putObject("message");
    m.put("account", account.toChecksumHex());
    m.put("nonce", U64.toString(nonce));
    return t;
  }

  /** The domain object. */
  public static ObjectNode domain(Eip712Domain d) {
    ObjectNode o = F.objectNode();
    o.put("name", d.name());
    o.put("version", d.version());
    BigInteger chainId = d.chainId();
    if (chainId.bitLength() <= 53) {
      o.put("chainId", chainId.longValueExact());
    } else {
      o.put("chainId", chainId.toString());
    }
    o.put("verifyingContract", d.verifyingContract().toChecksumHex());
    return o;
  }

  private static ObjectNode envelope(Eip712Domain domain, String primaryType, String... fields) {
    ObjectNode t = F.objectNode();
    ObjectNode types = t.putObject("types");
    ArrayNode d = types.putArray("EIP712Domain");
    field(d, "name", "string");
    field(d, "version", "string");
    field(d, "chainId", "uint256");
    field(d, "verifyingContract", "address");
    ArrayNode p = types.putArray(primaryType);
    for (int i = 0; i < fields.length; i += 2) {
      field(p, fields[i], fields[i + 1]);
    }
    t.put("primaryType", primaryType);
    t.set("domain", domain(domain));
    return t;
  }

  private static void field(ArrayNode a, String name, String type) {
    a.addObject().put("name", name).put("type", type);
  }
}
