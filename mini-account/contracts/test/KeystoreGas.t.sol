// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {P256} from "solady/utils/P256.sol";
import {KeystoreAccount} from "../src/KeystoreAccount.sol";
import {KeystoreAccountFactory} from "../src/KeystoreAccountFactory.sol";
import {KeystoreTreeHashing} from "../src/KeystoreTreeHashing.sol";
import {P256FallbackVerifier} from "../src/P256FallbackVerifier.sol";
import {Poseidon2} from "../src/Poseidon2.sol";
import {AccountTestBase} from "./utils/AccountTestBase.sol";

/// @notice The baseline: an account that only checks an ECDSA signature in the same place of
///         the same signature encoding (what any ERC-4337 account pays).
contract SignatureOnlyAccount {
    address internal immutable SIGNER;

    constructor(address signer) {
        SIGNER = signer;
    }

    function validateUserOp(PackedUserOperation calldata op, bytes32 userOpHash, uint256)
        external
        view
        returns (uint256)
    {
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", userOpHash));
        bytes calldata sig = op.signature;
        address signer = ecrecover(digest, uint8(sig[97]), bytes32(sig[33:65]), bytes32(sig[65:97]));
        return signer == SIGNER ? 0 : 1;
    }
}

/// @notice What the gas tests share: an account of a keystore address whose owner was alice
///         (secp256k1) at creation, member proofs of it at a frontier of height 10 (1,024 leaves:
///         about 1,000 accounts), and validateUserOp measured as the EntryPoint calls it (cold
///         account, oracle and verifier, as in a new transaction).
abstract contract KeystoreGasBase is AccountTestBase {
    uint8 internal constant K = 10;
    uint256 internal constant SALT = 7;

    KeystoreAccountFactory internal factory;
    KeystoreAccount internal account;
    Key internal alice;
    address internal keystore;
    Config internal config;

    function _setUpAccount() internal {
        _setUpChain();
        factory = new KeystoreAccountFactory(address(ep), oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE);
        alice = makeKey(0xA11CE);
        config = initialConfig(alice, 0);
        keystore = keystoreAddressOf(SALT, config);
        account = factory.createAccount(keystore);
    }

    function _siblings(uint256 seed) internal pure returns (uint256[] memory s) {
        s = new uint256[](K);
        for (uint256 h; h < K; ++h) {
            s[h] = uint256(keccak256(abi.encode(seed, h))) % Poseidon2.P;
        }
    }

    function _frontier(uint256 leaf, uint256 index, uint256[] memory s) internal pure returns (uint256 node) {
        node = leaf;
        for (uint256 h; h < K; ++h) {
            node = (index >> h) & 1 == 0
                ? KeystoreTreeHashing.nodeHash(node, s[h])
                : KeystoreTreeHashing.nodeHash(s[h], node);
        }
    }

    /// @dev A member proof (kind 0, or 2 with a pending recovery) of `c` at leaf `index` of a
    ///      height-10 frontier, and its recorded root.
    function _memberProof(uint256 index, uint256 seed, Config memory c)
        internal
        returns (bytes32 root, bytes memory proof)
    {
        uint256 nextKey = uint160(keystore) + 1;
        uint256[] memory s = _siblings(seed);
        uint256 leaf = KeystoreTreeHashing.leafHash(uint160(keystore), nextKey, configHashOf(c));
        root = oracle.record(K, _frontier(leaf, index, s), START);
        proof = memberProofAt(index, nextKey, c, packSiblings(s));
    }

    /// @dev Gas of one validateUserOp call as the EntryPoint makes it (the first call of the
    ///      test's transaction: cold account, oracle, verifier and storage).
    function _measure(address target, PackedUserOperation memory op, bytes32 h) internal returns (uint256 used) {
        bytes memory data = abi.encodeCall(KeystoreAccount.validateUserOp, (op, h, 0));
        vm.prank(address(ep));
        uint256 g0 = gasleft();
        (bool ok, bytes memory out) = target.call(data);
        used = g0 - gasleft();
        assertTrue(ok, "validateUserOp");
        assertEq(uint160(abi.decode(out, (uint256))), 0, "signature valid");
    }
}

