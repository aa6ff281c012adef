// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {Base64} from "solady/utils/Base64.sol";
import {P256} from "solady/utils/P256.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {KeystoreProofs} from "../../src/KeystoreProofs.sol";
import {VmExtra} from "./VmExtra.sol";
import {TestTree} from "./TestTree.sol";

/// @notice Keys, configurations, proofs and signatures in the encodings of
///         docs/spec/mini-account.md, and the real EntryPoint v0.7 at its canonical address.
abstract contract KeystoreFixtures is KeystoreTest {
    using TestTree for TestTree.Tree;

    VmExtra internal constant vmx = VmExtra(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    address internal constant CREATE2_DEPLOYER = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    /// @dev Runtime code of the deterministic-deployment proxy (no immutables).
    bytes internal constant CREATE2_DEPLOYER_CODE =
        hex"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";
    bytes32 internal constant ENTRY_POINT_SALT = 0x90d8084deab30c2a37c45e8d47f49f2f7965183cb6990a98943ef94940681de3;
    address internal constant ENTRY_POINT_V07 = 0x0000000071727De22E5E9d8BAf0edAc6f37da032;
    string internal constant ENTRY_POINT_ARTIFACT =
        "node_modules/@account-abstraction/contracts/artifacts/EntryPoint.json";

    /// @dev guardianSetHash of (no guardians, threshold 0, delay 3600): keystore-state-v1.json guardianSets[0].
    uint256 internal constant NO_GUARDIANS = 0x08b5db800de4d314a94af2228fe179de446fe3d2a5d640ac10a9fdc57026f571;

    /// @dev A key of scheme 1 (secp256k1), 2 (P-256) or 3 (WebAuthn, a P-256 passkey). `addr`
    ///      is its name in the account's key cache: the Ethereum address of a secp256k1 key,
    ///      keccak256(scheme ‖ x ‖ y)[12:] of a P-256 or WebAuthn key (KeystoreAuth._keyId).
    struct Key {
        uint256 pk;
        address addr;
        uint256 x;
        uint256 y;
        uint8 scheme;
    }

    /// @dev The rpIdHash of the test passkeys' authenticatorData (any value: the account does not read it).
    bytes32 internal constant RP_ID_HASH = keccak256("wallet.keystore.example");
    /// @dev authenticatorData flags: UP (bit 0), UV (bit 2).
    bytes1 internal constant FLAGS_UP_UV = 0x05;

    /// @dev A configuration as the leaf value commits to it (state.md §4.5).
    struct Config {
        Key owner;
        uint256 guardianSetHash;
        uint256 rulesHash;
        uint256 nonce;
        uint256 recoveryEpoch;
        uint256 pendingRecoveryHash;
        uint256 pendingUpdateHash;
        // the pending recovery, opened (withRecovery): memberProof then makes a kind-2 proof
        bool recoveryOpened;
        uint256 proposedOwnerKeyHash;
        uint256 votes;
        uint256 recoveryExecutableAfter;
    }

    function deployEntryPoint() internal returns (address ep) {
        vmx.etch(CREATE2_DEPLOYER, CREATE2_DEPLOYER_CODE);
        string memory artifact = vm.readFile(ENTRY_POINT_ARTIFACT);
        bytes memory initCode = vm.parseJsonBytes(artifact, ".bytecode");
        (bool ok, bytes memory out) = CREATE2_DEPLOYER.call(abi.encodePacked(ENTRY_POINT_SALT, initCode));
        require(ok && out.length == 20, "CREATE2 deployer failed");
        ep = address(bytes20(out));
        assertEq(ep, ENTRY_POINT_V07, "EntryPoint v0.7 at its canonical address");
    }

    function makeKey(uint256 pk) internal returns (Key memory k) {
        VmExtra.Wallet memory w = vmx.createWallet(pk);
        k = Key(pk, w.addr, w.publicKeyX, w.publicKeyY, KeystoreProtocol.KEY_SCHEME_SECP256K1);
    }

    /// @notice A P-256 key of scheme 2 (raw P-256) or 3 (WebAuthn) from its private key.
    function makePasskey(uint256 pk, uint8 scheme) internal pure returns (Key memory k) {
        (uint256 x, uint256 y) = vm.publicKeyP256(pk);
        k = Key(pk, passkeyId(scheme, x, y), x, y, scheme);
    }

    /// @notice A P-256 or WebAuthn key's name in the key cache: keccak256(scheme ‖ x ‖ y)[12:].
    function passkeyId(uint8 scheme, uint256 x, uint256 y) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(scheme, x, y)))));
    }

    function keyHashOf(Key memory k) internal pure returns (uint256) {
        return KeystoreProtocol.keyHashOfScheme(k.scheme, k.x, k.y);
    }

    function initialConfig(Key memory owner, uint256 rulesHash) internal pure returns (Config memory c) {
        c.owner = owner;
        c.guardianSetHash = NO_GUARDIANS;
        c.rulesHash = rulesHash;
    }

    /// @notice `c` with a pending recovery (state.md §4.3): votes = approvals + 16 * vetoes;
    ///         executableAfter != 0 once it reached its threshold (the account is frozen).
    function withRecovery(Config memory c, Key memory proposed, uint256 votes, uint256 executableAfter)
        internal
        pure
        returns (Config memory)
    {
        c.recoveryOpened = true;
        c.proposedOwnerKeyHash = keyHashOf(proposed);
        c.votes = votes;
        c.recoveryExecutableAfter = executableAfter;
        c.pendingRecoveryHash = KeystoreProtocol.pendingRecoveryHashOf(c.proposedOwnerKeyHash, votes, executableAfter);
        return c;
    }

    function keystoreAddressOf(uint256 salt, Config memory c) internal pure returns (address) {
        return
            address(uint160(KeystoreProtocol.initialAddress(salt, keyHashOf(c.owner), c.guardianSetHash, c.rulesHash)));
    }

    function configHashOf(Config memory c) internal pure returns (uint256) {
        return KeystoreProtocol.configHash(
            keyHashOf(c.owner),
            c.guardianSetHash,
            c.rulesHash,
            c.nonce,
            c.recoveryEpoch,
            c.pendingRecoveryHash,
            c.pendingUpdateHash
        );
    }

    function packSiblings(uint256[] memory s) internal pure returns (bytes memory out) {
        for (uint256 i; i < s.length; ++i) {
            out = abi.encodePacked(out, s[i]);
        }
    }

    /// @notice kind 0: the account's leaf, opened; kind 2 when the pending recovery is opened.
    function memberProof(TestTree.Tree memory t, uint256 account, Config memory c)
        internal
        pure
        returns (bytes memory)
    {
        uint256 index = t.indexOf(account);
        return memberProofAt(index, t.leaves[index].nextKey, c, packSiblings(t.siblings(index)));
    }

    /// @notice kind 0 (or 2 with the pending recovery opened) at a leaf index, with packed siblings.
    function memberProofAt(uint256 index, uint256 nextKey, Config memory c, bytes memory siblings)
        internal
        pure
        returns (bytes memory)
    {
        bytes memory head = abi.encodePacked(
            uint8(c.recoveryOpened ? 2 : 0),
            uint32(index),
            abi.encodePacked(nextKey, c.owner.x, c.owner.y, c.guardianSetHash, c.rulesHash),
            abi.encodePacked(c.nonce, c.recoveryEpoch)
        );
        bytes memory pending = c.recoveryOpened
            ? abi.encodePacked(c.proposedOwnerKeyHash, c.votes, c.recoveryExecutableAfter)
            : abi.encodePacked(c.pendingRecoveryHash);
        return abi.encodePacked(head, pending, c.pendingUpdateHash, siblings);
    }

    /// @notice kind 1: the low leaf of an absent account, and its (salt, initial settings).
    function absentProof(TestTree.Tree memory t, uint256 account, uint256 salt, Config memory c)
        internal
        pure
        returns (bytes memory)
    {
        uint256 low = t.lowIndex(account);
        TestTree.Leaf memory l = t.leaves[low];
        return abi.encodePacked(
            uint8(1),
            uint32(low),
            abi.encodePacked(l.key, l.nextKey, l.value, salt),
            abi.encodePacked(c.owner.x, c.owner.y, c.guardianSetHash, c.rulesHash),
            packSiblings(t.siblings(low))
        );
    }

    function ecdsa(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vmx.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    function ethSigned(bytes32 h) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", h));
    }

    /// @notice Mode 2: with a proof, and cache the key for (account, root).
    function proofSignature(bytes32 root, bytes memory sig65, bytes memory proof, bytes memory rules)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(uint8(2), root, sig65, proof, rules);
    }

    /// @notice Mode 1: with a proof, nothing cached.
    function uncachedProofSignature(bytes32 root, bytes memory sig65, bytes memory proof, bytes memory rules)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(uint8(1), root, sig65, proof, rules);
    }

    function cachedSignature(bytes32 root, bytes memory sig65) internal pure returns (bytes memory) {
        return abi.encodePacked(uint8(0), root, sig65);
    }

    // ----------------------------------------------------------- any key scheme

    /// @notice The signature's type byte: 16 * (scheme - 1) + mode (mini-account.md §3).
    function signatureType(uint8 scheme, uint8 mode) internal pure returns (uint8) {
        return 16 * (scheme - 1) + mode;
    }

    /// @notice Modes 1 and 2 for a key of any scheme: type ‖ root ‖ ownerSignature ‖ proof ‖ rules.
    function keyProofSignature(
        uint8 mode,
        bytes32 root,
        Key memory k,
        bytes memory ownerSignature,
        bytes memory proof,
        bytes memory rules
    ) internal pure returns (bytes memory) {
        return abi.encodePacked(signatureType(k.scheme, mode), root, ownerSignature, proof, rules);
    }

    /// @notice Mode 0 for a key of any scheme: type ‖ root ‖ ownerSignature, then x ‖ y for P-256
    ///         and WebAuthn (the cache holds only the key's name).
    function keyCachedSignature(bytes32 root, Key memory k, bytes memory ownerSignature)
        internal
        pure
        returns (bytes memory)
    {
        bytes memory key = k.scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1 ? bytes("") : abi.encodePacked(k.x, k.y);
        return abi.encodePacked(signatureType(k.scheme, 0), root, ownerSignature, key);
    }

    /// @notice The owner's signature of `digest` in the encoding of its scheme: r ‖ s ‖ v, r ‖ s
    ///         (low s), or a WebAuthn body (UP and UV set, a typical clientDataJSON).
    function ownerSign(Key memory k, bytes32 digest) internal pure returns (bytes memory) {
        if (k.scheme == KeystoreProtocol.KEY_SCHEME_SECP256K1) return ecdsa(k.pk, digest);
        if (k.scheme == KeystoreProtocol.KEY_SCHEME_P256) return p256Sign(k.pk, digest);
        return webAuthnSign(k.pk, authenticatorData(FLAGS_UP_UV), clientDataJSON("webauthn.get", digest));
    }

    /// @notice A raw P-256 signature r ‖ s of `digest`, s normalised to the low half (passkeys.md §3).
    function p256Sign(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (bytes32 r, bytes32 s) = vm.signP256(pk, digest);
        return abi.encodePacked(r, P256.normalized(s));
    }

    /// @notice The same signature with s replaced by n - s: valid for the bare precompile, refused
    ///         as high-s by every verifier of this project.
    function highS(bytes memory p256Signature) internal pure returns (bytes memory out) {
        bytes32 r;
        uint256 s;
        assembly {
            r := mload(add(p256Signature, 32))
            s := mload(add(p256Signature, 64))
        }
        out = abi.encodePacked(r, P256.N - s);
    }

    /// @notice rpIdHash ‖ flags ‖ signCount: the 37 bytes of an assertion's authenticatorData.
    function authenticatorData(bytes1 flags) internal pure returns (bytes memory) {
        return abi.encodePacked(RP_ID_HASH, flags, uint32(7));
    }

    /// @notice A browser's clientDataJSON: type, then challenge = base64url(digest), then origin.
    function clientDataJSON(string memory type_, bytes32 digest) internal pure returns (bytes memory) {
        return bytes(
            string.concat(
                '{"type":"',
                type_,
                '","challenge":"',
                Base64.encode(abi.encodePacked(digest), true, true),
                '","origin":"https://wallet.keystore.example","crossOrigin":false}'
            )
        );
    }

    /// @notice The WebAuthn wire body (passkeys.md §4.1) of an assertion over these two parts:
    ///         a (u16) ‖ authenticatorData ‖ c (u16) ‖ clientDataJSON ‖ r ‖ s, with low s.
    function webAuthnSign(uint256 pk, bytes memory authData, bytes memory clientData)
        internal
        pure
        returns (bytes memory)
    {
        bytes32 message = sha256(abi.encodePacked(authData, sha256(clientData)));
        return webAuthnBody(authData, clientData, p256Sign(pk, message));
    }

    function webAuthnBody(bytes memory authData, bytes memory clientData, bytes memory rs)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(uint16(authData.length), authData, uint16(clientData.length), clientData, rs);
    }

    /// @notice The EIP-1271 digest of KeystoreAuth._messageDigest.
    function messageDigest(address account, bytes32 hash) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("KeystoreAccount"),
                keccak256("1"),
                block.chainid,
                account
            )
        );
        return keccak256(
            abi.encodePacked(hex"1901", domain, keccak256(abi.encode(keccak256("KeystoreMessage(bytes32 hash)"), hash)))
        );
    }

    /// @notice Rule list binary form (state.md §8.3), one rule.
    function oneRule(address token, uint64 period, uint256 limit) internal pure returns (bytes memory) {
        return abi.encodePacked(uint8(1), uint8(1), token, period, limit);
    }

    function twoRules(address t0, uint64 p0, uint256 l0, address t1, uint64 p1, uint256 l1)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(uint8(1), uint8(2), t0, p0, l0, t1, p1, l1);
    }

    function userOp(address sender, uint256 nonce, bytes memory initCode, bytes memory callData)
        internal
        pure
        returns (PackedUserOperation memory op)
    {
        op.sender = sender;
        op.nonce = nonce;
        op.initCode = initCode;
        op.callData = callData;
        op.accountGasLimits = bytes32((uint256(3_000_000) << 128) | 500_000);
        op.preVerificationGas = 50_000;
        op.gasFees = bytes32((uint256(1 gwei) << 128) | 2 gwei);
    }
}
