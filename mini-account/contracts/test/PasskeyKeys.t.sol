// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";

/// @notice The key hashes of P-256 and WebAuthn keys (docs/spec/passkeys.md §2) and a mixed-scheme
///         account (a passkey owner, a passkey and a secp256k1 guardian) against the Java reference's
///         test-vectors/keystore-state-v1.json (its `passkeys` section).
contract PasskeyKeysTest is KeystoreTest {
    string internal json;

    function setUp() public {
        json = readProjectFile("../../test-vectors/keystore-state-v1.json");
    }

    function _key(string memory path) internal view returns (uint256 scheme, uint256 x, uint256 y) {
        bytes memory k = vm.parseJsonBytes(json, string.concat(path, ".publicKey"));
        assembly {
            x := mload(add(k, 0x21))
            y := mload(add(k, 0x41))
        }
        scheme = vm.parseJsonUint(json, string.concat(path, ".scheme"));
    }

    function test_passkeyKeyHashesAreTheJavaReferences() public view {
        uint256 n;
        while (vm.keyExistsJson(json, jsonPath(".passkeys.keys", n, ""))) {
            string memory p = jsonPath(".passkeys.keys", n, "");
            (uint256 scheme, uint256 x, uint256 y) = _key(p);
            assertTrue(
                scheme == KeystoreProtocol.KEY_SCHEME_P256 || scheme == KeystoreProtocol.KEY_SCHEME_WEBAUTHN, "scheme"
            );
            assertEq(
                KeystoreProtocol.keyHashOfScheme(scheme, x, y),
                vm.parseJsonUint(json, string.concat(p, ".keyHash")),
                vm.parseJsonString(json, string.concat(p, ".label"))
            );
            n++;
        }
        assertEq(n, 4, "passkey vectors");
    }

    function test_keyHashOfSchemeOneIsKeyHash() public view {
        (, uint256 x, uint256 y) = _key(".passkeys.keys[0]");
        assertEq(KeystoreProtocol.keyHashOfScheme(1, x, y), KeystoreProtocol.keyHash(x, y), "scheme 1");
    }

    function test_mixedSchemeAccountHashesToItsAddress() public view {
        string memory a = ".passkeys.mixedAccount";
        string memory c = string.concat(a, ".initialConfig");
        (uint256 scheme, uint256 x, uint256 y) = _key(string.concat(c, ".owner"));
        uint256 ownerKeyHash = KeystoreProtocol.keyHashOfScheme(scheme, x, y);
        assertEq(ownerKeyHash, vm.parseJsonUint(json, string.concat(c, ".ownerKeyHash")), "owner key hash");
        uint256[4] memory g;
        for (uint256 i; i < 2; i++) {
            (uint256 s, uint256 gx, uint256 gy) = _key(jsonPath(string.concat(c, ".guardians"), i, ""));
            g[i] = KeystoreProtocol.keyHashOfScheme(s, gx, gy);
        }
        uint256 guardianSetHash = KeystoreProtocol.guardianSetHash(
            vm.parseJsonUint(json, string.concat(c, ".threshold")),
            vm.parseJsonUint(json, string.concat(c, ".recoveryDelay")),
            g
        );
        assertEq(guardianSetHash, vm.parseJsonUint(json, string.concat(c, ".guardianSetHash")), "guardian set hash");
        uint256 rules = vm.parseJsonUint(json, string.concat(c, ".spendingRulesHash"));
        uint256 salt = vm.parseJsonUint(json, string.concat(a, ".salt"));
        assertEq(
            KeystoreProtocol.initialAddress(salt, ownerKeyHash, guardianSetHash, rules),
            uint256(uint160(vm.parseJsonAddress(json, string.concat(a, ".address")))),
            "address"
        );
    }
}
