// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {P256} from "solady/utils/P256.sol";
import {PasskeyVerifier} from "../src/PasskeyVerifier.sol";
import {P256FallbackVerifier} from "../src/P256FallbackVerifier.sol";

/// @notice External entry points to the library, so that the tests measure a call as an account makes one.
contract PasskeyHarness {
    function p256(bytes32 digest, bytes32 r, bytes32 s, bytes32 x, bytes32 y) external view returns (bool) {
        return PasskeyVerifier.verifyP256(digest, r, s, x, y);
    }

    function webAuthn(
        bytes32 digest,
        bytes calldata authenticatorData,
        bytes calldata clientDataJSON,
        bytes32 r,
        bytes32 s,
        bytes32 x,
        bytes32 y
    ) external view returns (bool) {
        return PasskeyVerifier.verifyWebAuthn(digest, authenticatorData, clientDataJSON, r, s, x, y);
    }

    function webAuthnEncoded(bytes32 digest, bytes calldata body, bytes32 x, bytes32 y) external view returns (bool) {
        return PasskeyVerifier.verifyWebAuthnEncoded(digest, body, x, y);
    }
}

/// @notice Checks PasskeyVerifier against test-vectors/passkeys-v1.json (docs/spec/passkeys.md §7, made by
///         an independent implementation), with the P-256 precompile (evm_version osaka: EIP-7951 at
///         0x100) and without it (prague: no precompile), through the fallback verifier at solady's
///         P256.VERIFIER, and with neither. Logs passkey_verify_gas_* figures.
contract PasskeyVerifierTest is KeystoreTest {
    string internal constant VECTOR_FILE = "../../test-vectors/passkeys-v1.json";

    PasskeyHarness internal harness;
    string internal json;

    function setUp() public {
        harness = new PasskeyHarness();
        json = readProjectFile(VECTOR_FILE);
    }

    function _installFallbackVerifier() internal {
        vm.etch(P256.VERIFIER, address(new P256FallbackVerifier()).code);
    }

    function _count(string memory section) internal view returns (uint256 n) {
        while (vm.keyExistsJson(json, jsonPath(section, n, ""))) n++;
    }

    function _key(string memory path) internal view returns (bytes32 x, bytes32 y) {
        bytes memory k = vm.parseJsonBytes(json, string.concat(path, ".publicKey"));
        assembly {
            x := mload(add(k, 0x21))
            y := mload(add(k, 0x41))
        }
    }

    function _valid(string memory path) internal view returns (bool) {
        return keccak256(bytes(vm.parseJsonString(json, string.concat(path, ".expect")))) == keccak256("valid");
    }

    function _name(string memory path) internal view returns (string memory) {
        return vm.parseJsonString(json, string.concat(path, ".name"));
    }

    function _p256(uint256 i) internal view returns (bool ok, uint256 gasUsed, bool expected, string memory name) {
        string memory p = jsonPath(".p256", i, "");
        (bytes32 x, bytes32 y) = _key(p);
        bytes32 digest = vm.parseJsonBytes32(json, string.concat(p, ".digest"));
        bytes32 r = vm.parseJsonBytes32(json, string.concat(p, ".r"));
        bytes32 s = vm.parseJsonBytes32(json, string.concat(p, ".s"));
        uint256 g = gasleft();
        ok = harness.p256(digest, r, s, x, y);
        gasUsed = g - gasleft();
        expected = _valid(p);
        name = _name(p);
    }

    function _webAuthn(uint256 i) internal view returns (bool ok, uint256 gasUsed, bool expected, string memory name) {
        string memory p = jsonPath(".webauthn", i, "");
        (bytes32 x, bytes32 y) = _key(p);
        bytes32 digest = vm.parseJsonBytes32(json, string.concat(p, ".digest"));
        bytes memory body = vm.parseJsonBytes(json, string.concat(p, ".encoded"));
        uint256 g = gasleft();
        ok = harness.webAuthnEncoded(digest, body, x, y);
        gasUsed = g - gasleft();
        expected = _valid(p);
        name = _name(p);
        // The same through the unencoded entry point (malformed bodies aside, which it cannot express).
        bytes memory ad = vm.parseJsonBytes(json, string.concat(p, ".authenticatorData"));
        bytes memory cd = vm.parseJsonBytes(json, string.concat(p, ".clientDataJSON"));
        bytes32 r = vm.parseJsonBytes32(json, string.concat(p, ".r"));
        bytes32 s = vm.parseJsonBytes32(json, string.concat(p, ".s"));
        require(harness.webAuthn(digest, ad, cd, r, s, x, y) == ok, "encoded and unencoded entry points differ");
    }

    function _checkAllP256() internal view returns (uint256 validGas) {
        uint256 n = _count(".p256");
        assertGe(n, 17, "p256 vectors");
        for (uint256 i; i < n; i++) {
            (bool ok, uint256 gasUsed, bool expected, string memory name) = _p256(i);
            assertEq(ok, expected, name);
            if (expected && validGas == 0) validGas = gasUsed;
        }
    }

    function _checkAllWebAuthn() internal view returns (uint256 validGas) {
        uint256 n = _count(".webauthn");
        assertGe(n, 31, "webauthn vectors");
        for (uint256 i; i < n; i++) {
            (bool ok, uint256 gasUsed, bool expected, string memory name) = _webAuthn(i);
            assertEq(ok, expected, name);
            if (expected && validGas == 0) validGas = gasUsed;
        }
        uint256 w = _count(".webauthnWire");
        assertGe(w, 5, "wire vectors");
        for (uint256 i; i < w; i++) {
            string memory p = jsonPath(".webauthnWire", i, "");
            (bytes32 x, bytes32 y) = _key(p);
            bytes memory body = vm.parseJsonBytes(json, string.concat(p, ".encoded"));
            assertFalse(
                harness.webAuthnEncoded(vm.parseJsonBytes32(json, string.concat(p, ".digest")), body, x, y), _name(p)
            );
        }
    }

    /// forge-config: default.evm_version = "osaka"
    function test_p256VectorsWithThePrecompile() public view {
        assertTrue(P256.hasPrecompile(), "osaka has the P-256 precompile");
        logNamedUint("passkey_verify_gas_p256", _checkAllP256());
    }

    /// forge-config: default.evm_version = "osaka"
    function test_webAuthnVectorsWithThePrecompile() public view {
        logNamedUint("passkey_verify_gas_webauthn", _checkAllWebAuthn());
    }

    function test_p256VectorsThroughTheFallbackVerifierWithoutThePrecompile() public {
        assertFalse(P256.hasPrecompile(), "prague has no P-256 precompile");
        _installFallbackVerifier();
        logNamedUint("passkey_verify_gas_p256_fallback", _checkAllP256());
    }

    function test_webAuthnVectorsThroughTheFallbackVerifierWithoutThePrecompile() public {
        _installFallbackVerifier();
        logNamedUint("passkey_verify_gas_webauthn_fallback", _checkAllWebAuthn());
    }

    function test_withNeitherPrecompileNorFallbackNothingVerifies() public view {
        uint256 n = _count(".p256");
        for (uint256 i; i < n; i++) {
            (bool ok,,, string memory name) = _p256(i);
            assertFalse(ok, name);
        }
        n = _count(".webauthn");
        for (uint256 i; i < n; i++) {
            (bool ok,,, string memory name) = _webAuthn(i);
            assertFalse(ok, name);
        }
    }

    /// @notice A point off P-256 (or a coordinate not below p) is no key: a signature that is valid for
    ///         the real key never verifies for it, through the precompile or the fallback.
    function _badKeysNeverVerify() internal view {
        string memory p0 = jsonPath(".p256", 0, "");
        require(_valid(p0), "p256[0] is valid");
        bytes32 digest = vm.parseJsonBytes32(json, string.concat(p0, ".digest"));
        bytes32 r = vm.parseJsonBytes32(json, string.concat(p0, ".r"));
        bytes32 s = vm.parseJsonBytes32(json, string.concat(p0, ".s"));
        uint256 n = _count(".badKeys");
        assertGe(n, 4, "bad keys");
        for (uint256 i; i < n; i++) {
            string memory p = jsonPath(".badKeys", i, "");
            (bytes32 x, bytes32 y) = _key(p);
            assertFalse(harness.p256(digest, r, s, x, y), _name(p));
        }
    }

    /// forge-config: default.evm_version = "osaka"
    function test_badKeysNeverVerifyWithThePrecompile() public view {
        _badKeysNeverVerify();
    }

    function test_badKeysNeverVerifyThroughTheFallbackVerifier() public {
        _installFallbackVerifier();
        _badKeysNeverVerify();
    }

    /// @notice The fallback verifier agrees with the precompile on pseudo-random keys and digests (a
    ///         fixed sequence, so that the gas snapshot is reproducible), for valid signatures, their
    ///         high-s twins and signatures of another digest.
    /// forge-config: default.evm_version = "osaka"
    function test_fallbackVerifierAgreesWithThePrecompileOnRandomKeys() public {
        P256FallbackVerifier fallbackVerifier = new P256FallbackVerifier();
        for (uint256 run; run < 24; run++) {
            uint256 privateKey = bound(uint256(keccak256(abi.encode("key", run))), 1, P256.N - 1);
            bytes32 digest = keccak256(abi.encode("digest", run));
            _agree(fallbackVerifier, privateKey, digest);
        }
    }

    function _agree(P256FallbackVerifier fallbackVerifier, uint256 privateKey, bytes32 digest) internal {
        (uint256 x, uint256 y) = vm.publicKeyP256(privateKey);
        (bytes32 r, bytes32 s) = vm.signP256(privateKey, digest);
        bytes32 low = P256.normalized(s);
        bytes32 high = bytes32(P256.N - uint256(low));
        bytes32 other = keccak256(abi.encode(digest));
        bytes32[3] memory ss = [low, high, low];
        bytes32[3] memory ds = [digest, digest, other];
        for (uint256 i; i < 3; i++) {
            bytes memory input = abi.encode(ds[i], r, ss[i], x, y);
            (, bytes memory pre) = address(0x100).staticcall(input);
            (, bytes memory fb) = address(fallbackVerifier).staticcall(input);
            bool precompileSays = pre.length == 32 && abi.decode(pre, (uint256)) == 1;
            bool fallbackSays = abi.decode(fb, (uint256)) == 1;
            // The precompile accepts high s (RIP-7212, EIP-7951); the fallback, like solady, does not.
            assertEq(fallbackSays, i == 1 ? false : precompileSays, "fallback vs precompile");
            assertEq(precompileSays, i < 2, "precompile");
            assertEq(harness.p256(ds[i], r, ss[i], bytes32(x), bytes32(y)), i == 0, "PasskeyVerifier");
        }
    }
}
