// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Poseidon2} from "./Poseidon2.sol";
import {KeystoreTreeHashing} from "./KeystoreTreeHashing.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";

/// @title Keystore proofs against a verified frontier (docs/spec/mini-account.md §2)
/// @notice Opens an account's configuration from a membership proof, or from a
///         non-membership proof plus its initial configuration (docs/spec/state.md §4.5,
///         §5), and returns the owner key, the spending-rules hash and the pending recovery's
///         executableAfter (non-zero: a recovery at its threshold, the account is frozen).
///         The owner key is hashed under the key scheme the caller names (1 secp256k1, 2 P-256,
///         3 WebAuthn: keyHashOfScheme, passkeys.md §2): the proof holds only the key's
///         coordinates, and a leaf whose owner has another scheme does not verify.
/// @dev    The tree (depth 32) is filled left to right, so the root oracle keeps, for each
///         root, a verified node F_k covering leaves [0, 2^k). A proof carries k siblings;
///         the leaf is hashed up k levels and compared with F_k. Every hashed value must be
///         a canonical field element (Poseidon2.NotAFieldElement otherwise). The key, config
///         and address hashes are the protocol's (KeystoreProtocol, protocol/src).
///
///         Encoding (packed, big-endian; "word" = 32 bytes):
///           kind (1) ‖ index (4) ‖ body ‖ siblings (k words, height 0 first)
///           kind 0, member: nextKey ‖ ownerX ‖ ownerY ‖ guardianSetHash ‖ spendingRulesHash
///                           ‖ nonce ‖ recoveryEpoch ‖ pendingRecoveryHash ‖ pendingUpdateHash
///                           (pendingRecoveryHash must be 0: no recovery pending)
///           kind 1, absent: lowKey ‖ lowNextKey ‖ lowValue ‖ salt ‖ ownerX ‖ ownerY
///                           ‖ guardianSetHash ‖ spendingRulesHash
///           kind 2, member with its pending recovery opened: nextKey ‖ ownerX ‖ ownerY
///                           ‖ guardianSetHash ‖ spendingRulesHash ‖ nonce ‖ recoveryEpoch
///                           ‖ proposedOwnerKeyHash ‖ votes ‖ executableAfter ‖ pendingUpdateHash
///                           (pendingRecoveryHash = H_6(proposedOwnerKeyHash, votes,
///                           executableAfter), votes = approvals + 16 * vetoes, state.md §4.3)
library KeystoreProofs {
    uint8 internal constant KIND_MEMBER = 0;
    uint8 internal constant KIND_ABSENT = 1;
    uint8 internal constant KIND_MEMBER_RECOVERY = 2;

    /// @dev kind (1) + index (4).
    uint256 internal constant HEADER = 5;
    uint256 internal constant MEMBER_BODY = 9 * 32;
    uint256 internal constant ABSENT_BODY = 8 * 32;
    uint256 internal constant MEMBER_RECOVERY_BODY = 11 * 32;

    /// @dev keyHashOfScheme(scheme, x, y) = H_4(scheme, x_hi, x_lo, y_hi, y_lo) starts with
    ///      Poseidon2.compress(DOMAIN_KEY, scheme), a constant for each scheme. The compiler
    ///      folds it while the scheme is a constant (KeystoreProtocol.keyHash), not once the
    ///      scheme is a variable: it would then spend a fifth compression (~5k gas) on every
    ///      proof and another inlined copy of Poseidon2 (the verifier is at the size limit).
    ///      So the three are written here; the tests check them against keyHashOfScheme.
    uint256 internal constant KEY_HASH_START_SECP256K1 =
        0x23691ec4dfb763d3b2f678a91ee919f15fcf27b94d59c88b1ffebb07fd5d6303;
    uint256 internal constant KEY_HASH_START_P256 = 0x1b763ec9063b1ce9c6b63286f6f3e2875807b8366050706f65e3366eec7b48b9;
    uint256 internal constant KEY_HASH_START_WEBAUTHN =
        0x1ada4449ad9bf88745e14ca321f608f0e808acb98dc79ad226fa0403a326cafc;

    /// @notice The proof's kind byte is not 0 (member), 1 (absent) or 2 (member, recovery opened).
    error UnknownProofKind(uint8 kind);
    /// @notice The owner key scheme is not 1 (secp256k1), 2 (P-256) or 3 (WebAuthn).
    error UnknownKeyScheme(uint256 scheme);
    /// @notice The proof is shorter than its kind and the frontier height require.
    error ProofTooShort(uint256 length, uint256 required);
    /// @notice The leaf index is not below 2^height.
    error LeafIndexOutsideFrontier(uint256 index, uint8 height);
    /// @notice The path does not lead to the oracle's verified frontier node.
    error FrontierMismatch(uint256 computed, uint256 frontier);
    /// @notice The low leaf of a non-membership proof does not bracket the account.
    error NotLowLeaf(uint256 lowKey, uint256 lowNextKey, uint256 account);
    /// @notice The salt and initial configuration do not hash to the account's address.
    error InitialConfigMismatch(uint256 derived, uint256 account);
    /// @notice A kind-0 proof of a configuration with a pending recovery (pendingRecoveryHash
    ///         != 0): the recovery must be opened (kind 2), so that the account sees whether
    ///         it is frozen.
    error PendingRecoveryNotOpened();
    /// @notice A frontier height above the tree depth.
    error FrontierHeightOutOfRange(uint8 height);

    /// @notice Verifies `proof` for `account` (a keystore address) against the frontier
    ///         (height, node) of a known root, the owner key being of scheme `ownerScheme`.
    /// @return ownerX            the owner key's x coordinate (on the scheme's curve)
    /// @return ownerY            the owner key's y coordinate
    /// @return spendingRulesHash the configuration's rules hash (0 = no limits)
    /// @return executableAfter   the pending recovery's executableAfter (kind 2; 0 = no
    ///                           recovery at its threshold: the account is not frozen)
    /// @return used              the number of bytes of `proof` the proof took
    function verify(uint256 account, uint256 ownerScheme, uint8 height, uint256 frontierNode, bytes calldata proof)
        internal
        pure
        returns (uint256 ownerX, uint256 ownerY, uint256 spendingRulesHash, uint256 executableAfter, uint256 used)
    {
        if (height > KeystoreTreeHashing.TREE_DEPTH) {
            revert FrontierHeightOutOfRange(height);
        }
        if (proof.length < HEADER) revert ProofTooShort(proof.length, HEADER);
        uint8 kind = uint8(proof[0]);
        uint256 index = uint32(bytes4(proof[1:5]));
        if (index >> height != 0) revert LeafIndexOutsideFrontier(index, height);

        uint256 leaf;
        uint256 body;
        if (kind == KIND_MEMBER) {
            body = MEMBER_BODY;
            used = _requireLength(proof, HEADER + body + 32 * uint256(height));
            (leaf, ownerX, ownerY, spendingRulesHash,) = _memberLeaf(account, ownerScheme, proof, false);
        } else if (kind == KIND_ABSENT) {
            body = ABSENT_BODY;
            used = _requireLength(proof, HEADER + body + 32 * uint256(height));
            (leaf, ownerX, ownerY, spendingRulesHash) = _absentLeaf(account, ownerScheme, proof);
        } else if (kind == KIND_MEMBER_RECOVERY) {
            body = MEMBER_RECOVERY_BODY;
            used = _requireLength(proof, HEADER + body + 32 * uint256(height));
            (leaf, ownerX, ownerY, spendingRulesHash, executableAfter) = _memberLeaf(account, ownerScheme, proof, true);
        } else {
            revert UnknownProofKind(kind);
        }
        uint256 node = _fold(leaf, index, height, proof, HEADER + body);
        if (node != frontierNode) revert FrontierMismatch(node, frontierNode);
    }

    /// @dev Kinds 0 and 2 share one body layout up to recoveryEpoch; kind 2 opens the pending
    ///      recovery (3 words) where kind 0 has its hash (1 word, which must be 0).
    function _memberLeaf(uint256 account, uint256 scheme, bytes calldata proof, bool opened)
        private
        pure
        returns (uint256 leaf, uint256 x, uint256 y, uint256 rulesHash, uint256 executableAfter)
    {
        x = _word(proof, HEADER + 32);
        y = _word(proof, HEADER + 64);
        rulesHash = _word(proof, HEADER + 128);
        uint256 pendingRecoveryHash;
        uint256 pendingUpdateAt = HEADER + 256;
        if (opened) {
            executableAfter = _word(proof, HEADER + 288);
            // H_6(proposedOwnerKeyHash, votes, executableAfter) as a loop: one Poseidon2 call
            // site (the verifier stays under the contract size limit)
            pendingRecoveryHash = KeystoreProtocol.DOMAIN_PENDING_RECOVERY;
            for (uint256 at = HEADER + 224; at < HEADER + 320; at += 32) {
                pendingRecoveryHash = Poseidon2.compress(pendingRecoveryHash, _word(proof, at));
            }
            pendingUpdateAt = HEADER + 320;
        } else if (_word(proof, HEADER + 224) != 0) {
            revert PendingRecoveryNotOpened();
        }
        uint256 value = KeystoreProtocol.configHash(
            ownerKeyHash(scheme, x, y),
            _word(proof, HEADER + 96),
            rulesHash,
            _word(proof, HEADER + 160),
            _word(proof, HEADER + 192),
            pendingRecoveryHash,
            _word(proof, pendingUpdateAt)
        );
        leaf = KeystoreTreeHashing.leafHash(account, _word(proof, HEADER), value);
    }

    function _absentLeaf(uint256 account, uint256 scheme, bytes calldata proof)
        private
        pure
        returns (uint256 leaf, uint256 x, uint256 y, uint256 rulesHash)
    {
        uint256 lowKey = _word(proof, HEADER);
        uint256 lowNextKey = _word(proof, HEADER + 32);
        if (lowKey >= account || (lowNextKey != 0 && lowNextKey <= account)) {
            revert NotLowLeaf(lowKey, lowNextKey, account);
        }
        x = _word(proof, HEADER + 128);
        y = _word(proof, HEADER + 160);
        rulesHash = _word(proof, HEADER + 224);
        uint256 derived = KeystoreProtocol.initialAddress(
            _word(proof, HEADER + 96), ownerKeyHash(scheme, x, y), _word(proof, HEADER + 192), rulesHash
        );
        if (derived != account) revert InitialConfigMismatch(derived, account);
        leaf = KeystoreTreeHashing.leafHash(lowKey, lowNextKey, _word(proof, HEADER + 64));
    }

    /// @notice KeystoreProtocol.keyHashOfScheme(scheme, x, y) for the three key schemes, from the
    ///         constant first compression (KEY_HASH_START_*); reverts on another scheme.
    function ownerKeyHash(uint256 scheme, uint256 x, uint256 y) internal pure returns (uint256 h) {
        if (scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1) h = KEY_HASH_START_SECP256K1;
        else if (scheme == KeystoreProtocol.KEY_SCHEME_P256) h = KEY_HASH_START_P256;
        else if (scheme == KeystoreProtocol.KEY_SCHEME_WEBAUTHN) h = KEY_HASH_START_WEBAUTHN;
        else revert UnknownKeyScheme(scheme);
        h = Poseidon2.compress(h, x >> 128);
        h = Poseidon2.compress(h, uint128(x));
        h = Poseidon2.compress(h, y >> 128);
        h = Poseidon2.compress(h, uint128(y));
    }

    /// @dev Hashes `node` up `height` levels with the siblings at proof[offset:].
    function _fold(uint256 node, uint256 index, uint8 height, bytes calldata proof, uint256 offset)
        private
        pure
        returns (uint256)
    {
        for (uint256 h; h < height; ++h) {
            uint256 sibling = _word(proof, offset + 32 * h);
            node = (index >> h) & 1 == 0 ? Poseidon2.compress(node, sibling) : Poseidon2.compress(sibling, node);
        }
        return node;
    }

    function _requireLength(bytes calldata proof, uint256 required) private pure returns (uint256) {
        if (proof.length < required) revert ProofTooShort(proof.length, required);
        return required;
    }

    /// @dev The word at proof[offset:offset+32]; callers have checked the length.
    function _word(bytes calldata proof, uint256 offset) private pure returns (uint256 w) {
        assembly ("memory-safe") {
            w := calldataload(add(proof.offset, offset))
        }
    }
}
