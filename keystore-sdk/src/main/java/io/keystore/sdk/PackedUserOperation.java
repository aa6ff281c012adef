package io.keystore.sdk;

import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * An ERC-4337 v0.7 user operation as the EntryPoint takes it ({@code PackedUserOperation}): the gas
 * limits and fees packed two to a word. Immutable; {@link #withSignature} returns a copy.
 *
 * @param sender the account (its counterfactual address while {@code initCode} deploys it)
 * @param nonce the EntryPoint nonce (key ‖ sequence)
 * @param initCode factory address ‖ factory call, or empty once the account exists
 * @param callData the call the EntryPoint makes on the account
 * @param verificationGasLimit gas for the account's creation and validateUserOp
 * @param callGasLimit gas for the account's execution
 * @param preVerificationGas gas paid on top for the bundler's overhead
 * @param maxPriorityFeePerGas EIP-1559 tip
 * @param maxFeePerGas EIP-1559 fee cap
 * @param paymasterAndData empty: the account pays
 * @param signature the account's signature (docs/spec/mini-account.md §3)
 */
public record PackedUserOperation(
    String sender,
    BigInteger nonce,
    Bytes initCode,
    Bytes callData,
    BigInteger verificationGasLimit,
    BigInteger callGasLimit,
    BigInteger preVerificationGas,
    BigInteger maxPriorityFeePerGas,
    BigInteger maxFeePerGas,
    Bytes paymasterAndData,
    Bytes signature) {

  private static final BigInteger U128 = BigInteger.ONE.shiftLeft(128);

  public PackedUserOperation {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(initCode, "initCode");
    Objects.requireNonNull(callData, "callData");
    Objects.requireNonNull(paymasterAndData, "paymasterAndData");
    Objects.requireNonNull(signature, "signature");
    for (BigInteger v :
        new BigInteger[] {verificationGasLimit, callGasLimit, maxPriorityFeePerGas, maxFeePerGas}) {
      if (v.signum() < 0 || v.compareTo(U128) >= 0) {
        throw new IllegalArgumentException("gas limits and fees are 128-bit values: " + v);
      }
    }
  }

  public PackedUserOperation withSignature(Bytes newSignature) {
    return new PackedUserOperation(
        sender,
        nonce,
        initCode,
        callData,
        verificationGasLimit,
        callGasLimit,
        preVerificationGas,
        maxPriorityFeePerGas,
        maxFeePerGas,
        paymasterAndData,
        newSignature);
  }

  /** verificationGasLimit ‖ callGasLimit, 16 bytes each. */
  public Bytes32 accountGasLimits() {
    return pack(verificationGasLimit, callGasLimit);
  }

  /** maxPriorityFeePerGas ‖ maxFeePerGas, 16 bytes each. */
  public Bytes32 gasFees() {
    return pack(maxPriorityFeePerGas, maxFeePerGas);
  }

  /** The ABI tuple (address,uint256,bytes,bytes,bytes32,uint256,bytes32,bytes,bytes). */
  public Struct toStruct() {
    return new Struct(this);
  }

  private static Bytes32 pack(BigInteger high, BigInteger low) {
    return Bytes32.wrap(org.web3j.utils.Numeric.toBytesPadded(high.shiftLeft(128).or(low), 32));
  }

  /** The struct as web3j encodes it. */
  public static final class Struct extends DynamicStruct {
    Struct(PackedUserOperation op) {
      super(
          new Address(op.sender()),
          new Uint256(op.nonce()),
          new DynamicBytes(op.initCode().toArrayUnsafe()),
          new DynamicBytes(op.callData().toArrayUnsafe()),
          new org.web3j.abi.datatypes.generated.Bytes32(op.accountGasLimits().toArrayUnsafe()),
          new Uint256(op.preVerificationGas()),
          new org.web3j.abi.datatypes.generated.Bytes32(op.gasFees().toArrayUnsafe()),
          new DynamicBytes(op.paymasterAndData().toArrayUnsafe()),
          new DynamicBytes(op.signature().toArrayUnsafe()));
    }
  }
}
