// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "solady/utils/ECDSA.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {IKeystoreRootOracle} from "./interfaces/IKeystoreRootOracle.sol";
import {KeystoreProofVerifier} from "./KeystoreProofVerifier.sol";
import {PasskeyVerifier} from "./PasskeyVerifier.sol";
import {SpendingRules} from "./SpendingRules.sol";

/// @title The core shared by KeystoreAccount and KeystoreValidator (docs/spec/mini-account.md)
/// @notice Verifies a keystore proof against a root known to the oracle, caches the proven
///         owner key per (account, keystore address, root), checks the owner's signature with
///         that key (secp256k1, P-256 or WebAuthn: the key schemes 1, 2 and 3 of
///         docs/spec/passkeys.md), honours the root freshness window and the grace period of a
///         superseded root, refuses the owner key while a recovery at its threshold is pending
///         (the account is frozen), and enforces the spending rules of the configuration that
///         last authorised an operation.
/// @dev    State is kept per smart account (`account`), with the account address as the
///         innermost mapping key, so that a validator module only touches storage
///         associated with the account (ERC-7562).
///
///         Signature (mini-account.md §3):
///           type (1) ‖ root (32) ‖ ownerSignature ‖ (mode 0: key | modes 1, 2: proof [‖ rules])
///           type = 16 * (scheme - 1) + mode: 0x00-0x02 secp256k1, 0x10-0x12 P-256, 0x20-0x22 WebAuthn
///           mode 0 = cached key; mode 1 = with a KeystoreProofs proof; mode 2 = with a proof,
///           and cache the proven key for later mode-0 signatures. After a proof, optionally
///           the spending rules in their binary form (state.md §8.3).
///           ownerSignature: secp256k1 r ‖ s ‖ v (65); P-256 r ‖ s (64); WebAuthn the wire
///           body of passkeys.md §4.1, a (u16) ‖ authenticatorData ‖ c (u16) ‖ clientDataJSON
///           ‖ r ‖ s (68 + a + c).
///           key (mode 0): nothing for secp256k1 (ecrecover names it), x ‖ y (64) for P-256
///           and WebAuthn; the signature ends there. With a proof, the proof opens the key.
abstract contract KeystoreAuth {
    uint8 internal constant MODE_CACHED = 0;
    uint8 internal constant MODE_PROOF = 1;
    uint8 internal constant MODE_PROOF_AND_CACHE = 2;
    /// @dev type (1) ‖ root (32): the owner's signature starts here.
    uint256 internal constant OWNER_SIGNATURE_AT = 33;
    /// @dev Where a secp256k1 signature (r ‖ s ‖ v) ends: a cached one is exactly this long.
    uint256 internal constant SECP256K1_SIGNATURE_END = 98;
    /// @dev Where a P-256 signature (r ‖ s) ends.
    uint256 internal constant P256_SIGNATURE_END = 97;
    /// @dev a (2) ‖ c (2) ‖ r (32) ‖ s (32): a WebAuthn body's bytes besides its two parts.
    uint256 internal constant WEBAUTHN_FIXED_BYTES = 68;
    /// @dev x ‖ y of a P-256 key, after the signature of a cached-mode passkey signature.
    uint256 internal constant PASSKEY_KEY_BYTES = 64;
    uint256 internal constant SIG_VALIDATION_FAILED = 1;
    /// @dev secp256k1 n / 2: signatures with a larger s are refused (EIP-2).
    uint256 internal constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    uint256 internal constant MAX_UINT48 = type(uint48).max;

    bytes4 internal constant ERC1271_MAGIC = 0x1626ba7e;
    bytes4 internal constant ERC1271_INVALID = 0xffffffff;
    bytes4 internal constant SELECTOR_TRANSFER = 0xa9059cbb; // transfer(address,uint256)
    bytes4 internal constant SELECTOR_APPROVE = 0x095ea7b3; // approve(address,uint256)

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant MESSAGE_TYPEHASH = keccak256("KeystoreMessage(bytes32 hash)");
    bytes32 internal constant NAME_HASH = keccak256("KeystoreAccount");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    struct Limit {
        uint64 period;
        uint256 limit;
    }

    struct Spent {
        uint64 windowEnd;
        uint256 amount;
    }

    /// @notice Where keystore roots come from.
    IKeystoreRootOracle public immutable ORACLE;
    /// @notice The shared, stateless proof and rule-list verifier.
    KeystoreProofVerifier public immutable VERIFIER;
    /// @notice Seconds after the L1 time of its root during which a key may be used.
    uint64 public immutable MAX_ROOT_AGE;
    /// @notice Seconds after its root was superseded (oracle's supersededAt, L2 time) during
    ///         which a key proven or cached for that root may still be used.
    uint64 public immutable ROOT_GRACE;

    /// @dev root => keystore address => account => keyId (160) | l1Time (48) | rulesId (48).
    ///      keyId names the owner key (_keyId: a secp256k1 key's address, a passkey's keccak of
    ///      scheme ‖ x ‖ y). l1Time is the root's L1 time when cached (for cachedKey); the
    ///      cached mode reads the root's current rootStatus from the oracle for validUntil.
    mapping(bytes32 => mapping(uint256 => mapping(address => uint256))) private _keyCache;
    /// @dev rules hash => account => id (1, 2, ...) of the stored rule list; 0 = not stored.
    mapping(uint256 => mapping(address => uint256)) private _rulesIds;
    /// @dev account => number of rule lists stored.
    mapping(address => uint256) private _ruleListCount;
    /// @dev rules id => token => account => limit (period 0 = token not limited).
    mapping(uint256 => mapping(address => mapping(address => Limit))) private _limits;
    /// @dev account => rules id applied to its executions (0 = no limits).
    mapping(address => uint256) private _activeRules;
    /// @dev token => account => what left the account in the current window.
    mapping(address => mapping(address => Spent)) private _spent;

    /// @notice A proven owner key was cached for (account, keystore address, root); keyId is
    ///         its name in the cache (a secp256k1 key's address, or keccak256(scheme ‖ x ‖ y)
    ///         truncated to 160 bits for a P-256 or WebAuthn key).
    event KeyCached(address indexed account, uint256 indexed keystoreAddress, bytes32 indexed root, address keyId);
    /// @notice A rule list was checked against its hash and stored for the account.
    event SpendingRulesStored(address indexed account, uint256 indexed rulesHash, uint256 rulesId);
    /// @notice The rule list enforced on the account's executions changed (0 = no limits).
    event ActiveSpendingRulesChanged(address indexed account, uint256 rulesId);
    /// @notice An amount of a limited token (address(0) = ETH) left the account.
    event Spending(
        address indexed account, address indexed token, uint256 amount, uint256 spentInWindow, uint64 windowEnd
    );

    /// @notice maxRootAge must be positive, and the oracle, the verifier and the EntryPoint
    ///         contracts (rootGrace may be 0: a superseded root is refused at once).
    error InvalidSettings();
    /// @notice The signature is shorter than its type requires, or a WebAuthn body's lengths
    ///         run past its end.
    error SignatureTooShort(uint256 length);
    /// @notice A cached-mode signature with trailing bytes.
    error SignatureTooLong(uint256 length);
    /// @notice The type byte's mode (its low 4 bits) is not 0 (cached), 1 (proof) or 2 (proof,
    ///         then cache).
    error UnknownSignatureMode(uint8 mode);
    /// @notice The type byte's key scheme (its high 4 bits, plus 1) is not 1 (secp256k1),
    ///         2 (P-256) or 3 (WebAuthn).
    error UnknownKeyScheme(uint8 scheme);
    /// @notice Cached mode for an (account, root) with no cached key.
    error KeyNotCached(bytes32 root);
    /// @notice The oracle does not know the root.
    error UnknownRoot(bytes32 root);
    /// @notice The configuration has rules the account has not stored, and the proof did not carry them.
    error SpendingRulesRequired(uint256 rulesHash);
    /// @notice The rule list carried with the proof does not hash to the configuration's rules hash.
    error SpendingRulesMismatch(uint256 computed, uint256 expected);
    /// @notice The proven configuration has a recovery at its threshold (executableAfter != 0):
    ///         the account is frozen, its owner key signs nothing until the recovery is
    ///         finalised or cancelled.
    error RecoveryInProgress(uint64 executableAfter);
    /// @notice A limit would be exceeded in the current window.
    error SpendingLimitExceeded(address token, uint256 spentInWindow, uint256 limit);
    /// @notice A call to a limited token other than transfer/approve.
    error UnsupportedTokenCall(address token, bytes4 selector);

    constructor(IKeystoreRootOracle oracle, KeystoreProofVerifier verifier, uint64 maxRootAge, uint64 rootGrace) {
        if (maxRootAge == 0 || address(oracle).code.length == 0 || address(verifier).code.length == 0) {
            revert InvalidSettings();
        }
        ORACLE = oracle;
        VERIFIER = verifier;
        MAX_ROOT_AGE = maxRootAge;
        ROOT_GRACE = rootGrace;
    }

    // ------------------------------------------------------------------ validation

    /// @notice ERC-4337 validation of `digest` signed for `account`, whose keystore address is
    ///         `keystore`: reverts on a malformed signature, a false proof and a frozen account
    ///         (RecoveryInProgress), returns validationData (SIG_VALIDATION_FAILED in the low
    ///         160 bits on a bad signature, or a key that is not the cached one; validUntil of
    ///         _validUntil). On success the configuration's rules become active.
    function _validateKeystoreSignature(address account, uint256 keystore, bytes32 digest, bytes calldata sig)
        internal
        returns (uint256 validationData)
    {
        (uint256 scheme, uint256 mode, bytes32 root, uint256 signatureEnd) = _header(sig);
        uint256 entry;
        uint64 l1Time;
        uint64 supersededAt;
        bool ok;
        if (mode == MODE_CACHED) {
            uint256 expected =
                scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1 ? signatureEnd : signatureEnd + PASSKEY_KEY_BYTES;
            if (sig.length != expected) {
                if (sig.length < expected) revert SignatureTooShort(sig.length);
                revert SignatureTooLong(sig.length);
            }
            entry = _keyCache[root][keystore][account];
            if (entry == 0) revert KeyNotCached(root);
            (l1Time, supersededAt) = _rootStatus(root);
            ok = scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1
                ? _recover(digest, sig) == address(uint160(entry))
                : _signedByCachedPasskey(scheme, address(uint160(entry)), digest, sig, signatureEnd);
        } else {
            uint256 x;
            uint256 y;
            uint256 rulesHash;
            uint256 executableAfter;
            uint256 used;
            bytes calldata proof = _after(sig, signatureEnd);
            (x, y, l1Time, supersededAt, rulesHash, executableAfter, used) = _proveKey(keystore, scheme, root, proof);
            if (executableAfter != 0) revert RecoveryInProgress(uint64(executableAfter));
            uint256 rulesId = _rulesIdFor(account, rulesHash, proof[used:]);
            address keyId = _keyId(scheme, x, y);
            entry = uint256(uint160(keyId)) | (uint256(l1Time) << 160) | (rulesId << 208);
            if (mode == MODE_PROOF_AND_CACHE) {
                _keyCache[root][keystore][account] = entry;
                emit KeyCached(account, keystore, root, keyId);
            }
            ok = scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1
                ? _recover(digest, sig) == keyId
                : _passkeySigned(scheme, x, y, digest, sig, signatureEnd);
        }
        if (ok) _activate(account, entry >> 208);
        return (ok ? 0 : SIG_VALIDATION_FAILED) | (_validUntil(l1Time, supersededAt) << 160);
    }

    /// @notice EIP-1271 check with the same key logic (view: nothing is cached or activated;
    ///         block.timestamp must not be past the root's validUntil, and a frozen account
    ///         signs nothing).
    function _isValidKeystoreSignature(address account, uint256 keystore, bytes32 digest, bytes calldata sig)
        internal
        view
        returns (bool)
    {
        (uint256 scheme, uint256 mode, bytes32 root, uint256 signatureEnd) = _header(sig);
        uint64 l1Time;
        uint64 supersededAt;
        if (mode == MODE_CACHED) {
            uint256 expected =
                scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1 ? signatureEnd : signatureEnd + PASSKEY_KEY_BYTES;
            if (sig.length != expected) return false;
            uint256 entry = _keyCache[root][keystore][account];
            if (entry == 0) return false;
            (l1Time, supersededAt) = _rootStatus(root);
            if (block.timestamp > _validUntil(l1Time, supersededAt)) return false;
            return scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1
                ? _recover(digest, sig) == address(uint160(entry))
                : _signedByCachedPasskey(scheme, address(uint160(entry)), digest, sig, signatureEnd);
        }
        uint256 x;
        uint256 y;
        uint256 executableAfter;
        (x, y, l1Time, supersededAt,, executableAfter,) = _proveKey(keystore, scheme, root, _after(sig, signatureEnd));
        if (executableAfter != 0) return false;
        if (block.timestamp > _validUntil(l1Time, supersededAt)) return false;
        return scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1
            ? _recover(digest, sig) == _keyId(scheme, x, y)
            : _passkeySigned(scheme, x, y, digest, sig, signatureEnd);
    }

    /// @notice Until when a key proven or cached for a root may be used:
    ///         min(l1Time + MAX_ROOT_AGE, supersededAt + ROOT_GRACE when superseded, 2^48 - 1).
    function _validUntil(uint64 l1Time, uint64 supersededAt) internal view returns (uint256 validUntil) {
        validUntil = uint256(l1Time) + MAX_ROOT_AGE;
        if (supersededAt != 0) {
            uint256 graceEnd = uint256(supersededAt) + ROOT_GRACE;
            if (graceEnd < validUntil) validUntil = graceEnd;
        }
        if (validUntil > MAX_UINT48) validUntil = MAX_UINT48;
    }

    /// @notice The EIP-712 digest an owner signs for EIP-1271: KeystoreMessage(bytes32 hash) in
    ///         the domain {name "KeystoreAccount", version "1", chainId, verifyingContract = account}.
    function _messageDigest(address account, bytes32 hash) internal view returns (bytes32) {
        bytes32 domain = keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, account));
        return keccak256(abi.encodePacked(hex"1901", domain, keccak256(abi.encode(MESSAGE_TYPEHASH, hash))));
    }

    /// @notice EIP-191 form of an ERC-4337 userOpHash (what wallets sign with personal_sign).
    function _ethSignedDigest(bytes32 userOpHash) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", userOpHash));
    }

    /// @dev Reads the type byte and the root, and finds where the owner's signature ends (for
    ///      WebAuthn from the two lengths of its body). Reverts on an unknown type and when the
    ///      signature is too short to hold the owner's signature.
    function _header(bytes calldata sig)
        private
        pure
        returns (uint256 scheme, uint256 mode, bytes32 root, uint256 signatureEnd)
    {
        if (sig.length < OWNER_SIGNATURE_AT) revert SignatureTooShort(sig.length);
        uint256 typeByte;
        assembly ("memory-safe") {
            typeByte := byte(0, calldataload(sig.offset))
            root := calldataload(add(sig.offset, 1))
        }
        unchecked {
            mode = typeByte & 0x0f;
            scheme = (typeByte >> 4) + 1;
        }
        if (mode > MODE_PROOF_AND_CACHE) revert UnknownSignatureMode(uint8(mode));
        signatureEnd = scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1
            ? SECP256K1_SIGNATURE_END
            : _passkeySignatureEnd(scheme, sig);
        if (sig.length < signatureEnd) revert SignatureTooShort(sig.length);
    }

    /// @dev Where a P-256 or WebAuthn signature ends: r ‖ s, or the WebAuthn body
    ///      a (u16) ‖ authenticatorData ‖ c (u16) ‖ clientDataJSON ‖ r ‖ s read from its two
    ///      lengths. Reverts SignatureTooShort when the lengths run past the end.
    function _passkeySignatureEnd(uint256 scheme, bytes calldata sig) private pure returns (uint256) {
        if (scheme == KeystoreProtocol.KEY_SCHEME_P256) return P256_SIGNATURE_END;
        if (scheme != KeystoreProtocol.KEY_SCHEME_WEBAUTHN) revert UnknownKeyScheme(uint8(scheme));
        uint256 a;
        uint256 c;
        // a at byte 33, c right after authenticatorData; the length check below is what makes both
        // reads fall inside the signature (it holds at least a ‖ authenticatorData ‖ c)
        assembly ("memory-safe") {
            a := shr(240, calldataload(add(sig.offset, 33)))
        }
        if (sig.length < OWNER_SIGNATURE_AT + 4 + a) revert SignatureTooShort(sig.length);
        assembly ("memory-safe") {
            c := shr(240, calldataload(add(sig.offset, add(35, a))))
        }
        return OWNER_SIGNATURE_AT + WEBAUTHN_FIXED_BYTES + a + c;
    }

    /// @dev sig[at:] without a bounds check: `at` is signatureEnd, which _header checked.
    function _after(bytes calldata sig, uint256 at) private pure returns (bytes calldata rest) {
        assembly ("memory-safe") {
            rest.offset := add(sig.offset, at)
            rest.length := sub(sig.length, at)
        }
    }

    /// @notice The name of an owner key in the key cache. secp256k1: its Ethereum address,
    ///         keccak256(x ‖ y)[12:], which ecrecover returns, so that a cached secp256k1
    ///         signature carries no key. P-256 and WebAuthn: keccak256(scheme ‖ x ‖ y)[12:]
    ///         (65 bytes hashed), checked against the x ‖ y a cached signature carries: the
    ///         scheme is part of the name, so a key cached as WebAuthn never signs as raw
    ///         P-256 and the reverse, and the preimage lengths differ from an address's, so
    ///         no passkey name is an Ethereum address unless keccak collides.
    function _keyId(uint256 scheme, uint256 x, uint256 y) private pure returns (address id) {
        assembly ("memory-safe") {
            switch eq(scheme, 1)
            case 1 {
                mstore(0x00, x)
                mstore(0x20, y)
                id := keccak256(0x00, 0x40)
            }
            default {
                // scheme (1 byte) ‖ x ‖ y in the free memory, which stays free
                let m := mload(0x40)
                mstore8(m, scheme)
                mstore(add(m, 0x01), x)
                mstore(add(m, 0x21), y)
                id := keccak256(m, 0x41)
            }
            id := and(id, 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// @dev Whether a cached-mode P-256 or WebAuthn signature signs `digest` with the cached key
    ///      `keyId`: the key x ‖ y after the owner's signature must be the one so named (checked
    ///      first, so that a wrong key costs no verification), and the signature valid for it.
    function _signedByCachedPasskey(
        uint256 scheme,
        address keyId,
        bytes32 digest,
        bytes calldata sig,
        uint256 signatureEnd
    ) private view returns (bool) {
        uint256 x = uint256(bytes32(sig[signatureEnd:signatureEnd + 32]));
        uint256 y = uint256(bytes32(sig[signatureEnd + 32:signatureEnd + 64]));
        return _keyId(scheme, x, y) == keyId && _passkeySigned(scheme, x, y, digest, sig, signatureEnd);
    }

    /// @dev PasskeyVerifier's check of a P-256 (r ‖ s) or WebAuthn (the wire body) signature:
    ///      low-s, and for WebAuthn the rules of passkeys.md §4.2, through the P-256 precompile or
    ///      solady's fallback verifier.
    function _passkeySigned(
        uint256 scheme,
        uint256 x,
        uint256 y,
        bytes32 digest,
        bytes calldata sig,
        uint256 signatureEnd
    ) private view returns (bool) {
        if (scheme == KeystoreProtocol.KEY_SCHEME_P256) {
            return PasskeyVerifier.verifyP256(digest, bytes32(sig[33:65]), bytes32(sig[65:97]), bytes32(x), bytes32(y));
        }
        return
            PasskeyVerifier.verifyWebAuthnEncoded(digest, sig[OWNER_SIGNATURE_AT:signatureEnd], bytes32(x), bytes32(y));
    }

    /// @dev ORACLE.rootStatus(root) as a bare staticcall (the cached mode's one extra read:
    ///      no ABI machinery around it). Reverts with the oracle's revert data, and on a short
    ///      or out-of-range return (not a uint64 pair).
    function _rootStatus(bytes32 root) private view returns (uint64 l1Time, uint64 supersededAt) {
        IKeystoreRootOracle oracle = ORACLE;
        bytes4 selector = IKeystoreRootOracle.rootStatus.selector;
        uint256 a;
        uint256 b;
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            mstore(add(m, 4), root)
            ok := staticcall(gas(), oracle, m, 0x24, 0, 0x40)
            if iszero(ok) {
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
            ok := iszero(lt(returndatasize(), 0x40))
            a := mload(0)
            b := mload(0x20)
        }
        if (!ok || (a | b) >> 64 != 0) revert InvalidSettings();
        return (uint64(a), uint64(b));
    }

    /// @dev Verifies `proof` against the oracle's frontier of `root`, the owner key hashed
    ///      under `scheme`: a leaf whose owner has another scheme does not verify.
    function _proveKey(uint256 keystore, uint256 scheme, bytes32 root, bytes calldata proof)
        private
        view
        returns (
            uint256 x,
            uint256 y,
            uint64 l1Time,
            uint64 supersededAt,
            uint256 rulesHash,
            uint256 executableAfter,
            uint256 used
        )
    {
        (l1Time, supersededAt) = _rootStatus(root);
        if (l1Time == 0 || l1Time > MAX_UINT48) revert UnknownRoot(root);
        (uint8 height, uint256 node) = ORACLE.frontier(root);
        (x, y, rulesHash, executableAfter, used) = VERIFIER.verify(keystore, scheme, height, node, proof);
    }

    /// @dev solady's ECDSA.tryRecover with low s (which solady leaves to the caller); address(0)
    ///      when refused (the precompile itself refuses v other than 27 and 28).
    function _recover(bytes32 digest, bytes calldata sig) private view returns (address) {
        uint256 s = uint256(bytes32(sig[65:97]));
        if (s > HALF_N) return address(0);
        return ECDSA.tryRecover(digest, uint8(sig[97]), bytes32(sig[33:65]), bytes32(s));
    }

    // -------------------------------------------------------------- spending rules

    /// @dev The id of the stored rule list with hash `rulesHash`, storing `enc` when new.
    function _rulesIdFor(address account, uint256 rulesHash, bytes calldata enc) private returns (uint256 id) {
        if (rulesHash == 0) return 0;
        id = _rulesIds[rulesHash][account];
        if (id != 0) return id;
        if (enc.length == 0) revert SpendingRulesRequired(rulesHash);
        (SpendingRules.Rule[] memory rules, uint256 computed) = VERIFIER.decodeRules(enc);
        if (computed != rulesHash) revert SpendingRulesMismatch(computed, rulesHash);
        id = ++_ruleListCount[account];
        _rulesIds[rulesHash][account] = id;
        for (uint256 i; i < rules.length; ++i) {
            _limits[id][rules[i].token][account] = Limit(rules[i].period, rules[i].limit);
        }
        emit SpendingRulesStored(account, rulesHash, id);
    }

    function _activate(address account, uint256 rulesId) private {
        if (_activeRules[account] != rulesId) {
            _activeRules[account] = rulesId;
            emit ActiveSpendingRulesChanged(account, rulesId);
        }
    }

    /// @notice Counts one call made by `account` against its active rules: `value` as ETH, and
    ///         for a limited token, the amount of transfer/approve (other calls to it revert).
    function _enforceSpending(address account, address target, uint256 value, bytes calldata data) internal {
        uint256 id = _activeRules[account];
        if (id == 0) return;
        if (value != 0) _spend(account, id, address(0), value);
        if (target == address(0) || _limits[id][target][account].period == 0 || data.length == 0) return;
        bytes4 selector = data.length >= 4 ? bytes4(data[:4]) : bytes4(0);
        if ((selector != SELECTOR_TRANSFER && selector != SELECTOR_APPROVE) || data.length < 68) {
            revert UnsupportedTokenCall(target, selector);
        }
        _spend(account, id, target, uint256(bytes32(data[36:68])));
    }

    /// @notice Counts `amount` of ETH leaving `account` by another route than a call's value.
    function _enforceEthSpending(address account, uint256 amount) internal {
        uint256 id = _activeRules[account];
        if (id != 0) _spend(account, id, address(0), amount);
    }

    function _spend(address account, uint256 id, address token, uint256 amount) private {
        Limit storage l = _limits[id][token][account];
        uint64 period = l.period;
        if (period == 0) return;
        Spent storage s = _spent[token][account];
        uint256 total = amount;
        uint64 windowEnd = s.windowEnd;
        if (block.timestamp < windowEnd) total += s.amount;
        else windowEnd = uint64((block.timestamp / period + 1) * period);
        if (total > l.limit) revert SpendingLimitExceeded(token, total, l.limit);
        s.windowEnd = windowEnd;
        s.amount = total;
        emit Spending(account, token, amount, total, windowEnd);
    }

    /// @notice The rules id enforced on `account`'s executions (0 = no limits).
    function activeSpendingRules(address account) public view returns (uint256) {
        return _activeRules[account];
    }

    /// @notice The cached key of (account, keystore, root): its keyId (_keyId: the address of a
    ///         secp256k1 key), root L1 time when cached and rules id. Whether it is still usable
    ///         depends on the root (oracle's rootStatus).
    function cachedKey(address account, uint256 keystore, bytes32 root)
        public
        view
        returns (address keyId, uint48 l1Time, uint48 rulesId)
    {
        uint256 entry = _keyCache[root][keystore][account];
        return (address(uint160(entry)), uint48(entry >> 160), uint48(entry >> 208));
    }

    /// @notice What `account` spent of `token` in the window ending at `windowEnd`.
    function spent(address account, address token) public view returns (uint256 amount, uint64 windowEnd) {
        Spent storage s = _spent[token][account];
        return (s.amount, s.windowEnd);
    }
}