/// @notice Gas of KeystoreAccount.validateUserOp with the secp256k1 owner, as the EntryPoint calls
///         it (cold account, oracle and verifier, as in a new transaction), with a frontier of
///         height 10 (1,024 leaves: about 1,000 accounts). Prints the lines ./bench greps:
///         l2_validate_gas_fresh, l2_validate_gas_cached, ...
contract KeystoreGasTest is KeystoreGasBase {
    SignatureOnlyAccount internal baseline;

    bytes32 internal memberRoot;
    bytes internal memberProofBytes;
    bytes32 internal absentRoot;
    bytes internal absentProofBytes;
    bytes32 internal cachedRoot;
    bytes32 internal recoveryRoot;
    bytes internal recoveryProofBytes;

    /// @dev Everything is prepared here, so that each test measures in a transaction of its
    ///      own where the account, the oracle, the verifier and their storage are cold.
    function setUp() public {
        _setUpAccount();
        baseline = new SignatureOnlyAccount(alice.addr);
        Config memory rotated = config;
        rotated.nonce = 1;
        (memberRoot, memberProofBytes) = _memberProof(777, 1, rotated);
        // a recovery to another key, under its threshold: kind 2, the key still works
        (recoveryRoot, recoveryProofBytes) = _memberProof(777, 4, withRecovery(rotated, makeKey(0xCA201), 0x01, 0));
        (absentRoot, absentProofBytes) = _absentProof();
        bytes memory proof;
        (cachedRoot, proof) = _memberProof(778, 3, rotated);
        (PackedUserOperation memory op, bytes32 h) = _op(cachedRoot, proof, 2);
        vm.prank(address(ep));
        account.validateUserOp(op, h, 0);
    }

    /// @dev A non-membership proof (low leaf 500 of a height-10 frontier) plus the initial config.
    function _absentProof() internal returns (bytes32 root, bytes memory proof) {
        uint256 index = 500;
        uint256 lowKey = uint160(keystore) - 1;
        uint256 lowNext = uint160(keystore) + 1;
        uint256 lowValue = 0x1234;
        uint256[] memory s = _siblings(2);
        uint256 leaf = KeystoreTreeHashing.leafHash(lowKey, lowNext, lowValue);
        root = oracle.record(K, _frontier(leaf, index, s), START);
        proof = abi.encodePacked(
            uint8(1),
            uint32(index),
            abi.encodePacked(lowKey, lowNext, lowValue, SALT),
            abi.encodePacked(alice.x, alice.y, config.guardianSetHash, config.rulesHash),
            packSiblings(s)
        );
    }

    function _op(bytes32 root, bytes memory proof, uint8 mode)
        internal
        view
        returns (PackedUserOperation memory op, bytes32 h)
    {
        op = userOp(address(account), 0, "", abi.encodeCall(KeystoreAccount.execute, (address(0xCAFE), 1, "")));
        h = ep.getUserOpHash(op);
        bytes memory sig65 = ecdsa(alice.pk, ethSigned(h));
        op.signature = mode == 0 ? cachedSignature(root, sig65) : abi.encodePacked(mode, root, sig65, proof);
    }

    /// @notice Proof (membership, k = 10) and signature, nothing cached (mode 1).
    function test_gasFresh() public {
        (PackedUserOperation memory op, bytes32 h) = _op(memberRoot, memberProofBytes, 1);
        logNamedUint("l2_validate_gas_fresh", _measure(address(account), op, h));
    }

    /// @notice Proof kind 2 (a pending recovery under its threshold, opened: 3 compressions
    ///         more), mode 1.
    function test_gasFreshPendingRecovery() public {
        (PackedUserOperation memory op, bytes32 h) = _op(recoveryRoot, recoveryProofBytes, 1);
        logNamedUint("l2_validate_gas_fresh_pending_recovery", _measure(address(account), op, h));
    }

    /// @notice The same, caching the key for later operations (mode 2).
    function test_gasFreshAndCache() public {
        (PackedUserOperation memory op, bytes32 h) = _op(memberRoot, memberProofBytes, 2);
        logNamedUint("l2_validate_gas_fresh_and_cache", _measure(address(account), op, h));
    }

    /// @notice Non-membership plus initial configuration (k = 10), mode 1.
    function test_gasFreshAbsent() public {
        (PackedUserOperation memory op, bytes32 h) = _op(absentRoot, absentProofBytes, 1);
        logNamedUint("l2_validate_gas_fresh_absent", _measure(address(account), op, h));
    }

    /// @notice Non-membership plus initial configuration (k = 10), mode 2.
    function test_gasFreshAbsentAndCache() public {
        (PackedUserOperation memory op, bytes32 h) = _op(absentRoot, absentProofBytes, 2);
        logNamedUint("l2_validate_gas_fresh_absent_and_cache", _measure(address(account), op, h));
    }

    /// @notice The cached key (mode 0), and the same call on an account that only checks the
    ///         ECDSA signature: the difference is what the keystore adds.
    function test_gasCached() public {
        (PackedUserOperation memory op, bytes32 h) = _op(cachedRoot, "", 0);
        uint256 cached = _measure(address(account), op, h);
        logNamedUint("l2_validate_gas_cached", cached);
        logNamedUint("l2_validate_frontier_height", K);
    }

    function test_gasSignatureOnlyBaseline() public {
        (PackedUserOperation memory op, bytes32 h) = _op(cachedRoot, "", 0);
        logNamedUint("l2_validate_gas_signature_only", _measure(address(baseline), op, h));
    }
}

