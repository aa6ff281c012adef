// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Poseidon2} from "keystore-hashing/Poseidon2.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {ECDSA} from "solady/utils/ECDSA.sol";

/// @title ForcedTx: the L1 side of a forced keystore transaction (docs/spec/proof.md §7.1, §7.2)
/// @notice Decodes a transaction in its binary encoding (transactions.md §5), checks everything
///         that does not depend on the keystore state (the encoding, valid settings, a creation
///         that hashes to the account, the signature by `signerKey` over the EIP-712 digest of
///         the transaction's own nonce or epoch) and returns the transaction's forceId, which the
///         batch circuit recomputes from the slot it proves.
/// @dev    The Poseidon2 hashes (H_n of hashing.md §3) are the protocol's (KeystoreProtocol,
///         protocol/src, remapped as `keystore-protocol/`), over the one Solidity Poseidon2 of
///         the project. Every rejection is a custom error; offsets in errors are byte offsets
///         into the encoding.
library ForcedTx {
    // ------------------------------------------------------------------ constants

    /// @notice The BN254 scalar field (hashing.md §1): field elements are below it.
    uint256 internal constant FIELD_MODULUS = Poseidon2.P;
    /// @notice secp256k1's base field and group order (state.md §3, transactions.md §4.4).
    uint256 internal constant SECP256K1_P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f;
    uint256 internal constant SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    uint256 internal constant SECP256K1_HALF_N = SECP256K1_N / 2; // (n - 1) / 2: n is odd

    /// @notice The offset that errors about a key give for the signer key (not in the encoding).
    uint256 internal constant SIGNER_KEY = type(uint256).max;

    uint8 internal constant VERSION = 1;
    uint8 internal constant UPDATE_CONFIG = 1;
    uint8 internal constant APPROVE_RECOVERY = 2;
    uint8 internal constant CANCEL_RECOVERY = 3;
    uint8 internal constant FINALISE_RECOVERY = 4;
    uint8 internal constant KEY_SCHEME_SECP256K1 = KeystoreProtocol.KEY_SCHEME_SECP256K1;

    uint256 internal constant MAX_GUARDIANS = KeystoreProtocol.MAX_GUARDIANS;
    uint256 internal constant MIN_RECOVERY_DELAY = 3600;
    uint256 internal constant MAX_RECOVERY_DELAY = 2592000;

    // block sizes (transactions.md §5)
    uint256 internal constant KEY_BYTES = 65;
    uint256 internal constant SETTINGS_BYTES = 366;
    uint256 internal constant CREATION_BYTES = 399; // flag ‖ salt ‖ settings
    uint256 internal constant SIGNATURE_BYTES = 65;

    // lengths and offsets of the four types
    uint256 internal constant UPDATE_CONFIG_LENGTH = 462; // 860 with creation
    uint256 internal constant UPDATE_CONFIG_CREATION_FLAG = 396;
    uint256 internal constant APPROVE_RECOVERY_LENGTH = 162; // 560 with creation
    uint256 internal constant APPROVE_RECOVERY_CREATION_FLAG = 96;
    uint256 internal constant CANCEL_RECOVERY_LENGTH = 95;
    uint256 internal constant FINALISE_RECOVERY_LENGTH = 22;

    bytes32 internal constant UPDATE_CONFIG_TYPEHASH =
        keccak256("UpdateConfig(address account,uint256 nonce,bytes32 newConfigCommitment)");
    bytes32 internal constant APPROVE_RECOVERY_TYPEHASH =
        keccak256("ApproveRecovery(address account,bytes32 newOwnerKeyHash,uint256 recoveryEpoch)");
    bytes32 internal constant CANCEL_RECOVERY_TYPEHASH = keccak256("CancelRecovery(address account,uint256 nonce)");

    // ------------------------------------------------------------------ errors

    /// @notice The account is the zero address, the tree key of the sentinel leaf: no account.
    error ZeroAccount();
    /// @notice Byte 0 is not the version 0x01.
    error UnsupportedVersion(uint8 version);
    /// @notice Byte 1 is not a transaction type (1 to 4).
    error UnknownTxType(uint8 txType);
    /// @notice The encoding is truncated or has trailing bytes (`txType` 0: not even a header).
    error BadTxLength(uint8 txType, uint256 length);
    /// @notice A field element (spendingRulesHash, salt) is not below the BN254 scalar field.
    error NotAFieldElement(uint256 offset);
    /// @notice A key's scheme byte is not 1 (secp256k1), or 0 in a guardian slot.
    error UnknownKeyScheme(uint256 offset, uint8 scheme);
    /// @notice A key coordinate is not below secp256k1's p (offset SIGNER_KEY: the signer key).
    error KeyCoordinateOutOfRange(uint256 offset);
    /// @notice A key is not a point of secp256k1 (offset SIGNER_KEY: the signer key).
    error KeyNotOnCurve(uint256 offset);
    /// @notice An empty guardian slot (scheme 0) holds a non-zero byte.
    error NonZeroEmptyKeySlot(uint256 offset);
    /// @notice A guardian key follows an empty guardian slot.
    error KeyAfterEmptySlot(uint256 offset);
    /// @notice The creation flag is neither 0 nor 1.
    error BadCreationFlag(uint8 flag);
    /// @notice ApproveRecovery's guardianIndex is above 3.
    error BadGuardianIndex(uint8 guardianIndex);
    /// @notice The signature is malformed: r or s out of range, s high, or v not 27 or 28.
    error MalformedSignature();
    /// @notice Settings with a threshold outside 0 (no guardians) or 1..guardians.
    error InvalidThreshold(uint8 threshold, uint256 guardians);
    /// @notice Settings with a recovery delay outside 3600..2592000 seconds.
    error InvalidRecoveryDelay(uint64 recoveryDelay);
    /// @notice Settings with the same guardian key twice.
    error DuplicateGuardian(uint256 first, uint256 second);
    /// @notice The creation does not hash to the account: low160(H_2(salt, initialConfigHash)).
    error AddressMismatch(address account, address derived);
    /// @notice A signed transaction's signer key is not 64 bytes x ‖ y.
    error BadSignerKeyLength(uint256 length);
    /// @notice FinaliseRecovery is unsigned: its signer key must be empty.
    error UnexpectedSignerKey();
    /// @notice The signature does not recover to the signer key's address.
    error WrongSigner(address recovered, address expected);

    // ------------------------------------------------------------------ decoded form

    /// @notice What the forceId and the signature check need from a decoded transaction.
    struct Decoded {
        uint8 txType;
        uint8 guardianIndex; // ApproveRecovery only
        uint64 counter; // the nonce (types 1, 3) or recovery epoch (type 2); 0 for type 4
        address account;
        uint256 payload; // newConfigCommitment (type 1) | keyHash(newOwner) (type 2) | 0
        uint256 creationCommitment; // H_2(salt, initialConfigHash) with a creation, else 0
        bytes32 digest; // the EIP-712 digest (types 1-3)
        uint256 signatureOffset; // types 1-3
    }

    // ------------------------------------------------------------------ entry points

    /// @notice Validates a forced transaction (proof.md §7.1) and returns its forceId (§7.2).
    /// @param encoded the transaction's binary encoding (transactions.md §5)
    /// @param signerKey x ‖ y (64 bytes) of the key that signed it; empty for FinaliseRecovery
    /// @param domainSeparator the rollup's EIP-712 domain separator
    function validate(bytes calldata encoded, bytes calldata signerKey, bytes32 domainSeparator)
        internal
        view
        returns (bytes32)
    {
        Decoded memory d = decode(encoded, domainSeparator);
        uint256 signerKeyHash;
        if (d.txType == FINALISE_RECOVERY) {
            if (signerKey.length != 0) revert UnexpectedSignerKey();
        } else {
            signerKeyHash = checkSigner(encoded, d.signatureOffset, d.digest, signerKey);
        }
        return forceId(d, signerKeyHash);
    }

    /// @notice forceId = keccak256(w1 ‖ w2 ‖ w3 ‖ w4) (proof.md §7.2): w1 = 0x0000 ‖ type ‖
    ///         guardianIndex ‖ counter (u64) ‖ account, w2 the signed payload, w3 the signer's
    ///         keyHash (0 for FinaliseRecovery), w4 the creation commitment (0 without).
    function forceId(Decoded memory d, uint256 signerKeyHash) internal pure returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                uint16(0),
                d.txType,
                d.guardianIndex,
                d.counter,
                d.account,
                d.payload,
                signerKeyHash,
                d.creationCommitment
            )
        );
    }

    /// @notice Decodes and checks an encoding (every state-independent rule except the
    ///         signer), computing the signed payload, the creation commitment and the digest.
    function decode(bytes calldata t, bytes32 domainSeparator) internal pure returns (Decoded memory d) {
        if (t.length == 0) revert BadTxLength(0, 0);
        if (uint8(t[0]) != VERSION) revert UnsupportedVersion(uint8(t[0]));
        if (t.length < 2) revert BadTxLength(0, t.length);
        d.txType = uint8(t[1]);
        bytes32 structHash;
        if (d.txType == UPDATE_CONFIG) {
            _decodeUpdateConfig(t, d);
            structHash = keccak256(abi.encode(UPDATE_CONFIG_TYPEHASH, d.account, uint256(d.counter), d.payload));
        } else if (d.txType == APPROVE_RECOVERY) {
            _decodeApproveRecovery(t, d);
            structHash = keccak256(abi.encode(APPROVE_RECOVERY_TYPEHASH, d.account, d.payload, uint256(d.counter)));
        } else if (d.txType == CANCEL_RECOVERY) {
            _checkLength(t, CANCEL_RECOVERY_LENGTH, d.txType);
            d.account = _account(t);
            d.counter = _u64(t, 22);
            d.signatureOffset = 30;
            _checkSignatureForm(t, 30);
            structHash = keccak256(abi.encode(CANCEL_RECOVERY_TYPEHASH, d.account, uint256(d.counter)));
        } else if (d.txType == FINALISE_RECOVERY) {
            _checkLength(t, FINALISE_RECOVERY_LENGTH, d.txType);
            d.account = _account(t);
            return d;
        } else {
            revert UnknownTxType(d.txType);
        }
        d.digest = keccak256(abi.encodePacked(hex"1901", domainSeparator, structHash));
    }

    /// @notice Checks that the signature at `signatureOffset` recovers, for `digest`, to the
    ///         Ethereum address of `signerKey` (a secp256k1 point), and returns keyHash(signerKey).
    function checkSigner(bytes calldata t, uint256 signatureOffset, bytes32 digest, bytes calldata signerKey)
        internal
        view
        returns (uint256 signerKeyHash)
    {
        if (signerKey.length != 64) revert BadSignerKeyLength(signerKey.length);
        uint256 x = uint256(bytes32(signerKey[0:32]));
        uint256 y = uint256(bytes32(signerKey[32:64]));
        _checkPoint(x, y, SIGNER_KEY);
        address expected = address(uint160(uint256(keccak256(signerKey))));
        // r, s and v are in range (_checkSignatureForm, when decoding)
        address recovered = ECDSA.tryRecover(
            digest, uint8(t[signatureOffset + 64]), _word(t, signatureOffset), _word(t, signatureOffset + 32)
        );
        if (recovered != expected) revert WrongSigner(recovered, expected);
        return KeystoreProtocol.keyHash(x, y);
    }

    // ------------------------------------------------------------------ the types

    function _decodeUpdateConfig(bytes calldata t, Decoded memory d) private pure {
        bool creation = _creationFlag(t, UPDATE_CONFIG_CREATION_FLAG, UPDATE_CONFIG_LENGTH, d.txType);
        d.account = _account(t);
        d.counter = _u64(t, 22);
        d.payload = _settings(t, 30);
        uint256 signatureOffset = UPDATE_CONFIG_CREATION_FLAG + 1;
        if (creation) {
            d.creationCommitment = _creation(t, UPDATE_CONFIG_CREATION_FLAG + 1, d.account);
            signatureOffset += CREATION_BYTES - 1;
        }
        d.signatureOffset = signatureOffset;
        _checkSignatureForm(t, signatureOffset);
    }

    function _decodeApproveRecovery(bytes calldata t, Decoded memory d) private pure {
        bool creation = _creationFlag(t, APPROVE_RECOVERY_CREATION_FLAG, APPROVE_RECOVERY_LENGTH, d.txType);
        d.account = _account(t);
        d.guardianIndex = uint8(t[22]);
        if (d.guardianIndex >= MAX_GUARDIANS) revert BadGuardianIndex(d.guardianIndex);
        (uint256 x, uint256 y) = _key(t, 23);
        d.payload = KeystoreProtocol.keyHash(x, y);
        d.counter = _u64(t, 88);
        uint256 signatureOffset = APPROVE_RECOVERY_CREATION_FLAG + 1;
        if (creation) {
            d.creationCommitment = _creation(t, APPROVE_RECOVERY_CREATION_FLAG + 1, d.account);
            signatureOffset += CREATION_BYTES - 1;
        }
        d.signatureOffset = signatureOffset;
        _checkSignatureForm(t, signatureOffset);
    }

    // ------------------------------------------------------------------ blocks

    /// @dev Reads the creation flag at `flagOffset` (0 or 1) and checks the length it implies.
    function _creationFlag(bytes calldata t, uint256 flagOffset, uint256 lengthWithout, uint8 txType)
        private
        pure
        returns (bool creation)
    {
        if (t.length <= flagOffset) revert BadTxLength(txType, t.length);
        uint8 flag = uint8(t[flagOffset]);
        if (flag > 1) revert BadCreationFlag(flag);
        creation = flag == 1;
        _checkLength(t, creation ? lengthWithout + CREATION_BYTES - 1 : lengthWithout, txType);
    }

    function _checkLength(bytes calldata t, uint256 length, uint8 txType) private pure {
        if (t.length != length) revert BadTxLength(txType, t.length);
    }

    /// @dev A creation's salt and initial settings (after the flag at offset - 1): checks the
    ///      settings and that they hash to the account; returns H_2(salt, initialConfigHash).
    function _creation(bytes calldata t, uint256 offset, address account) private pure returns (uint256 commitment) {
        uint256 salt = _field(t, offset);
        (uint256 ownerKeyHash, uint256 guardianSetHash_, uint256 spendingRulesHash) = _settingsHashes(t, offset + 32);
        commitment = KeystoreProtocol.addressHash(
            salt, KeystoreProtocol.initialConfigHash(ownerKeyHash, guardianSetHash_, spendingRulesHash)
        );
        address derived = address(uint160(commitment));
        if (derived != account) revert AddressMismatch(account, derived);
    }

    /// @dev Settings at `offset` (owner key ‖ guardian set ‖ spendingRulesHash): checked, and
    ///      their commitment H_8 returned.
    function _settings(bytes calldata t, uint256 offset) private pure returns (uint256) {
        (uint256 ownerKeyHash, uint256 guardianSetHash_, uint256 spendingRulesHash) = _settingsHashes(t, offset);
        return KeystoreProtocol.settingsCommitment(ownerKeyHash, guardianSetHash_, spendingRulesHash);
    }

    /// @dev Decodes settings at `offset` and checks their validity (transactions.md §6.6);
    ///      returns keyHash(owner), guardianSetHash and spendingRulesHash.
    function _settingsHashes(bytes calldata t, uint256 offset)
        private
        pure
        returns (uint256 ownerKeyHash, uint256 guardianSetHash_, uint256 spendingRulesHash)
    {
        (uint256 ox, uint256 oy) = _key(t, offset);
        ownerKeyHash = KeystoreProtocol.keyHash(ox, oy);
        uint256 slots = offset + KEY_BYTES + 9;
        (uint256[4] memory guardians, uint256 count) = _guardians(t, slots);
        spendingRulesHash = _field(t, slots + MAX_GUARDIANS * KEY_BYTES);
        uint8 threshold = uint8(t[offset + KEY_BYTES]);
        uint64 recoveryDelay = _u64(t, offset + KEY_BYTES + 1);
        _checkGuardianSet(threshold, recoveryDelay, guardians, count);
        guardianSetHash_ = KeystoreProtocol.guardianSetHash(threshold, recoveryDelay, guardians);
    }

    /// @dev The four guardian key slots at `offset`: their keyHashes (0 for an empty slot) and
    ///      the number of guardians; empty slots all zero and only after the guardians.
    function _guardians(bytes calldata t, uint256 offset)
        private
        pure
        returns (uint256[4] memory guardians, uint256 count)
    {
        for (uint256 i; i < MAX_GUARDIANS; ++i) {
            uint256 at = offset + i * KEY_BYTES;
            if (uint8(t[at]) == 0) {
                if (_word(t, at) | _word(t, at + 32) | _word(t, at + 33) != 0) revert NonZeroEmptyKeySlot(at);
            } else {
                if (count != i) revert KeyAfterEmptySlot(at);
                (uint256 x, uint256 y) = _key(t, at);
                guardians[i] = KeystoreProtocol.keyHash(x, y);
                count = i + 1;
            }
        }
    }

    /// @dev Threshold, delay and distinct guardians (transactions.md §6.6).
    function _checkGuardianSet(uint8 threshold, uint64 recoveryDelay, uint256[4] memory guardians, uint256 count)
        private
        pure
    {
        if (count == 0 ? threshold != 0 : threshold == 0 || threshold > count) {
            revert InvalidThreshold(threshold, count);
        }
        if (recoveryDelay < MIN_RECOVERY_DELAY || recoveryDelay > MAX_RECOVERY_DELAY) {
            revert InvalidRecoveryDelay(recoveryDelay);
        }
        for (uint256 i; i < count; ++i) {
            for (uint256 j = i + 1; j < count; ++j) {
                if (guardians[i] == guardians[j]) revert DuplicateGuardian(i, j);
            }
        }
    }

    /// @dev A key (scheme 1 ‖ x ‖ y) at `offset`, checked.
    function _key(bytes calldata t, uint256 offset) private pure returns (uint256 x, uint256 y) {
        uint8 scheme = uint8(t[offset]);
        if (scheme != KEY_SCHEME_SECP256K1) revert UnknownKeyScheme(offset, scheme);
        x = uint256(_word(t, offset + 1));
        y = uint256(_word(t, offset + 33));
        _checkPoint(x, y, offset);
    }

    /// @dev (x, y) is an affine point of secp256k1 with coordinates below p.
    function _checkPoint(uint256 x, uint256 y, uint256 offset) private pure {
        if (x >= SECP256K1_P || y >= SECP256K1_P) revert KeyCoordinateOutOfRange(offset);
        uint256 p = SECP256K1_P;
        if (mulmod(y, y, p) != addmod(mulmod(mulmod(x, x, p), x, p), 7, p)) revert KeyNotOnCurve(offset);
    }

    /// @dev r ‖ s ‖ v at `offset`: 1 <= r < n, 1 <= s <= (n - 1) / 2, v in {27, 28}.
    function _checkSignatureForm(bytes calldata t, uint256 offset) private pure {
        uint256 r = uint256(_word(t, offset));
        uint256 s = uint256(_word(t, offset + 32));
        uint8 v = uint8(t[offset + 64]);
        if (r == 0 || r >= SECP256K1_N || s == 0 || s > SECP256K1_HALF_N || (v != 27 && v != 28)) {
            revert MalformedSignature();
        }
    }

    function _field(bytes calldata t, uint256 offset) private pure returns (uint256 value) {
        value = uint256(_word(t, offset));
        if (value >= FIELD_MODULUS) revert NotAFieldElement(offset);
    }

    function _word(bytes calldata t, uint256 offset) private pure returns (bytes32 w) {
        assembly ("memory-safe") {
            w := calldataload(add(t.offset, offset))
        }
    }

    /// @dev The account (bytes 2..21 of every type), read once the length is checked.
    function _account(bytes calldata t) private pure returns (address account) {
        account = address(bytes20(_word(t, 2)));
        if (account == address(0)) revert ZeroAccount();
    }

    function _u64(bytes calldata t, uint256 offset) private pure returns (uint64) {
        return uint64(bytes8(_word(t, offset)));
    }
}
