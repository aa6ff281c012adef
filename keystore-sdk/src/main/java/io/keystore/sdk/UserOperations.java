package io.keystore.sdk;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/**
 * ERC-4337 v0.7 encodings for a KeystoreAccount: the EntryPoint's {@code userOpHash}, the calls a
 * bundler makes ({@code handleOps}, {@code getUserOpHash}), the account's {@code execute} and the
 * counterfactual {@code initCode} through KeystoreAccountFactory. Stateless.
 */
public final class UserOperations {

  /** EntryPoint v0.7 at its canonical address (CREATE2 deployer, canonical salt). */
  public static final String ENTRY_POINT_V07 = "0x0000000071727De22E5E9d8BAf0edAc6f37da032";

  private static final String OP_TUPLE =
      "(address,uint256,bytes,bytes,bytes32,uint256,bytes32,bytes,bytes)";
  private static final Bytes HANDLE_OPS = selector("handleOps(" + OP_TUPLE + "[],address)");
  private static final Bytes GET_USER_OP_HASH = selector("getUserOpHash(" + OP_TUPLE + ")");

  private UserOperations() {}

  /**
   * The EntryPoint v0.7 {@code getUserOpHash}: keccak256(abi.encode(keccak256(pack(op)),
   * entryPoint, chainId)), where pack hashes the dynamic fields and leaves out the signature.
   */
  public static Bytes32 userOpHash(PackedUserOperation op, String entryPoint, long chainId) {
    Bytes packed =
        abi(
            new Address(op.sender()),
            new Uint256(op.nonce()),
            word(keccak(op.initCode())),
            word(keccak(op.callData())),
            word(op.accountGasLimits()),
            new Uint256(op.preVerificationGas()),
            word(op.gasFees()),
            word(keccak(op.paymasterAndData())));
    return keccak(
        abi(
            word(keccak(packed)),
            new Address(entryPoint),
            new Uint256(BigInteger.valueOf(chainId))));
  }

  /** The digest the owner key signs: personal_sign of the userOpHash (mini-account.md §3). */
  public static Bytes32 signedDigest(Bytes32 userOpHash) {
    return keccak(
        Bytes.concatenate(
            Bytes.wrap(
                "\u0019Ethereum Signed Message:\n32"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            userOpHash));
  }

  /** Calldata of {@code EntryPoint.handleOps(ops, beneficiary)}. */
  public static Bytes handleOps(List<PackedUserOperation> ops, String beneficiary) {
    DynamicArray<PackedUserOperation.Struct> array =
        new DynamicArray<>(
            PackedUserOperation.Struct.class,
            ops.stream().map(PackedUserOperation::toStruct).toList());
    return Bytes.concatenate(HANDLE_OPS, abi(array, new Address(beneficiary)));
  }

  /** Calldata of {@code EntryPoint.getUserOpHash(op)}, to check {@link #userOpHash} on chain. */
  public static Bytes getUserOpHash(PackedUserOperation op) {
    return Bytes.concatenate(GET_USER_OP_HASH, abi(op.toStruct()));
  }

  /** The counterfactual initCode: factory ‖ createAccount(keystoreAddress). */
  public static Bytes initCode(String factory, String keystoreAddress) {
    Function create =
        new Function("createAccount", List.of(new Address(keystoreAddress)), List.of());
    return Bytes.concatenate(
        Bytes.fromHexString(factory), Bytes.fromHexString(FunctionEncoder.encode(create)));
  }

  /** Calldata of {@code KeystoreAccount.execute(target, value, data)}. */
  public static Bytes execute(String target, BigInteger value, Bytes data) {
    Function execute =
        new Function(
            "execute",
            List.of(
                new Address(target), new Uint256(value), new DynamicBytes(data.toArrayUnsafe())),
            List.of());
    return Bytes.fromHexString(FunctionEncoder.encode(execute));
  }

  @SuppressWarnings("rawtypes")
  private static Bytes abi(Type... values) {
    // an ABI tuple of the values: encodeConstructor encodes exactly the parameter list
    return Bytes.fromHexString(FunctionEncoder.encodeConstructor(List.of(values)));
  }

  private static org.web3j.abi.datatypes.generated.Bytes32 word(Bytes32 b) {
    return new org.web3j.abi.datatypes.generated.Bytes32(b.toArrayUnsafe());
  }

  private static Bytes32 keccak(Bytes b) {
    return Bytes32.wrap(Hash.sha3(b.toArrayUnsafe()));
  }

  private static Bytes selector(String signature) {
    return Bytes.wrap(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .slice(0, 4);
  }
}
