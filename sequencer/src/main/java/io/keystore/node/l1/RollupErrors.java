package io.keystore.node.l1;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names a revert of the rollup contract by its selector: the custom errors of {@code
 * l1-contracts/src/KeystoreRollup.sol} (web3j's generated wrapper does not carry them; a test
 * checks this list against the source), Solidity's {@code Error(string)} and {@code
 * Panic(uint256)}.
 */
public final class RollupErrors {

  /** The errors' canonical signatures, as declared in KeystoreRollup.sol. */
  static final List<String> SIGNATURES =
      List.of(
          "NotOwner(address)",
          "OneStepOwnershipChange()",
          // solady Ownable (the ownership handover)
          "Unauthorized()",
          "NewOwnerIsZeroAddress()",
          "NoHandoverRequest()",
          "ZeroAddress()",
          "NotSequencer(address)",
          "UnknownCircuit(uint256)",
          "BadCircuit(uint256)",
          "MalformedUpdates(uint256)",
          "BadTxCount(uint256,uint256)",
          "BadLeafCount(uint64,uint64,uint256)",
          "BatchTimeInFuture(uint64,uint256)",
          "BatchTimeBeforePrevious(uint64,uint64)",
          "RootAlreadyRecorded(bytes32)",
          "InvalidProof()",
          "BadForcedCount(uint256,uint256)",
          "ForcedTxDue(uint256,uint64)",
          "NotInForceQueue(uint256)",
          "BadAggregateSize(uint256,uint256)",
          "NoAggregationVerifier()",
          "NotAKeyedVerifier(address)",
          "LengthMismatch(uint256,uint256)",
          "Error(string)",
          "Panic(uint256)");

  private static final Map<Bytes, String> BY_SELECTOR =
      SIGNATURES.stream()
          .collect(Collectors.toUnmodifiableMap(RollupErrors::selector, Function.identity()));

  private RollupErrors() {}

  /** The first four bytes of the signature's keccak-256. */
  static Bytes selector(String signature) {
    return Bytes.wrap(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .slice(0, 4);
  }

  /** The error's name, when the revert data starts with a known selector. */
  public static Optional<String> name(Bytes revertData) {
    return signature(revertData).map(s -> s.substring(0, s.indexOf('(')));
  }

  /**
   * The error with its decoded arguments ({@code BatchTimeBeforePrevious(10, 12)}); for unknown
   * data, the data in hex; without data, the node's message.
   */
  public static String describe(Bytes revertData, String message) {
    if (revertData.isEmpty()) {
      return "a revert without data (" + message + ")";
    }
    Optional<String> signature = signature(revertData);
    if (signature.isEmpty()) {
      return "an unknown error " + revertData.toHexString();
    }
    String s = signature.get();
    String types = s.substring(s.indexOf('(') + 1, s.length() - 1);
    if (types.isEmpty()) {
      return s;
    }
    try {
      List<TypeReference<Type>> refs = new java.util.ArrayList<>();
      for (String t : types.split(",")) {
        @SuppressWarnings("unchecked")
        TypeReference<Type> ref = (TypeReference<Type>) TypeReference.makeTypeReference(t);
        refs.add(ref);
      }
      List<Type> values = FunctionReturnDecoder.decode(revertData.slice(4).toHexString(), refs);
      String args = values.stream().map(RollupErrors::text).collect(Collectors.joining(", "));
      return s.substring(0, s.indexOf('(')) + "(" + args + ")";
    } catch (ClassNotFoundException | RuntimeException e) {
      return s + " " + revertData.slice(4).toHexString();
    }
  }

  private static Optional<String> signature(Bytes revertData) {
    return revertData.size() < 4
        ? Optional.empty()
        : Optional.ofNullable(BY_SELECTOR.get(revertData.slice(0, 4)));
  }

  private static String text(Type value) {
    Object v = value.getValue();
    return v instanceof byte[] b ? Numeric.toHexString(b) : String.valueOf(v);
  }
}
