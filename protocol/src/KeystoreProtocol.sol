// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Poseidon2} from "keystore-hashing/Poseidon2.sol";

/// @title KeystoreProtocol: the protocol's hashes and encodings, one home for both chains
/// @notice The domain tags (hashing.md §3), the key, guardian-set, configuration, update-request
///         and address hashes (state.md §3-§5, transactions.md §4.3), and the published-updates
///         encoding (proof.md §3), used by the L1 rollup (l1-contracts: KeystoreRollup, ForcedTx)
///         and by the L2 account (mini-account: KeystoreProofs). Imported as
///         `keystore-protocol/KeystoreProtocol.sol` (a remapping in each foundry.toml).
/// @dev    The Poseidon2 hashes use the project's one Solidity Poseidon2 (generated in
///         mini-account/contracts/src, remapped as `keystore-hashing/`). Callers check that the
///         values they hash are field elements where the protocol requires it.
library KeystoreProtocol {
    // ------------------------------------------------------------------ domain tags (hashing.md §3)

    uint256 internal constant DOMAIN_LEAF = 1;
    uint256 internal constant DOMAIN_ADDRESS = 2;
    uint256 internal constant DOMAIN_CONFIG = 3;
    uint256 internal constant DOMAIN_KEY = 4;
    uint256 internal constant DOMAIN_GUARDIANS = 5;
    uint256 internal constant DOMAIN_PENDING_RECOVERY = 6;
    uint256 internal constant DOMAIN_UPDATE_REQUEST = 8;
    uint256 internal constant DOMAIN_SPENDING_RULES = 9;

    /// @notice The key scheme of secp256k1 keys (state.md §3).
    uint8 internal constant KEY_SCHEME_SECP256K1 = 1;
    /// @notice The key schemes of P-256 keys: raw ECDSA (2) and WebAuthn passkeys (3) (passkeys.md §2).
    uint8 internal constant KEY_SCHEME_P256 = 2;
    uint8 internal constant KEY_SCHEME_WEBAUTHN = 3;
    /// @notice Guardian key slots of a guardian set (state.md §4.2).
    uint256 internal constant MAX_GUARDIANS = 4;

    // ------------------------------------------------------------------ published updates (proof.md §3)

    /// @notice Bytes of one published update: account (20) ‖ new configHash (32).
    uint256 internal constant UPDATE_BYTES = 52;

    /// @notice One published update: account (20 bytes) ‖ new configHash (32 bytes, big-endian).
    function encodeUpdate(address account, uint256 newConfigHash) internal pure returns (bytes memory) {
        return abi.encodePacked(account, newConfigHash);
    }

    // ------------------------------------------------------------------ hashes (state.md)

    /// @notice keyHash(Q) = H_4(1, x_hi, x_lo, y_hi, y_lo) (state.md §3).
    function keyHash(uint256 x, uint256 y) internal pure returns (uint256 h) {
        h = Poseidon2.compress(DOMAIN_KEY, KEY_SCHEME_SECP256K1);
        h = Poseidon2.compress(h, x >> 128);
        h = Poseidon2.compress(h, uint128(x));
        h = Poseidon2.compress(h, y >> 128);
        h = Poseidon2.compress(h, uint128(y));
    }

    /// @notice keyHash(Q) = H_4(scheme, x_hi, x_lo, y_hi, y_lo) for a key of any scheme (passkeys.md §2);
    ///         keyHash(x, y) above is this with scheme 1.
    function keyHashOfScheme(uint256 scheme, uint256 x, uint256 y) internal pure returns (uint256 h) {
        h = Poseidon2.compress(DOMAIN_KEY, scheme);
        h = Poseidon2.compress(h, x >> 128);
        h = Poseidon2.compress(h, uint128(x));
        h = Poseidon2.compress(h, y >> 128);
        h = Poseidon2.compress(h, uint128(y));
    }

    /// @notice guardianSetHash = H_5(threshold, recoveryDelay, g_0, g_1, g_2, g_3) (state.md §4.2).
    function guardianSetHash(uint256 threshold, uint256 recoveryDelay, uint256[4] memory guardianKeyHashes)
        internal
        pure
        returns (uint256 h)
    {
        h = Poseidon2.compress(DOMAIN_GUARDIANS, threshold);
        h = Poseidon2.compress(h, recoveryDelay);
        for (uint256 i; i < MAX_GUARDIANS; ++i) {
            h = Poseidon2.compress(h, guardianKeyHashes[i]);
        }
    }

    /// @notice pendingRecoveryHash = H_6(keyHash(proposedOwner), votes, executableAfter)
    ///         (state.md §4.3), votes = approvals + 16 * vetoes.
    function pendingRecoveryHashOf(uint256 proposedOwnerKeyHash, uint256 votes, uint256 executableAfter)
        internal
        pure
        returns (uint256)
    {
        return Poseidon2.compress(
            Poseidon2.compress(Poseidon2.compress(DOMAIN_PENDING_RECOVERY, proposedOwnerKeyHash), votes),
            executableAfter
        );
    }

    /// @notice configHash = H_3(ownerKeyHash, guardianSetHash, spendingRulesHash, nonce,
    ///         recoveryEpoch, pendingRecoveryHash, pendingUpdateHash) (state.md §4.5).
    function configHash(
        uint256 ownerKeyHash,
        uint256 guardianSetHash_,
        uint256 spendingRulesHash,
        uint256 nonce,
        uint256 recoveryEpoch,
        uint256 pendingRecoveryHash,
        uint256 pendingUpdateHash
    ) internal pure returns (uint256 h) {
        h = Poseidon2.compress(DOMAIN_CONFIG, ownerKeyHash);
        h = Poseidon2.compress(h, guardianSetHash_);
        h = Poseidon2.compress(h, spendingRulesHash);
        h = Poseidon2.compress(h, nonce);
        h = Poseidon2.compress(h, recoveryEpoch);
        h = Poseidon2.compress(h, pendingRecoveryHash);
        h = Poseidon2.compress(h, pendingUpdateHash);
    }

    /// @notice configHash of an initial configuration (state.md §4.5, §5): nonce, recovery epoch
    ///         and both pending entries 0.
    function initialConfigHash(uint256 ownerKeyHash, uint256 guardianSetHash_, uint256 spendingRulesHash)
        internal
        pure
        returns (uint256)
    {
        return configHash(ownerKeyHash, guardianSetHash_, spendingRulesHash, 0, 0, 0, 0);
    }

    /// @notice newConfigCommitment = H_8(ownerKeyHash, guardianSetHash, spendingRulesHash)
    ///         (transactions.md §4.3).
    function settingsCommitment(uint256 ownerKeyHash, uint256 guardianSetHash_, uint256 spendingRulesHash)
        internal
        pure
        returns (uint256)
    {
        return Poseidon2.compress(
            Poseidon2.compress(Poseidon2.compress(DOMAIN_UPDATE_REQUEST, ownerKeyHash), guardianSetHash_),
            spendingRulesHash
        );
    }

    /// @notice H_2(salt, initialConfigHash) (state.md §5): the address is its low 160 bits.
    function addressHash(uint256 salt, uint256 initialConfigHash_) internal pure returns (uint256) {
        return Poseidon2.compress(Poseidon2.compress(DOMAIN_ADDRESS, salt), initialConfigHash_);
    }

    /// @notice The keystore address of (salt, initial settings): H_2(salt, initialConfigHash)
    ///         mod 2^160 (state.md §5).
    function initialAddress(uint256 salt, uint256 ownerKeyHash, uint256 guardianSetHash_, uint256 spendingRulesHash)
        internal
        pure
        returns (uint256)
    {
        return uint160(addressHash(salt, initialConfigHash(ownerKeyHash, guardianSetHash_, spendingRulesHash)));
    }
}
