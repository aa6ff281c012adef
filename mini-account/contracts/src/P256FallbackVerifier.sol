// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {P256 as OzP256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";

/// @title  P256FallbackVerifier
/// @notice A P-256 verifier in Solidity for chains without the precompile at 0x100, with the calling
///         convention solady's `P256` expects of its fallback `P256.VERIFIER`: 160 bytes
///         hash ‖ r ‖ s ‖ x ‖ y in, `uint256(1)` or `uint256(0)` out, never a revert. The arithmetic is
///         OpenZeppelin's audited `P256.verifySolidity` (which also refuses high s and keys off the
///         curve); nothing is hand-written here. Install it at `P256.VERIFIER` (a devnet's setCode, or
///         the deterministic deployment solady documents) where the precompile is missing.
contract P256FallbackVerifier {
    fallback(bytes calldata input) external returns (bytes memory) {
        if (input.length != 160) return abi.encode(uint256(0));
        (bytes32 h, bytes32 r, bytes32 s, bytes32 x, bytes32 y) =
            abi.decode(input, (bytes32, bytes32, bytes32, bytes32, bytes32));
        return abi.encode(OzP256.verifySolidity(h, r, s, x, y) ? uint256(1) : uint256(0));
    }
}
