// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreProofs} from "./KeystoreProofs.sol";
import {SpendingRules} from "./SpendingRules.sol";

/// @title The stateless Poseidon2 side of the mini-account, deployed once per chain
/// @notice Keystore proofs (KeystoreProofs) and spending-rule lists (SpendingRules) behind
///         external calls, so that accounts stay far below the contract size limit and all
///         share one copy of the Poseidon2 code. Deploy it through the CREATE2 deployer so
///         that it, and the accounts that name it, have the same address on every chain.
contract KeystoreProofVerifier {
    /// @notice See KeystoreProofs.verify: the owner key hashed under `ownerScheme` (1 secp256k1,
    ///         2 P-256, 3 WebAuthn), the scheme the account's signature says it was made with.
    ///         One entry point for all schemes: the contract is a few bytes under the size limit.
    function verify(
        uint256 keystoreAddress,
        uint256 ownerScheme,
        uint8 height,
        uint256 frontierNode,
        bytes calldata proof
    )
        external
        pure
        returns (uint256 ownerX, uint256 ownerY, uint256 spendingRulesHash, uint256 executableAfter, uint256 used)
    {
        return KeystoreProofs.verify(keystoreAddress, ownerScheme, height, frontierNode, proof);
    }

    /// @notice Decodes a rule list (state.md §8.3) and returns it with its hash (§8.2).
    function decodeRules(bytes calldata encoding)
        external
        pure
        returns (SpendingRules.Rule[] memory rules, uint256 rulesHash)
    {
        rules = SpendingRules.decode(encoding);
        rulesHash = SpendingRules.hash(rules);
    }
}