/// @notice Gas of KeystoreAccount.validateUserOp when the owner is a passkey, measured as
///         KeystoreGasTest measures the secp256k1 owner: the same account after a rotation of
///         its owner to a WebAuthn passkey or a raw P-256 key (the same private key), a member
///         proof at height 10 (mode 1, the root superseded as in l2_validate_gas_fresh) and the
///         key cached for the latest root (mode 0, as in l2_validate_gas_cached). Each scheme
///         runs with the P-256 precompile (contracts configured evm_version osaka: EIP-7951,
///         6,900 gas a verification) and without it (the project's prague, through
///         P256FallbackVerifier at solady's P256.VERIFIER, installed here so that the
///         measurement finds it cold). Prints l2_validate_gas_{fresh,cached}_<figure>.
abstract contract PasskeyGasScenarios is KeystoreGasBase {
    Key internal owner;
    bytes32 internal memberRoot;
    bytes internal memberProofBytes;
    bytes32 internal cachedRoot;

    /// @dev The owner's key scheme: 2 (raw P-256) or 3 (WebAuthn).
    function _scheme() internal pure virtual returns (uint8);

    /// @dev The figures' suffix: the scheme, and "_fallback" without the precompile.
    function _figure() internal pure virtual returns (string memory);

    function setUp() public {
        _setUpAccount();
        if (!P256.hasPrecompile()) vm.etch(P256.VERIFIER, address(new P256FallbackVerifier()).code);
        owner = makePasskey(0xA11CE, _scheme());
        Config memory rotated = initialConfig(owner, 0);
        rotated.nonce = 1;
        (memberRoot, memberProofBytes) = _memberProof(777, 1, rotated);
        bytes memory proof;
        (cachedRoot, proof) = _memberProof(778, 3, rotated);
        (PackedUserOperation memory op, bytes32 h) = _op(cachedRoot, proof, 2);
        vm.prank(address(ep));
        uint256 validationData = account.validateUserOp(op, h, 0);
        assertEq(uint160(validationData), 0, "cached with a valid signature");
    }

    /// @dev An operation signed by the owner: mode 1 or 2 with `proof`, or mode 0 (x ‖ y after
    ///      the signature).
    function _op(bytes32 root, bytes memory proof, uint8 mode)
        internal
        view
        returns (PackedUserOperation memory op, bytes32 h)
    {
        op = userOp(address(account), 0, "", abi.encodeCall(KeystoreAccount.execute, (address(0xCAFE), 1, "")));
        h = ep.getUserOpHash(op);
        bytes memory ownerSignature = ownerSign(owner, ethSigned(h));
        op.signature = mode == 0
            ? keyCachedSignature(root, owner, ownerSignature)
            : keyProofSignature(mode, root, owner, ownerSignature, proof, "");
    }

    /// @notice Proof (membership, k = 10) and the owner's signature, nothing cached (mode 1).
    function test_gasFresh() public {
        (PackedUserOperation memory op, bytes32 h) = _op(memberRoot, memberProofBytes, 1);
        logNamedUint(string.concat("l2_validate_gas_fresh_", _figure()), _measure(address(account), op, h));
    }

    /// @notice The cached key (mode 0: the owner's signature, then x ‖ y).
    function test_gasCached() public {
        (PackedUserOperation memory op, bytes32 h) = _op(cachedRoot, "", 0);
        logNamedUint(string.concat("l2_validate_gas_cached_", _figure()), _measure(address(account), op, h));
    }
}

/// @notice A WebAuthn owner, with the precompile.
/// forge-config: default.evm_version = "osaka"
contract KeystoreWebAuthnGasTest is PasskeyGasScenarios {
    function _scheme() internal pure override returns (uint8) {
        return 3;
    }

    function _figure() internal pure override returns (string memory) {
        return "webauthn";
    }
}

/// @notice A WebAuthn owner, without the precompile.
contract KeystoreWebAuthnFallbackGasTest is PasskeyGasScenarios {
    function _scheme() internal pure override returns (uint8) {
        return 3;
    }

    function _figure() internal pure override returns (string memory) {
        return "webauthn_fallback";
    }
}

/// @notice A raw P-256 owner, with the precompile.
/// forge-config: default.evm_version = "osaka"
contract KeystoreP256GasTest is PasskeyGasScenarios {
    function _scheme() internal pure override returns (uint8) {
        return 2;
    }

    function _figure() internal pure override returns (string memory) {
        return "p256";
    }
}

/// @notice A raw P-256 owner, without the precompile.
contract KeystoreP256FallbackGasTest is PasskeyGasScenarios {
    function _scheme() internal pure override returns (uint8) {
        return 2;
    }

    function _figure() internal pure override returns (string memory) {
        return "p256_fallback";
    }
}
